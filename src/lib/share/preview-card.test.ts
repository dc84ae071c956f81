import { describe, expect, it } from 'vitest';
import { CARD_SLUGS, cardFor, cardPath, HOME_CARD } from './cards';
import { cardGlyphs, escapeXml, previewCardSvg, wrapText } from './preview-card';
import { LESSONS } from '$content/lessons';

describe('wrapText', () => {
	it('fills lines greedily up to the width, word by word', () => {
		expect(wrapText('the math you actually need', 12, 3)).toEqual([
			'the math you',
			'actually',
			'need'
		]);
	});

	it('gives a word longer than a line a line of its own', () => {
		expect(wrapText('a backpropagation b', 5, 3)).toEqual(['a', 'backpropagation', 'b']);
	});

	it('stops the build, with a message, when the text does not fit', () => {
		expect(() => wrapText('one two three four', 4, 2)).toThrow(/needs 4 lines, more than 2/);
	});
});

describe('the card’s text', () => {
	it('avoids the glyphs its font lacks', () => {
		expect(cardGlyphs('Trenchcoat · Lesson 1 of 2…')).toBe('Trenchcoat — Lesson 1 of 2...');
	});

	it('escapes markup, so a title can never inject into the SVG', () => {
		expect(escapeXml(`<a href="x">&'`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
		const svg = previewCardSvg({ label: 'x', title: '<script>', text: 'a & b' });
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&#60;script&#62;');
	});

	it('draws the label, the title, the text and the tree', () => {
		const svg = previewCardSvg({ label: 'Lesson 1 of 2', title: 'Title', text: 'Some words' });
		expect(svg).toMatch(/^<svg [^>]*width="1200" height="630"/);
		expect(svg).toContain('>LESSON 1 OF 2<');
		expect(svg).toContain('>Title<');
		expect(svg).toContain('>Some words<');
		// 2^0 + … + 2^6 branches of FIG.00's tree
		expect(svg.match(/<line /g)).toHaveLength(127);
	});
});

describe('the cards', () => {
	it('exist for the home page and every published lesson, and fit', () => {
		const published = LESSONS.filter((l) => l.published).map((l) => l.slug);
		expect(CARD_SLUGS).toEqual([HOME_CARD, ...published]);
		for (const slug of CARD_SLUGS) expect(() => previewCardSvg(cardFor(slug)!)).not.toThrow();
	});

	it('say what the page says', () => {
		const lesson = LESSONS[0]!;
		expect(cardFor(lesson.slug)).toMatchObject({ title: lesson.title, text: lesson.promise });
		expect(cardFor('no-such-lesson')).toBeNull();
		expect(cardPath(lesson.slug)).toBe(`/og/${lesson.slug}.png`);
	});
});
