import { describe, expect, it } from 'vitest';
import { tanh } from '$lib/engine';
import { decodeState } from '$lib/ui/url-state';
import {
	chainSchema,
	chainView,
	formatMultiplier,
	formatValue,
	localSlope,
	mergeView,
	sumWrittenOut
} from './chain-rule';

describe('the chain rule through tanh(a·x)²', () => {
	it('shows the lesson’s example by default: slopes 3, 0.181, 1.810 and product 0.981', () => {
		expect(chainSchema.x.default).toBe(0.5);
		const view = chainView({ x: 0.5, a: 3 });
		expect(view.links.map((l) => l.slope.toFixed(3))).toEqual(['3.000', '0.181', '1.810']);
		expect(view.product.toFixed(3)).toBe('0.981');
		expect(view.gradient.toFixed(3)).toBe('0.981');
		expect(chainSchema.a.default).toBe(3);
	});

	it('multiplies its local slopes into exactly the gradient backward() returns', () => {
		for (const x of [-2, -0.73, 0, 0.5, 1.4])
			for (const a of [0.5, 1, 3, 5]) {
				const view = chainView({ x, a });
				expect(view.product).toBeCloseTo(view.gradient, 6);
			}
	});

	it('passes each link’s output on as the next link’s input', () => {
		const { links, value } = chainView({ x: 0.3, a: 2 });
		expect(links[0]!.outValue).toBe(links[1]!.inValue);
		expect(links[1]!.outValue).toBe(links[2]!.inValue);
		expect(links[2]!.outValue).toBe(value);
		expect(links[1]!.outValue).toBeCloseTo(Math.tanh(0.6), 6);
	});

	it('carries the gradient backwards, one local slope at a time', () => {
		const { links, gradient } = chainView({ x: 0.5, a: 3 });
		expect(links[2]!.upstream).toBe(1);
		expect(links[1]!.upstream).toBeCloseTo(links[2]!.slope, 6);
		expect(links[0]!.upstream).toBeCloseTo(links[2]!.slope * links[1]!.slope, 6);
		expect(links[0]!.upstream * links[0]!.slope).toBeCloseTo(gradient, 6);
	});

	it('finds tanh’s local slope 1 − tanh² by backward()', () => {
		expect(localSlope(tanh, 1.5)).toBeCloseTo(1 - Math.tanh(1.5) ** 2, 6);
	});

	it('reads its state from a shared link and ignores nonsense', () => {
		expect(
			decodeState(new URLSearchParams('chain.x=-1.25&chain.a=2'), 'chain', chainSchema)
		).toEqual({ x: -1.25, a: 2 });
		expect(decodeState(new URLSearchParams('chain.x=3&chain.a=x'), 'chain', chainSchema)).toEqual({
			x: 0.5,
			a: 3
		});
	});
});

describe('what FIG.08 prints', () => {
	it('writes the product out and says the two routes agree', () => {
		const view = chainView({ x: 0.5, a: 3 });
		expect(view.productText).toBe('= 3.000 × 0.181 × 1.810');
		expect(view.agree).toBe(true);
		expect(view.verdict).toBe(
			'They agree: the product of the local slopes is the gradient, 0.981.'
		);
		expect(view.links.map((l) => l.name)).toEqual(['multiply by 3', 'tanh', 'square']);
	});

	it('prints values to three decimals and the multiplier to one, with a real minus', () => {
		expect(formatValue(-0.3)).toBe('−0.300');
		expect(formatMultiplier(2.5)).toBe('2.5');
	});
});

describe('FIG.08 part two: gradients add where paths merge, g(x) = tanh(a·x) + x²', () => {
	it('finds each path’s product of slopes, and their sum is what backward() returns', () => {
		for (const x of [-2, -0.73, 0, 0.5, 1.4])
			for (const a of [0.5, 1, 3, 5]) {
				const view = mergeView({ x, a });
				expect(view.sum).toBeCloseTo(view.gradient, 6);
				const [tanhPath, squarePath] = view.paths;
				expect(tanhPath!.product).toBeCloseTo(a * (1 - Math.tanh(a * x) ** 2), 5);
				expect(squarePath!.product).toBeCloseTo(2 * x, 5);
			}
	});

	it('needs both paths: either one alone misses the gradient', () => {
		const view = mergeView({ x: 0.5, a: 3 });
		for (const path of view.paths)
			expect(Math.abs(path.product - view.gradient)).toBeGreaterThan(0.5);
	});

	it('gives the sum its slope of 1 on both inputs', () => {
		const view = mergeView({ x: -1.2, a: 2 });
		expect(view.paths.map((p) => p.slopes.at(-1))).toEqual([1, 1]);
	});

	it('shows the lesson’s example by default: 0.542 + 1.000 = 1.542', () => {
		const view = mergeView({ x: 0.5, a: 3 });
		expect(view.paths.map((p) => p.name)).toEqual(['through tanh', 'through the square']);
		expect(view.paths.map((p) => p.route)).toEqual([
			'x → multiply by 3 → tanh → add → g',
			'x → square → add → g'
		]);
		expect(view.paths.map((p) => p.slopesText)).toEqual([
			'= 3.000 × 0.181 × 1.000',
			'= 1.000 × 1.000'
		]);
		expect(view.sumText).toBe('= 0.542 + 1.000');
		expect(formatValue(view.gradient)).toBe('1.542');
		expect(view.verdict).toBe('They agree: where the paths meet, their gradients add, 1.542.');
		expect(view.value).toBeCloseTo(Math.tanh(1.5) + 0.25, 6);
	});
});

describe('what FIG.08’s second part prints', () => {
	it('writes a negative path as a subtraction, never as “+ −”', () => {
		expect(sumWrittenOut([1.461, -0.6])).toBe('1.461 − 0.600');
		expect(mergeView({ x: -0.3, a: 3 }).sumText).toBe('= 1.461 − 0.600');
	});
});
