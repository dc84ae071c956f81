import { describe, expect, it } from 'vitest';
import { LESSONS } from './index';
import { LESSON_DESCRIPTIONS, LESSON_MODULES } from './modules';

describe('lesson modules', () => {
	it('every published lesson has its markdown and a description, and only those', () => {
		const published = LESSONS.filter((l) => l.published).map((l) => l.slug);
		expect(Object.keys(LESSON_MODULES).sort()).toEqual([...published].sort());
		for (const slug of published) expect(LESSON_DESCRIPTIONS[slug]?.length).toBeGreaterThan(40);
	});
});
