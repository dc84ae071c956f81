import { describe, expect, it } from 'vitest';
import { Viewport } from '$lib/ui/drag';
import { decodeState } from '$lib/ui/url-state';
import {
	GRID,
	PERPENDICULAR_TOLERANCE,
	TOLERANCE_NOTE,
	analyse,
	dotLayout,
	dotSchema,
	dotView,
	vectorText
} from './dot-product';

describe('the dot product figure', () => {
	it('starts at the prose example: a = (3, 1), b = (1, 2), a · b = 5, 45° apart', () => {
		const state = decodeState('', 'dot', dotSchema);
		expect(state.a).toEqual([3, 1]);
		expect(state.b).toEqual([1, 2]);
		const r = analyse(state.a, state.b);
		expect(r.dot).toBe(5);
		expect(r.terms).toBe('3.0 × 1.0 + 1.0 × 2.0');
		expect(r.normA).toBeCloseTo(Math.sqrt(10), 5);
		expect(r.normB).toBeCloseTo(Math.sqrt(5), 5);
		expect(r.cos).toBeCloseTo(5 / Math.sqrt(50), 5);
		expect(r.angle).toBeCloseTo(45, 3);
		expect(r.verdict).toBe('aligned');
	});

	it('gives perpendicular vectors a dot product of 0 and the verdict "perpendicular"', () => {
		const r = analyse([3, 1], [-1, 3]);
		expect(r.dot).toBe(0);
		expect(r.angle).toBeCloseTo(90, 5);
		expect(r.verdict).toBe('perpendicular');
	});

	it('calls vectors opposing when the dot product is negative', () => {
		const r = analyse([3, 1], [-1, -2]);
		expect(r.dot).toBe(-5);
		expect(r.verdict).toBe('opposing');
		expect(r.angle).toBeCloseTo(135, 3);
		expect(r.terms).toBe('3.0 × (−1.0) + 1.0 × (−2.0)');
	});

	it('counts angles within the tolerance of a right angle as perpendicular, and no wider', () => {
		const nearly = (deg: number) => {
			const t = (deg * Math.PI) / 180;
			return analyse([1, 0], [Math.cos(t), Math.sin(t)]);
		};
		const edge = (Math.acos(PERPENDICULAR_TOLERANCE) * 180) / Math.PI;
		expect(nearly(90.3).verdict).toBe('perpendicular');
		expect(nearly(89.7).verdict).toBe('perpendicular');
		expect(nearly(edge - 0.1).verdict).toBe('aligned');
		expect(nearly(180 - edge + 0.1).verdict).toBe('opposing');
	});

	it('explains a zero-length vector instead of showing a NaN angle', () => {
		const r = analyse([0, 0], [1, 2]);
		expect(r.dot).toBe(0);
		expect(r.cos).toBeNull();
		expect(r.angle).toBeNull();
		expect(r.verdict).toBe('no direction');
		expect(r.explanation).toMatch(/a has zero length/);
		expect(r.projection).toBeNull();
		expect(analyse([1, 2], [0, 0]).explanation).toMatch(/b has zero length/);
		expect(analyse([0, 0], [0, 0]).explanation).toMatch(/Both a and b/);
	});

	it('projects b onto a along a, with length a · b / |a|', () => {
		const r = analyse([3, 1], [1, 2]);
		expect(r.projection![0]).toBeCloseTo(1.5, 5);
		expect(r.projection![1]).toBeCloseTo(0.5, 5);
	});

	it('keeps cos θ inside [−1, 1] for parallel vectors, so the angle is never NaN', () => {
		const r = analyse([0.1, 0.3], [0.3, 0.9]);
		expect(r.cos).toBeLessThanOrEqual(1);
		expect(Number.isNaN(r.angle)).toBe(false);
		expect(r.angle).toBeCloseTo(0, 1);
	});

	it('writes components with one decimal and a real minus sign', () => {
		expect(vectorText([-1.25, 2])).toBe('(−1.3, 2.0)');
	});

	it('lays the tips out on the grid and draws an angle arc only when there is an angle', () => {
		const vp = new Viewport(GRID, { width: 400, height: 400 });
		const layout = dotLayout([3, 1], [1, 2], analyse([3, 1], [1, 2]), vp);
		expect(layout.origin).toEqual([200, 200]);
		expect(layout.tipA).toEqual([320, 160]);
		expect(layout.vectors.map((v) => v.label)).toEqual([
			[332, 148],
			[252, 108]
		]);
		expect(layout.arc).toMatch(/^M /);
		expect(dotLayout([0, 0], [1, 2], analyse([0, 0], [1, 2]), vp).arc).toBeNull();
	});

	it('reads a shared link and ignores values off the grid', () => {
		const ok = decodeState('dot.a=-2,4&dot.projection=1', 'dot', dotSchema);
		expect(ok).toEqual({ a: [-2, 4], b: [1, 2], projection: true });
		const bad = decodeState('dot.a=99,0&dot.b=NaN,1', 'dot', dotSchema);
		expect(bad.a).toEqual([3, 1]);
		expect(bad.b).toEqual([1, 2]);
	});
});

describe('what FIG.02 prints', () => {
	const vp = new Viewport(GRID, { width: 400, height: 400 }, 16);

	it('prints the vectors, the angle and cos θ, and "none" when there is no angle', () => {
		const view = dotView({ a: [3, 1], b: [1, 2], projection: false }, vp);
		expect(view.aText).toBe('(3.0, 1.0)');
		expect(view.bText).toBe('(1.0, 2.0)');
		expect(view.angleText).toBe('45.0°');
		expect(view.cosValue).toBeCloseTo(Math.SQRT1_2, 6);
		const zero = dotView({ a: [0, 0], b: [1, 2], projection: true }, vp);
		expect(zero.angleText).toBe('none');
		expect(zero.cosValue).toBe('none');
		expect(zero.projectionFoot).toBeNull();
	});

	it('draws the projection only when it is switched on', () => {
		const off = dotView({ a: [3, 1], b: [1, 2], projection: false }, vp);
		const on = dotView({ a: [3, 1], b: [1, 2], projection: true }, vp);
		expect(off.projectionFoot).toBeNull();
		expect(on.projectionFoot).toEqual(on.layout.projectionFoot);
	});

	it('says what "perpendicular" means, with the angle worked out from the tolerance', () => {
		expect(TOLERANCE_NOTE).toBe(
			'Drag a tip, or focus it and use the arrow keys (0.1 a step, 1 with Shift). “Perpendicular” means |cos θ| ≤ 0.01, within about 0.6° of a right angle.'
		);
	});
});
