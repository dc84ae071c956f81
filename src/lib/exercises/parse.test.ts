import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_LENGTH, parseAnswer } from './parse';

const value = (text: string) => {
	const r = parseAnswer(text);
	if (!r.ok) throw new Error(`${text}: ${r.message}`);
	return r.value;
};
const message = (text: string) => {
	const r = parseAnswer(text);
	if (r.ok) throw new Error(`${text} should be refused, got ${r.value}`);
	return r.message;
};

describe('parseAnswer reads what a reader types', () => {
	it('plain numbers, decimals, exponents, a decimal comma and thousands', () => {
		expect(value('0.91')).toBe(0.91);
		expect(value('.5')).toBe(0.5);
		expect(value('1e-3')).toBe(0.001);
		expect(value('0,5')).toBe(0.5);
		expect(value('4,192')).toBe(4192);
		expect(value('102,784')).toBe(102784);
		expect(value('  42  ')).toBe(42);
	});

	it('fractions and expressions with the usual precedence', () => {
		expect(value('2/2.2')).toBeCloseTo(0.90909, 5);
		expect(value('1 + 2 * 3')).toBe(7);
		expect(value('(1 + 2) * 3')).toBe(9);
		expect(value('2^3^2')).toBe(512);
		expect(value('-2^2')).toBe(-4);
		expect(value('2 * -3')).toBe(-6);
		expect(value('8 / 4 / 2')).toBe(1);
		expect(value('3 - 2 - 1')).toBe(0);
	});

	it('functions and constants, as the lessons write them', () => {
		expect(value('-ln(0.659)')).toBeCloseTo(0.41703, 5);
		expect(value('ln(27)')).toBeCloseTo(3.2958, 4);
		expect(value('exp(0)')).toBe(1);
		expect(value('sqrt(10)')).toBeCloseTo(3.1623, 4);
		expect(value('√5')).toBeCloseTo(2.2361, 4);
		expect(value('2pi'.replace('2', '2*'))).toBeCloseTo(2 * Math.PI, 12);
		expect(value('π')).toBe(Math.PI);
		expect(value('e')).toBe(Math.E);
		expect(value('LN(E)')).toBe(1);
	});

	it('typographic signs: real minus, times, dot and divide', () => {
		expect(value('−0.341')).toBe(-0.341);
		expect(value('3 × 0.5')).toBe(1.5);
		expect(value('3 · 0.5')).toBe(1.5);
		expect(value('1 ÷ 4')).toBe(0.25);
	});
});

describe('parseAnswer refuses hostile or broken input with a message, never a throw', () => {
	it('empty input', () => {
		expect(message('')).toMatch(/Type a number/);
		expect(message('   ')).toMatch(/Type a number/);
	});

	it('unbalanced brackets', () => {
		expect(message('2/(3')).toMatch(/never closed/);
		expect(message('(1+2))')).toMatch(/no “\(” to close/);
		expect(message(')')).toMatch(/no “\(” to close/);
		expect(message('ln 2')).toMatch(/Expected “\(”/);
	});

	it('names that are not maths, including prototype names', () => {
		for (const bad of ['constructor', 'NaN', 'Infinity', 'alert(1)', 'toString', 'proto']) {
			expect(message(bad)).toMatch(/not a name this box knows/);
		}
		expect(message('__proto__')).toMatch(/“_” is not part of a number/);
	});

	it('characters that are not maths', () => {
		expect(message('2; drop table')).toMatch(/not part of a number/);
		expect(message('<script>')).toMatch(/not part of a number/);
		expect(message('1 % 2')).toMatch(/not part of a number/);
	});

	it('values that are infinite or undefined', () => {
		expect(message('1e999')).toMatch(/infinite/);
		expect(message('1/0')).toMatch(/infinite/);
		expect(message('ln(-1)')).toMatch(/no value/);
		expect(message('0/0')).toMatch(/no value/);
	});

	it('missing operands and trailing junk', () => {
		expect(message('2 +')).toMatch(/ends too soon/);
		expect(message('* 2')).toMatch(/missing before “\*”/);
		expect(message('2 3')).toMatch(/operator missing/);
	});

	it('huge or deeply nested input', () => {
		expect(message('1'.repeat(MAX_ANSWER_LENGTH + 1))).toMatch(/longer than/);
		expect(message('('.repeat(100) + '1' + ')'.repeat(99))).toMatch(/nested too deeply/);
		expect(message('-'.repeat(150) + '1')).toMatch(/nested too deeply/);
	});

	it('something that is not a string at all', () => {
		expect(parseAnswer(undefined as unknown as string).ok).toBe(false);
	});
});
