import { describe, expect, it } from 'vitest';
import { decodeState } from '$lib/ui/url-state';
import {
	AXES,
	derivativeSchema,
	derivativeView,
	f,
	finiteDifference,
	formatEps,
	lineAcross,
	pointText,
	pointX,
	valueAndSlope,
	viewport
} from './derivative';

describe('the derivative of x³/3 − x', () => {
	it('gets its slope from backward(), and it matches x² − 1', () => {
		for (const x of [-2, -1, 0, 0.5, 1.2, 2.3]) {
			const { value, slope } = valueAndSlope(x);
			expect(value).toBeCloseTo(x ** 3 / 3 - x, 5);
			expect(slope).toBeCloseTo(x * x - 1, 5);
		}
	});

	it('has a flat tangent at x = ±1', () => {
		expect(Math.abs(valueAndSlope(1).slope)).toBeLessThan(1e-6);
		expect(Math.abs(valueAndSlope(-1).slope)).toBeLessThan(1e-6);
	});

	it('sees the finite difference converge to the derivative as ε shrinks', () => {
		for (const x of [-1.7, 0.5, 1.2]) {
			const slope = valueAndSlope(x).slope;
			const gaps = [1, 0.1, 0.01].map((eps) => Math.abs(finiteDifference(x, eps) - slope));
			expect(gaps[1]!).toBeLessThan(gaps[0]!);
			expect(gaps[2]!).toBeLessThan(gaps[1]!);
			expect(gaps[2]!).toBeLessThan(0.05);
			// At ε = 10⁻⁴ float32 rounding, not the curve, limits the agreement.
			expect(Math.abs(finiteDifference(x, 1e-4) - slope)).toBeLessThan(0.01);
		}
	});

	it('draws the secant closing in on the tangent', () => {
		const wide = derivativeView({ x: 1.2, eps: 1 });
		const narrow = derivativeView({ x: 1.2, eps: 1e-3 });
		const tilt = (v: typeof wide) => Math.abs(v.secant.y2 - v.tangent.y2);
		expect(tilt(narrow)).toBeLessThan(tilt(wide) / 100);
		expect(wide.point).toEqual(viewport.toSvg([1.2, f(1.2)]));
	});

	it('draws a line through its point with the right slope', () => {
		const line = lineAcross(0, 0, 1);
		const [, y0] = viewport.toSvg([viewport.bounds.x0, viewport.bounds.x0]);
		expect(line.y1).toBeCloseTo(y0, 9);
	});

	it('reads its state from a shared link and ignores nonsense', () => {
		expect(
			decodeState(
				new URLSearchParams('derivative.x=-0.5&derivative.eps=0.01'),
				'derivative',
				derivativeSchema
			)
		).toEqual({ x: -0.5, eps: 0.01 });
		expect(
			decodeState(
				new URLSearchParams('derivative.x=7&derivative.eps=0'),
				'derivative',
				derivativeSchema
			)
		).toEqual({ x: 1.2, eps: 0.8 });
	});
});

describe('what FIG.07 prints', () => {
	it('writes ε with two significant digits, in exponent form below 0.01', () => {
		expect(formatEps(0.8)).toBe('0.8');
		expect(formatEps(0.13335)).toBe('0.13');
		expect(formatEps(0.01)).toBe('0.01');
		expect(formatEps(0.0013335)).toBe('1.3e−3');
		expect(formatEps(1e-4)).toBe('1e−4');
	});

	it('keeps the dragged point in range and to two decimals', () => {
		expect(pointX(1.23456)).toBe(1.23);
		expect(pointX(-0.10000000000000003)).toBe(-0.1);
		expect(pointX(9)).toBe(2.4);
		expect(pointX(-9)).toBe(-2.4);
	});

	it('tells a screen reader where the point is on the curve', () => {
		expect(pointText(1.2)).toBe('x = 1.20, f(x) = −0.624');
	});

	it('labels the ticks with whole numbers and a real minus sign', () => {
		expect(AXES.ticks.map((t) => t.label)).toEqual(['−2', '−1', '1', '2']);
		expect(AXES.ticks[0]!.x).toBe(viewport.toSvg([-2, 0])[0]);
	});
});
