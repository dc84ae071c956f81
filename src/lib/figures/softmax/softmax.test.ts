import { describe, expect, it } from 'vitest';
import { Rng } from '$lib/engine';
import { decodeState } from '$lib/ui/url-state';
import {
	argmax,
	entropyBits,
	formatProbability,
	probabilities,
	probabilityRows,
	SOFTMAX_DEFAULT,
	softmaxSchema,
	softmaxView,
	total
} from './softmax';

const sumOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('softmax probabilities', () => {
	it('sum to 1 and lie in (0, 1) for random logits in the sliders’ range', () => {
		const rng = new Rng(11);
		for (let trial = 0; trial < 200; trial++) {
			const z = Array.from({ length: 4 + rng.int(3) }, () => rng.uniform() * 20 - 10);
			const p = probabilities(z);
			expect(sumOf(p)).toBeCloseTo(1, 6);
			for (const x of p) {
				expect(x).toBeGreaterThan(0);
				expect(x).toBeLessThan(1);
			}
		}
	});

	it('sum to 1 with no NaN or infinity for extreme logits of ±1e4', () => {
		for (const z of [
			[1e4, -1e4, 0, 5],
			[1e4, 1e4, -1e4, -1e4],
			[-1e4, -1e4, -1e4, -1e4]
		]) {
			const p = probabilities(z);
			expect(p.every(Number.isFinite)).toBe(true);
			expect(sumOf(p)).toBeCloseTo(1, 6);
		}
		expect(probabilities([1e4, 1e4, -1e4, -1e4])).toEqual([0.5, 0.5, 0, 0]);
		expect(probabilities([-1e4, -1e4, -1e4, -1e4])).toEqual([0.25, 0.25, 0.25, 0.25]);
	});

	it('give the prose’s (0.659, 0.242, 0.099) for the logits (2.0, 1.0, 0.1)', () => {
		expect(probabilities([2, 1, 0.1]).map((p) => p.toFixed(3))).toEqual([
			'0.659',
			'0.242',
			'0.099'
		]);
	});

	it('start the figure at the prose’s logits plus −5, which changes none of the three decimals', () => {
		expect(SOFTMAX_DEFAULT.slice(0, 3)).toEqual([2, 1, 0.1]);
		const rows = probabilityRows(SOFTMAX_DEFAULT);
		expect(rows.map((r) => r.text)).toEqual(['0.659', '0.242', '0.099', '0.0006']);
	});

	it('give a negative logit a small but positive probability', () => {
		const p = probabilities([10, -10, 0, 0]);
		expect(p[1]).toBeGreaterThan(0);
		expect(p[1]).toBeCloseTo(Math.exp(-20) / (1 + 2 * Math.exp(-10) + Math.exp(-20)), 12);
	});
});

describe('probability text', () => {
	it('shows the middle of the range to three decimals', () => {
		expect(formatProbability(0.6590011)).toBe('0.659');
		expect(formatProbability(0.5)).toBe('0.500');
	});

	it('shows a tiny probability in significant digits, never as 0.000', () => {
		expect(formatProbability(4.5e-9)).toBe('4.5e−9');
		expect(formatProbability(0.00042)).toBe('0.00042');
	});

	it('shows a probability near 1 as 1 minus the rest, never as 1.000', () => {
		expect(formatProbability(1, 4.5e-9)).toBe('1 − 4.5e−9');
		expect(formatProbability(0.9999)).toBe('1 − 0.0001');
	});

	it('keeps every read-out strictly inside (0, 1) at the sliders’ extremes', () => {
		const rows = probabilityRows([10, -10, -10, -10]);
		for (const r of rows) {
			expect(r.text).not.toMatch(/^(0\.000|1\.000|0|1)$/);
		}
		expect(rows[0]!.text).toMatch(/^1 − 6\.\de−9$/);
		expect(rows[1]!.text).toMatch(/^2\.\de−9$/);
	});
});

describe('FIG.11 view', () => {
	it('shows the sum as 1.0000 for the default and for extreme logits', () => {
		expect(softmaxView({ z: [...SOFTMAX_DEFAULT] }).sumText).toBe('1.0000');
		expect(softmaxView({ z: [10, -10, 10, -10] }).sumText).toBe('1.0000');
		expect(softmaxView({ z: [-10, -10, -10, 10] }).sumText).toBe('1.0000');
	});

	it('draws bars as long as their probabilities', () => {
		const rows = probabilityRows([0, 0, 0, 0]);
		expect(rows.map((r) => r.width)).toEqual([25, 25, 25, 25]);
		expect(total(rows.map((r) => r.p))).toBe(1);
	});

	it('reads its logits from a shared link and ignores out-of-range ones', () => {
		expect(decodeState('?softmax.z=1,2,3,-4', 'softmax', softmaxSchema).z).toEqual([1, 2, 3, -4]);
		expect(decodeState('?softmax.z=1,2,3,99', 'softmax', softmaxSchema).z).toEqual([
			...SOFTMAX_DEFAULT
		]);
		expect(decodeState('?softmax.z=1,2', 'softmax', softmaxSchema).z).toEqual([...SOFTMAX_DEFAULT]);
	});
});

describe('entropy and argmax', () => {
	it('uniform over 8 tokens carries exactly 3 bits', () => {
		expect(entropyBits(new Array(8).fill(0))).toBeCloseTo(3, 6);
		expect(entropyBits(new Array(8).fill(-7.5), 0.3)).toBeCloseTo(3, 6);
	});

	it('a fair coin is 1 bit and a certain outcome is 0 bits', () => {
		expect(entropyBits([4, 4])).toBeCloseTo(1, 6);
		expect(entropyBits([1e4, 0, 0])).toBe(0);
	});

	it('matches −Σ p log₂ p for the prose’s logits', () => {
		const p = probabilities([2, 1, 0.1]);
		const expected = -sumOf(p.map((x) => x * Math.log2(x)));
		expect(entropyBits([2, 1, 0.1])).toBeCloseTo(expected, 5);
	});

	it('picks the first of tied maxima', () => {
		expect(argmax([1, 3, 3, 2])).toBe(1);
		expect(argmax([-5])).toBe(0);
	});
});
