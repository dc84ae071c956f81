// The chain-rule figure's state and maths: f(x) = tanh(a·x)², three engine ops in a row. Each
// op's local slope comes from its own one-op backward(); their product is checked against the
// gradient backward() finds through the whole chain.

import { mul, square, tanh, tensor, type Tensor } from '$lib/engine';
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
		'The chain rule: the slope of a chain is the product of its links’ local slopes, exactly what backward() computes',
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
