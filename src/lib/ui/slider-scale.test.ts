import { describe, expect, it } from 'vitest';
import { MINUS } from './format';
import { linearScale, logScale } from './slider-scale';

describe('linearScale', () => {
	it('passes values straight through as positions', () => {
		const s = linearScale(-1, 1, 0.1);
		expect([s.min, s.max, s.step]).toEqual([-1, 1, 0.1]);
		expect(s.toPosition(0.5)).toBe(0.5);
	});

	it('snaps positions to the step grid without float noise', () => {
		const s = linearScale(0, 1, 0.1);
		expect(s.toValue(0.30000000000000004)).toBe(0.3);
		expect(s.toValue(0.26)).toBe(0.3);
		expect(s.toValue(0.7)).toBe(0.7);
	});

	it('keeps the grid anchored at the minimum', () => {
		const s = linearScale(0.05, 1.05, 0.1);
		expect(s.toValue(0.16)).toBe(0.15);
	});

	it('clamps out-of-range values and sends NaN to the minimum', () => {
		const s = linearScale(0, 10, 1);
		expect(s.toPosition(42)).toBe(10);
		expect(s.toPosition(-3)).toBe(0);
		expect(s.toPosition(NaN)).toBe(0);
		expect(s.toValue(11)).toBe(10);
	});

	it('places values along the track as a fraction', () => {
		const s = linearScale(0, 4, 0.5);
		expect(s.fraction(1)).toBe(0.25);
		expect(s.fraction(9)).toBe(1);
	});

	it('formats values with as many decimals as the step has', () => {
		expect(linearScale(0, 1, 0.05).format(0.5)).toBe('0.50');
		expect(linearScale(-5, 5, 1).format(-3)).toBe(`${MINUS}3`);
	});

	it('falls back to a hundred steps when the step is not a positive number', () => {
		expect(linearScale(0, 2, 0).step).toBe(0.02);
		expect(linearScale(0, 2, NaN).step).toBe(0.02);
	});

	it('rejects an empty or non-finite range', () => {
		expect(() => linearScale(1, 1, 0.1)).toThrow(RangeError);
		expect(() => linearScale(0, Infinity, 0.1)).toThrow(RangeError);
	});
});

describe('logScale', () => {
	it('moves the input in log10 space', () => {
		const s = logScale(1e-4, 1);
		expect(s.min).toBe(-4);
		expect(s.max).toBe(0);
		expect(s.toPosition(0.01)).toBe(-2);
	});

	it('takes a whole number of steps per decade', () => {
		const s = logScale(1e-4, 1, 10);
		expect(s.step).toBeCloseTo(0.1, 12);
	});

	it('exposes values in linear units rounded to three significant digits', () => {
		const s = logScale(1e-4, 1);
		expect(s.toValue(-2)).toBe(0.01);
		expect(s.toValue(-2.5)).toBe(0.00316);
	});

	it('reaches both ends exactly even when the range is not a whole number of decades', () => {
		const s = logScale(0.002, 3, 20);
		expect(s.toValue(s.min)).toBe(0.002);
		expect(s.toValue(s.max)).toBe(3);
	});

	it('round-trips values on the grid', () => {
		const s = logScale(0.001, 10);
		for (const v of [0.001, 0.01, 0.1, 1, 10]) expect(s.toValue(s.toPosition(v))).toBe(v);
	});

	it('sends zero, negative and NaN values to the minimum', () => {
		const s = logScale(0.01, 100);
		expect(s.toPosition(0)).toBe(-2);
		expect(s.toPosition(-5)).toBe(-2);
		expect(s.toPosition(NaN)).toBe(-2);
		expect(s.fraction(0)).toBe(0);
	});

	it('places a value halfway in log space halfway along the track', () => {
		expect(logScale(0.01, 100).fraction(1)).toBeCloseTo(0.5, 12);
	});

	it('formats values with significant digits rather than fixed decimals', () => {
		expect(logScale(1e-4, 1).format(0.000316)).toBe('0.000316');
	});

	it('rejects a range that reaches zero', () => {
		expect(() => logScale(0, 1)).toThrow(RangeError);
	});
});
