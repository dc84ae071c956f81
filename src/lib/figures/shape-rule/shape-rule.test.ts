import { describe, expect, it } from 'vitest';
import { decodeState } from '$lib/ui/url-state';
import {
	MAX_DIM,
	parseDim,
	shapeLayout,
	shapeSchema,
	shapeView,
	verdict,
	type ShapeState
} from './shape-rule';

const shapes = (m: number, n: number, n2: number, p: number): ShapeState => ({ m, n, n2, p });

describe('the shape rule', () => {
	it('opens on the prose example, 2×3 times 4×2, which has no product', () => {
		const s = decodeState('', 'shapes', shapeSchema);
		expect(s).toEqual(shapes(2, 3, 4, 2));
		expect(verdict(s).ok).toBe(false);
	});

	it('names the disagreeing inner dimensions and says why no dot product exists', () => {
		const v = verdict(shapes(2, 3, 4, 2));
		expect(v.ok).toBe(false);
		expect(v.message).toContain('A has 3 columns but B has 4 rows (3 ≠ 4)');
		expect(v.message).toContain('a dot product needs two lists of the same length');
		if (!v.ok) expect(v.engineError).toMatch(/inner dimensions \(3 and 4\) must match/);
	});

	it('gives the m×p result and its cost m·n·p when the inner dimensions agree', () => {
		const v = verdict(shapes(2, 3, 3, 5));
		expect(v.ok).toBe(true);
		if (!v.ok) return;
		expect(v.shape).toEqual([2, 5]);
		expect(v.cost).toBe(30);
		expect(v.message).toContain('C = A · B is 2×5');
		expect(v.message).toContain('2 × 3 × 5 = 30 multiply-adds');
	});

	it('agrees with the engine for every shape from 1 to 8', () => {
		for (let n = 1; n <= MAX_DIM; n++)
			for (let n2 = 1; n2 <= MAX_DIM; n2++) expect(verdict(shapes(3, n, n2, 2)).ok).toBe(n === n2);
	});

	it('never throws on garbage input: it clamps or keeps the last value, and explains', () => {
		expect(parseDim('5', 3)).toEqual({ value: 5, note: null });
		expect(parseDim('', 3)).toEqual({ value: 3, note: 'not a number, so the figure keeps 3' });
		expect(parseDim('abc', 4).value).toBe(4);
		expect(parseDim('0', 3).value).toBe(1);
		expect(parseDim('-7', 3).note).toMatch(/at least 1 row/);
		expect(parseDim('1e308', 3)).toMatchObject({
			value: 8,
			note: expect.stringMatching(/stops at 8/)
		});
		expect(parseDim('Infinity', 3).value).toBe(8);
		expect(parseDim('-Infinity', 3).value).toBe(1);
		expect(parseDim('2.6', 3)).toEqual({ value: 3, note: 'sizes are whole numbers: using 3' });
		for (const raw of ['', 'NaN', ' ', '--1', '0x10', '9'.repeat(400)]) {
			const { value } = parseDim(raw, 2);
			expect(Number.isInteger(value) && value >= 1 && value <= MAX_DIM).toBe(true);
		}
	});

	it('draws the matrices as rectangles in proportion to their shapes', () => {
		const l = shapeLayout(shapes(2, 3, 3, 4));
		expect(l.A.width / l.A.height).toBeCloseTo(3 / 2);
		expect(l.B.width / l.B.height).toBeCloseTo(4 / 3);
		expect(l.C!.width / l.C!.height).toBeCloseTo(4 / 2);
		expect(l.A.width / 3).toBeCloseTo(l.unit);
		expect(shapeLayout(shapes(2, 3, 4, 2)).C).toBeNull();
	});

	it('fits the largest shapes inside the drawing', () => {
		const l = shapeLayout(shapes(8, 8, 8, 8));
		expect(l.C!.x + l.C!.width).toBeLessThanOrEqual(l.width);
		expect(l.A.y + l.A.height).toBeLessThanOrEqual(l.height);
	});

	it('ignores out-of-range sizes in a shared link', () => {
		expect(decodeState('shapes.m=0&shapes.n=99&shapes.p=x', 'shapes', shapeSchema)).toEqual(
			shapes(2, 3, 4, 2)
		);
	});
});

describe('what FIG.05 prints', () => {
	it('describes a mismatch in words and draws no C', () => {
		const view = shapeView(shapes(2, 3, 4, 2));
		expect(view.label).toBe('Drawn to scale: A is 2×3, B is 4×2, and there is no product');
		expect(view.resultText).toBe('does not exist');
		expect(view.cost).toBe('none');
		expect(view.matrices.map((mx) => mx.name)).toEqual(['A', 'B']);
	});

	it('gives the shape and cost of a product that exists', () => {
		const view = shapeView(shapes(2, 3, 3, 5));
		expect(view.label).toBe('Drawn to scale: A is 2×3, B is 3×5, C is 2×5');
		expect(view.resultText).toBe('2×5');
		expect(view.cost).toBe(30);
	});

	it('labels each rectangle with its rows and columns, marking the inner pair', () => {
		const [a, b, c] = shapeView(shapes(2, 3, 3, 5)).matrices;
		expect([
			a!.left.text,
			a!.top.text,
			b!.left.text,
			b!.top.text,
			c!.left.text,
			c!.top.text
		]).toEqual(['2', '3', '3', '5', '2', '5']);
		expect([a!.top.inner, b!.left.inner]).toEqual([true, true]);
		expect([a!.left.inner, b!.top.inner, c!.left.inner, c!.top.inner]).toEqual([
			false,
			false,
			false,
			false
		]);
		expect(a!.top.y).toBe(a!.rect.y - 6);
		expect(a!.left.x).toBe(a!.rect.x - 6);
	});
});
