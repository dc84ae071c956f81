import { describe, expect, it } from 'vitest';
import {
	decimalsOf,
	formatCount,
	describeNonFinite,
	formatFixed,
	formatNumber,
	formatSignificant,
	MINUS
} from './format';

describe('formatNumber', () => {
	it('shows two decimal places by default', () => {
		expect(formatNumber(3.14159)).toBe('3.14');
		expect(formatNumber(2)).toBe('2.00');
	});

	it('honours the requested number of digits', () => {
		expect(formatNumber(3.14159, 4)).toBe('3.1416');
		expect(formatNumber(12.7, 0)).toBe('13');
	});

	it('uses the real minus sign for negative numbers', () => {
		expect(formatNumber(-1.5)).toBe(`${MINUS}1.50`);
		expect(formatNumber(-1.5)).not.toContain('-');
	});

	it('shows NaN as NaN', () => {
		expect(formatNumber(NaN)).toBe('NaN');
	});

	it('shows infinities with the infinity sign and a real minus', () => {
		expect(formatNumber(Infinity)).toBe('∞');
		expect(formatNumber(-Infinity)).toBe('\u2212∞');
	});

	it('shows negative zero as plain zero', () => {
		expect(formatNumber(-0)).toBe('0.00');
		expect(formatNumber(-0, 0)).toBe('0');
	});

	it('switches to exponent form for very large magnitudes', () => {
		expect(formatNumber(12345678)).toBe('1.23e7');
		expect(formatNumber(-12345678)).toBe(`${MINUS}1.23e7`);
		expect(formatNumber(Number.MAX_VALUE)).toBe('1.80e308');
	});

	it('keeps numbers under a million in fixed form', () => {
		expect(formatNumber(999999.5, 1)).toBe('999999.5');
	});

	it('switches to exponent form when fixed form would hide every significant digit', () => {
		expect(formatNumber(0.00042)).toBe(`4.20e${MINUS}4`);
		expect(formatNumber(-0.00042)).toBe(`${MINUS}4.20e${MINUS}4`);
		expect(formatNumber(5e-324)).toBe(`4.94e${MINUS}324`);
	});

	it('switches to exponent form only when fixed form would round a non-zero value to zero', () => {
		expect(formatNumber(0.004)).toBe(`4.00e${MINUS}3`);
		expect(formatNumber(0.006)).toBe('0.01');
		expect(formatNumber(0.071, 1)).toBe('0.1');
	});

	it('keeps small numbers in fixed form when the digits can show them', () => {
		expect(formatNumber(0.01)).toBe('0.01');
		expect(formatNumber(0.00042, 5)).toBe('0.00042');
	});

	it('treats nonsense digit counts sensibly instead of throwing', () => {
		expect(formatNumber(1.23456, -3)).toBe('1');
		expect(formatNumber(1.5, NaN)).toBe('1.50');
		expect(formatNumber(1, 500)).toBe('1.00000000000000000000');
	});
});

describe('formatFixed', () => {
	it('never uses exponent form', () => {
		expect(formatFixed(0.004)).toBe('0.00');
		expect(formatFixed(12345678, 1)).toBe('12345678.0');
	});

	it('uses the real minus sign but never shows a signed zero', () => {
		expect(formatFixed(-1.25, 1)).toBe(`${MINUS}1.3`);
		expect(formatFixed(-0.04, 1)).toBe('0.0');
		expect(formatFixed(-0)).toBe('0.00');
	});

	it('shows non-finite values like formatNumber', () => {
		expect(formatFixed(NaN)).toBe('NaN');
		expect(formatFixed(-Infinity)).toBe(`${MINUS}∞`);
	});
});

describe('describeNonFinite', () => {
	it('returns null for ordinary numbers', () => {
		expect(describeNonFinite(0)).toBeNull();
		expect(describeNonFinite(-1e308)).toBeNull();
	});

	it('explains NaN as an undefined operation', () => {
		expect(describeNonFinite(NaN)).toMatch(/^Not a number/);
		expect(describeNonFinite(NaN)).toContain('0/0');
	});

	it('explains positive and negative infinity as overflow', () => {
		expect(describeNonFinite(Infinity)).toMatch(/overflowed.*largest/);
		expect(describeNonFinite(-Infinity)).toMatch(/overflowed.*most negative/);
	});
});

describe('decimalsOf', () => {
	it('counts the decimal places of a step', () => {
		expect(decimalsOf(1)).toBe(0);
		expect(decimalsOf(0.1)).toBe(1);
		expect(decimalsOf(0.05)).toBe(2);
		expect(decimalsOf(1e-3)).toBe(3);
		expect(decimalsOf(2.5)).toBe(1);
	});

	it('gives zero for steps that are not positive finite numbers', () => {
		expect(decimalsOf(0)).toBe(0);
		expect(decimalsOf(-0.1)).toBe(0);
		expect(decimalsOf(NaN)).toBe(0);
	});
});

describe('formatSignificant', () => {
	it('shows three significant digits without trailing zeros', () => {
		expect(formatSignificant(0.0031622)).toBe('0.00316');
		expect(formatSignificant(0.001)).toBe('0.001');
		expect(formatSignificant(250)).toBe('250');
		expect(formatSignificant(1)).toBe('1');
		expect(formatSignificant(12345)).toBe('12300');
	});

	it('uses exponent form for very small and very large magnitudes', () => {
		expect(formatSignificant(1.5e-7)).toBe(`1.5e${MINUS}7`);
		expect(formatSignificant(-2e9)).toBe(`${MINUS}2e9`);
		expect(formatSignificant(1e-4)).toBe('0.0001');
	});

	it('switches to exponent form sooner when asked, for a nudge ε on a log slider', () => {
		expect(formatSignificant(0.005, 2, { expBelow: 0.01 })).toBe(`5e${MINUS}3`);
		expect(formatSignificant(0.0056, 2, { expBelow: 0.01 })).toBe(`5.6e${MINUS}3`);
		expect(formatSignificant(0.01, 2, { expBelow: 0.01 })).toBe('0.01');
		expect(formatSignificant(0.8, 2, { expBelow: 0.01 })).toBe('0.8');
	});

	it('shows zero, negative zero and non-finite values plainly', () => {
		expect(formatSignificant(0)).toBe('0');
		expect(formatSignificant(-0)).toBe('0');
		expect(formatSignificant(NaN)).toBe('NaN');
		expect(formatSignificant(-Infinity)).toBe(`${MINUS}∞`);
	});
});

describe('formatCount', () => {
	it('groups thousands exactly as en-GB does, for counts of every size and sign', () => {
		const values = [0, 1, 12, 999, 1000, 8403, 12_345, 999_999, 1_000_000, 123_456_789, -4192];
		for (const n of values) expect(formatCount(n)).toBe(n.toLocaleString('en-GB'));
		expect(formatCount(1234.5)).toBe('1,234.5');
		expect(formatCount(Number.NaN)).toBe('NaN');
	});
});
