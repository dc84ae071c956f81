import { describe, expect, it } from 'vitest';
import { LESSONS, lessonBySlug, lessonLabel, nextLesson } from './index';

describe('the lesson path', () => {
	it('numbers lessons 1, 2, … in order with unique slugs', () => {
		expect(LESSONS.map((l) => l.number)).toEqual(LESSONS.map((_, i) => i + 1));
		expect(new Set(LESSONS.map((l) => l.slug)).size).toBe(LESSONS.length);
	});

	it('labels a lesson with the course and its place on the path', () => {
		expect(lessonLabel(lessonBySlug('the-math-you-actually-need'))).toBe(
			'Trenchcoat · Lesson 1 of 2'
		);
	});

	it('names the working transformer as the lesson after the maths', () => {
		expect(nextLesson(lessonBySlug('the-math-you-actually-need'))?.slug).toBe(
			'a-working-transformer'
		);
	});

	it('refuses an unknown slug instead of returning undefined', () => {
		expect(() => lessonBySlug('nope')).toThrow(/nope/);
	});
});
