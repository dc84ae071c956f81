import { describe, expect, it } from 'vitest';
import { Viewport } from '$lib/ui/drag';
import { decodeState } from '$lib/ui/url-state';
import {
	GRID,
	STRETCH,
	STRETCH_LABEL,
	WORDS,
	rank,
	scaleQuery,
	searchLayout,
	searchSchema,
	searchView,
	topMatchText
} from './vector-search';

const order = (q: number[], stretch = 'none') => rank(q, stretch).rows.map((r) => r.word);
const rawOrder = (q: number[], stretch = 'none') =>
	[...rank(q, stretch).rows].sort((a, b) => a.dotRank - b.dotRank).map((r) => r.word);

describe('vector search by cosine similarity', () => {
	it('has at least six labelled words of different lengths', () => {
		expect(WORDS.length).toBeGreaterThanOrEqual(6);
		const lengths = WORDS.map((w) => Math.hypot(...w.vector));
		expect(Math.max(...lengths) / Math.min(...lengths)).toBeGreaterThan(2);
	});

	it('ranks the word closest in direction first, with cos θ from the engine', () => {
		const r = rank([0.9, 2.3], 'none');
		expect(r.top?.word).toBe('dog');
		const k = WORDS[2]!.vector;
		const expected = (0.9 * k[0] + 2.3 * k[1]) / (Math.hypot(...k) * Math.hypot(0.9, 2.3));
		expect(r.top?.cos).toBeCloseTo(expected, 5);
		expect(r.rows.map((row) => row.cosRank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('re-ranks when the query turns', () => {
		expect(order([2, 1.2])[0]).toBe('tiger');
		expect(order([3, 1])[0]).toBe('kitten');
		expect(order([-1, 1.5])[0]).toBe('bicycle');
		expect(order([-2, 1.2])[0]).toBe('car');
		expect(order([0, -3])[0]).toBe('apple');
		expect(order([-1, -2])[0]).toBe('cake');
	});

	it('keeps the cosine ranking and scores when the query is scaled', () => {
		const q = [0.9, 2.3];
		const base = rank(q, 'none');
		for (const k of [0.25, 0.5, 2, 2.5]) {
			const scaled = rank([q[0]! * k, q[1]! * k], 'none');
			expect(scaled.rows.map((r) => r.word)).toEqual(base.rows.map((r) => r.word));
			scaled.rows.forEach((row, i) => {
				expect(row.cos).toBeCloseTo(base.rows[i]!.cos!, 5);
				expect(row.dot).toBeCloseTo(base.rows[i]!.dot * k, 4);
			});
		}
	});

	it('lets a long word win the raw dot product while cosine ranks by direction only', () => {
		expect(order([0.9, 2.3])[0]).toBe('dog');
		expect(rawOrder([0.9, 2.3])[0]).toBe('tiger');
	});

	it('moves a stretched word up the raw ranking but not the cosine ranking', () => {
		const q = [0.9, 2.3];
		const before = rank(q, 'none');
		const after = rank(q, 'dog');
		expect(after.rows.map((r) => r.word)).toEqual(before.rows.map((r) => r.word));
		const dog = (r: ReturnType<typeof rank>) => r.rows.find((row) => row.word === 'dog')!;
		expect(dog(before).dotRank).toBe(2);
		expect(dog(after).dotRank).toBe(1);
		expect(dog(after).cos).toBeCloseTo(dog(before).cos!, 5);
		expect(dog(after).dot).toBeCloseTo(dog(before).dot * STRETCH, 5);
	});

	it('explains a zero-length query instead of ranking by NaN', () => {
		const r = rank([0, 0], 'none');
		expect(r.top).toBeNull();
		expect(r.rows.every((row) => row.cos === null)).toBe(true);
		expect(r.rows.map((row) => row.word)).toEqual(WORDS.map((w) => w.word));
		expect(topMatchText(r)).toMatch(/zero length/);
	});

	it('doubles and halves the query only while it stays on the grid', () => {
		expect(scaleQuery([0.9, 2.3], 2)).toEqual([1.8, 4.6]);
		expect(scaleQuery([0.9, 2.3], 0.5)).toEqual([0.45, 1.15]);
		expect(scaleQuery([4, 1], 2)).toBeNull();
	});

	it('lays out every word as an arrow from the origin with its label beyond the tip', () => {
		const vp = new Viewport(GRID, { width: 400, height: 400 });
		const arrows = searchLayout('none', vp);
		expect(arrows).toHaveLength(WORDS.length);
		for (const a of arrows) {
			expect([a.x1, a.y1]).toEqual([200, 200]);
			expect(a.head.split(' ')).toHaveLength(3);
			expect(Math.hypot(a.lx - a.x1, a.ly - 5 - a.y1)).toBeGreaterThan(
				Math.hypot(a.x2 - a.x1, a.y2 - a.y1)
			);
		}
		for (const w of WORDS) {
			const stretched = searchLayout(w.word, vp).find((a) => a.word === w.word)!;
			for (const c of [stretched.x2, stretched.y2]) expect(c >= 0 && c <= 400).toBe(true);
		}
	});

	it('reads a shared link and ignores unknown words', () => {
		expect(decodeState('search.q=-1,2&search.stretch=car', 'search', searchSchema)).toEqual({
			q: [-1, 2],
			stretch: 'car'
		});
		expect(decodeState('search.stretch=__proto__', 'search', searchSchema).stretch).toBe('none');
	});
});

describe('what FIG.03 prints', () => {
	const vp = new Viewport(GRID, { width: 400, height: 400 }, 16);

	it('fills the table with scores as text and marks the stretched word', () => {
		const view = searchView({ q: [0.9, 2.3], stretch: 'tiger' }, vp);
		expect(view.topText).toBe('dog');
		expect(view.rows.filter((r) => r.top).map((r) => r.word)).toEqual(['dog']);
		expect(view.arrows.filter((a) => a.top).map((a) => a.word)).toEqual(['dog']);
		const tiger = view.rows.find((r) => r.word === 'tiger')!;
		expect(tiger.label).toBe('tiger (×1.5)');
		expect(tiger.cosText).toMatch(/^0\.\d{3}$/);
		expect(view.rows.find((r) => r.word === 'cake')!.dotText).toMatch(/^−\d+\.\d{2}$/);
		expect(STRETCH_LABEL).toBe('Make one word 1.5× longer');
	});

	it('shows dashes and no top match for a zero-length query', () => {
		const view = searchView({ q: [0, 0], stretch: 'none' }, vp);
		expect(view.topWord).toBeNull();
		expect(view.topCos).toBe('none');
		expect(view.rows.every((r) => r.cosText === '—')).toBe(true);
		expect(view.query.head).toBe('');
	});

	it('offers doubling and halving only while the query stays on the grid', () => {
		const view = searchView({ q: [4, 1], stretch: 'none' }, vp);
		expect(view.doubled).toBeNull();
		expect(view.halved).toEqual([2, 0.5]);
		expect(view.query.label).toEqual([view.query.x2 + 12, view.query.y2 + 22]);
	});
});
