import { describe, expect, it } from 'vitest';
import { BRANCH_NAMES, defineFigure, figureCaption, figureHref, figureLabel } from './figure';

describe('figureLabel', () => {
	it('pads figure numbers to two digits', () => {
		expect(figureLabel(0)).toBe('FIG.00');
		expect(figureLabel(3)).toBe('FIG.03');
		expect(figureLabel(12)).toBe('FIG.12');
		expect(figureLabel(123)).toBe('FIG.123');
	});

	it('turns nonsense numbers into a valid label rather than "FIG.NaN"', () => {
		expect(figureLabel(NaN)).toBe('FIG.00');
		expect(figureLabel(-4)).toBe('FIG.00');
		expect(figureLabel(2.7)).toBe('FIG.02');
	});
});

describe('figureCaption', () => {
	it('joins label and caption with a spaced em dash', () => {
		expect(figureCaption(3, 'Vectors add tip to tail')).toBe(
			'FIG.03 \u2014 Vectors add tip to tail'
		);
	});
});

describe('figureHref', () => {
	it('keeps the query string and replaces the hash with the figure id', () => {
		expect(figureHref('https://x.org/lessons/maths/?fig-a.n=2&b=1#intro', 'fig-a')).toBe(
			'https://x.org/lessons/maths/?fig-a.n=2&b=1#fig-a'
		);
	});

	it('adds a hash when there was none', () => {
		expect(figureHref('https://x.org/', 'softmax')).toBe('https://x.org/#softmax');
	});
});

describe('BRANCH_NAMES', () => {
	it('names every branch', () => {
		expect(Object.keys(BRANCH_NAMES).sort()).toEqual(['calculus', 'linalg', 'prob']);
	});
});

describe('defineFigure', () => {
	it('keeps a spec whose id can be a URL namespace, frozen', () => {
		const spec = defineFigure({ id: 'next-token', number: 13, caption: 'c', schema: {} });
		expect(spec.id).toBe('next-token');
		expect(Object.isFrozen(spec)).toBe(true);
	});

	it('refuses an id that could not name a URL namespace or an element', () => {
		for (const id of ['a.b', 'Dot', '', '1x', 'x y']) {
			expect(() => defineFigure({ id, number: 1, caption: 'c', schema: {} }), id).toThrow(
				/lower-case letters, digits and hyphens/
			);
		}
	});
});
