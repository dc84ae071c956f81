// The chain-rule figure's state and maths, in two parts. Part one: f(x) = tanh(a·x)², three
// engine ops in a row. Each op's local slope comes from its own one-op backward(); their product
// is checked against the gradient backward() finds through the whole chain. Part two:
// g(x) = tanh(a·x) + x², where x feeds two paths that meet again at the sum. Each path's
// gradient is the product of its slopes, and x's gradient is the sum over both paths, which is
// what backward() finds on the engine graph.

import { add, mul, square, tanh, tensor, type Tensor } from '$lib/engine';
import { formatNumber } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

export const chainSchema = {
	x: field.number({ min: -2, max: 2, default: 0.5, digits: 2 }),
	a: field.number({ min: 0.5, max: 5, default: 3, digits: 1 })
};

/** FIG.08: its id (also its URL namespace), number, caption and colour. */
export const chainFigure = defineFigure({
	id: 'chain',
	number: 8,
	caption:
		'The chain rule: the slope of a chain is the product of its links’ local slopes, and where paths meet their products add, exactly what backward() computes',
	branch: 'calculus',
	schema: chainSchema
});
export type ChainState = StateOf<typeof chainSchema>;

export interface Link {
	/** What the op does, for the reader. */
	name: string;
	/** Symbols: the link maps `input` to `output`. */
	input: string;
	output: string;
	inValue: number;
	outValue: number;
	/** d output / d input at this point, from backward() through this op alone. */
	slope: number;
	/** df/d output: the gradient backward() has carried back to this link's output. */
	upstream: number;
}

export interface ChainView {
	links: Link[];
	value: number;
	/** The local slopes multiplied together. */
	product: number;
	/** "= 3.000 × 0.181 × 1.810": the product written out. */
	productText: string;
	/** df/dx from one backward() through the whole chain. */
	gradient: number;
	/** The product and the gradient print the same at the figure's three decimals. */
	agree: boolean;
	/** One sentence on whether they agree. */
	verdict: string;
}

/** Values, slopes and x as the figure prints them: three decimals. */
export const formatValue = (v: number): string => formatNumber(v, 3);
/** The multiplier a, one decimal like its slider's step. */
export const formatMultiplier = (a: number): string => formatNumber(a, 1);

/** The local slope of `op` at `at`: a one-op graph and its backward(). */
export function localSlope(op: (t: Tensor) => Tensor, at: number): number {
	const leaf = tensor([at], [1], { requiresGrad: true });
	op(leaf).backward();
	return leaf.grad![0]!;
}

export function chainView({ x, a }: ChainState): ChainView {
	const xt = tensor([x], [1], { requiresGrad: true });
	const u = mul(xt, a);
	const v = tanh(u);
	const out = square(v);
	out.backward();

	const scale = (t: Tensor) => mul(t, a);
	const steps: [string, string, string, (t: Tensor) => Tensor, Tensor, Tensor][] = [
		[`multiply by ${a}`, 'x', 'u', scale, xt, u],
		['tanh', 'u', 'v', tanh, u, v],
		['square', 'v', 'f', square, v, out]
	];
	const links = steps.map(([name, input, output, op, from, to]) => ({
		name,
		input,
		output,
		inValue: from.item(),
		outValue: to.item(),
		slope: localSlope(op, from.item()),
		upstream: to.grad![0]!
	}));
	const product = links.reduce((p, l) => p * l.slope, 1);
	const gradient = xt.grad![0]!;
	const agree = formatValue(product) === formatValue(gradient);
	return {
		links,
		value: out.item(),
		product,
		productText: `= ${links.map((l) => formatValue(l.slope)).join(' × ')}`,
		gradient,
		agree,
		verdict: agree
			? `They agree: the product of the local slopes is the gradient, ${formatValue(gradient)}.`
			: 'They differ in the last digit only because 32-bit rounding happened in a different order.'
	};
}

/* ---------------------------------------------------------------- part two ---- */

/** One path from x to g: the ops it goes through and the product of their slopes. */
export interface MergePath {
	/** "through tanh": how the reader tells the paths apart. */
	name: string;
	/** "x → square → add → g": the ops along the path. */
	route: string;
	/** Each op's local slope, from its own one-op backward(). */
	slopes: number[];
	/** "= 3.000 × 0.181 × 1.000": the product written out. */
	slopesText: string;
	product: number;
}

export interface MergeView {
	paths: MergePath[];
	value: number;
	/** The two paths' products added. */
	sum: number;
	/** "= 0.543 + 1.000": the sum written out. */
	sumText: string;
	/** dg/dx from one backward() through the graph, x used twice. */
	gradient: number;
	agree: boolean;
	verdict: string;
}

/** "0.542 + 1.000", or "1.461 − 0.600" when a later term is negative. */
export function sumWrittenOut(terms: readonly number[]): string {
	return terms
		.map((t, i) => {
			if (i === 0) return formatValue(t);
			return t < 0 ? `− ${formatValue(-t)}` : `+ ${formatValue(t)}`;
		})
		.join(' ');
}

/** g(x) = tanh(a·x) + x²: the value x reaches g by two paths, and their gradients add. */
export function mergeView({ x, a }: ChainState): MergeView {
	const xt = tensor([x], [1], { requiresGrad: true });
	const u = mul(xt, a);
	const v = tanh(u);
	const w = square(xt);
	const g = add(v, w);
	g.backward();

	// The sum's local slope with respect to one input, the other held fixed as a constant (so
	// this little backward() cannot reach x through it).
	const plusSlope = (at: Tensor, other: Tensor) =>
		localSlope((t) => add(t, tensor([other.item()], [1])), at.item());
	const through = (name: string, steps: [string, number][]): MergePath => {
		const slopes = steps.map(([, slope]) => slope);
		return {
			name,
			route: ['x', ...steps.map(([op]) => op), 'g'].join(' → '),
			slopes,
			slopesText: `= ${slopes.map(formatValue).join(' × ')}`,
			product: slopes.reduce((p, k) => p * k, 1)
		};
	};
	const paths = [
		through('through tanh', [
			[`multiply by ${a}`, localSlope((t) => mul(t, a), x)],
			['tanh', localSlope(tanh, u.item())],
			['add', plusSlope(v, w)]
		]),
		through('through the square', [
			['square', localSlope(square, x)],
			['add', plusSlope(w, v)]
		])
	];
	const sum = paths.reduce((total, p) => total + p.product, 0);
	const gradient = xt.grad![0]!;
	const agree = formatValue(sum) === formatValue(gradient);
	return {
		paths,
		value: g.item(),
		sum,
		sumText: `= ${sumWrittenOut(paths.map((p) => p.product))}`,
		gradient,
		agree,
		verdict: agree
			? `They agree: where the paths meet, their gradients add, ${formatValue(gradient)}.`
			: 'They differ in the last digit only because 32-bit rounding happened in a different order.'
	};
}
