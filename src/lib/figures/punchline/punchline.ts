// FIG.14's state, maths and layout: cross-entropy's gradient with respect to the logits, found
// by the chain rule. The loss is built from unfused engine ops, each with its own local gradient:
// log-softmax, then picking the true token's log-probability (a product with the one-hot y and a
// sum), then the mean and a minus sign. One backward() through them gives ∂L/∂z, and nothing on
// that route knows the answer. Beside it, p − y from the softmax and the one-hot truth. They
// agree, which is the lesson's punchline. (Training uses the fused crossEntropy, whose backward
// is p − y written by hand; punchline.test.ts holds it to this route.)

import { logSoftmax, mean, mul, neg, noGrad, sub, sum, tensor, type Tensor } from '$lib/engine';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import { formatNumber, formatSignificant } from '$lib/ui/format';
import { formatProbability, LOGIT_MAX, LOGIT_MIN, probabilities, restOf } from '../softmax/softmax';

/** The prose's logits and truth: the first token, so the gradient is (−0.341, 0.242, 0.099). */
export const PUNCHLINE_DEFAULT = [2.0, 1.0, 0.1] as const;
export const TOKENS = ['token 1', 'token 2', 'token 3'] as const;

export const punchlineSchema = {
	z: field.numbers({
		min: LOGIT_MIN,
		max: LOGIT_MAX,
		length: PUNCHLINE_DEFAULT.length,
		default: PUNCHLINE_DEFAULT,
		digits: 1
	}),
	/** Index of the true token. */
	truth: field.int({ min: 0, max: PUNCHLINE_DEFAULT.length - 1, default: 0 })
};

/** FIG.14: its id (also its URL namespace), number, caption and colour. */
export const punchlineFigure = defineFigure({
	id: 'punchline',
	number: 14,
	caption:
		'The punchline: backward() through log-softmax, picking the true token and the mean gives the logits a gradient equal to p − y',
	branch: 'prob',
	schema: punchlineSchema
});

export type PunchlineState = StateOf<typeof punchlineSchema>;

/** The two routes to ∂L/∂z agree to this, and the figure says "equal" when they do. */
export const EQUAL_TOLERANCE = 1e-6;
/** Gradients and p − y are shown to this many decimals. */
export const GRAD_DIGITS = 3;
/** The loss is shown to this many decimals. */
export const LOSS_DIGITS = 3;

export function oneHot(index: number, size: number): number[] {
	return Array.from({ length: size }, (_, i) => (i === index ? 1 : 0));
}

/**
 * The one op on the route whose local gradient is not a one-liner. Passed in, so a test can
 * hand the route a log-softmax with a broken backward and watch the figure say "differ".
 */
export interface RouteOps {
	logSoftmax: (x: Tensor) => Tensor;
}

export const ENGINE_OPS: RouteOps = { logSoftmax };

export interface ChainRoute {
	/** L = −log p(true). */
	loss: number;
	/** log p: the log-probabilities, log-softmax's output. */
	logP: number[];
	/** ∂L/∂(log p_true): what the mean and the minus sign send back (−1 for one example). */
	atPicked: number;
	/** ∂L/∂(log p): what arrives at log-softmax's output (−y: the pick lets only the truth through). */
	atLogP: number[];
	/** ∂L/∂z: what log-softmax's backward makes of it, at the logits. */
	grad: number[];
}

/**
 * ∂L/∂z by the chain rule, through unfused engine ops:
 *   log p = logSoftmax(z),   log p_true = Σ (log p · y),   L = −mean(log p_true)
 * and one L.backward(). Every intermediate tensor keeps the gradient that reached it.
 */
export function chainRuleGradient(
	z: readonly number[],
	truth: number,
	ops: RouteOps = ENGINE_OPS
): ChainRoute {
	const V = z.length;
	const logits = tensor([...z], [1, V], { requiresGrad: true });
	const logP = ops.logSoftmax(logits);
	const picked = sum(mul(logP, tensor(oneHot(truth, V), [1, V])), 1);
	const loss = neg(mean(picked));
	loss.backward();
	return {
		loss: loss.item(),
		logP: Array.from(logP.data),
		atPicked: picked.grad![0]!,
		atLogP: Array.from(logP.grad!),
		grad: Array.from(logits.grad!)
	};
}

/** p − y, from the softmax and the one-hot truth, with no calculus at all. */
export function predictedMinusTrue(z: readonly number[], truth: number) {
	const p = probabilities(z);
	const y = oneHot(truth, z.length);
	const diff = noGrad(() => Array.from(sub(tensor(p), tensor(y)).data));
	return { p, y, diff };
}

/** One stop of the backward pass: the op it goes back through and the gradient it leaves. */
export interface BackwardStop {
	id: 'loss' | 'picked' | 'logp' | 'logits';
	/** The tensor the gradient arrives at, as the lesson writes it. */
	at: string;
	/** The op whose local gradient produced it. */
	via: string;
	/** The read-out's accessible name. */
	label: string;
	/** The gradient, one number per entry, as printed. */
	text: string;
}

const vectorText = (xs: readonly number[]) =>
	`(${xs.map((x) => formatNumber(x, GRAD_DIGITS)).join(', ')})`;

/** The backward pass from L to the logits, one op at a time. */
export function backwardStops(route: ChainRoute): BackwardStop[] {
	return [
		{
			id: 'loss',
			at: 'L',
			via: 'backward() starts at the loss',
			label: 'Gradient at L, where backward() starts',
			text: formatNumber(1, GRAD_DIGITS)
		},
		{
			id: 'picked',
			at: 'log p(true)',
			via: 'back through the minus and the mean',
			label: 'Gradient at log p(true), after the minus and the mean',
			text: formatNumber(route.atPicked, GRAD_DIGITS)
		},
		{
			id: 'logp',
			at: 'log p',
			via: 'back through the pick (times y, then sum)',
			label: 'Gradient arriving at log p, after the pick',
			text: vectorText(route.atLogP)
		},
		{
			id: 'logits',
			at: 'z',
			via: 'back through log-softmax',
			label: 'Gradient at the logits z, after log-softmax',
			text: vectorText(route.grad)
		}
	];
}

export interface PunchlineRow {
	token: string;
	/** The token's number, counted from 1. */
	number: number;
	logit: number;
	p: number;
	pText: string;
	y: number;
	/** p − y, from p and y. */
	diff: number;
	diffText: string;
	/** ∂L/∂(log p): what backward() brings to log-softmax's output for this token. */
	atLogP: number;
	atLogPText: string;
	/** ∂L/∂z from the engine's backward(). */
	grad: number;
	gradText: string;
	isTrue: boolean;
}

/** What FIG.14 shows for a state; `ops` is for tests that break the route on purpose. */
export function punchlineView(state: PunchlineState, ops: RouteOps = ENGINE_OPS) {
	const { z, truth } = state;
	const route = chainRuleGradient(z, truth, ops);
	const { loss, grad } = route;
	const { p, y, diff } = predictedMinusTrue(z, truth);
	const rows: PunchlineRow[] = z.map((logit, i) => ({
		token: TOKENS[i] ?? `token ${i + 1}`,
		number: i + 1,
		logit,
		p: p[i]!,
		pText: formatProbability(p[i]!, restOf(p, i)),
		y: y[i]!,
		diff: diff[i]!,
		diffText: formatNumber(diff[i]!, GRAD_DIGITS),
		atLogP: route.atLogP[i]!,
		atLogPText: formatNumber(route.atLogP[i]!, GRAD_DIGITS),
		grad: grad[i]!,
		gradText: formatNumber(grad[i]!, GRAD_DIGITS),
		isTrue: i === truth
	}));
	const maxDiff = Math.max(...rows.map((r) => Math.abs(r.grad - r.diff)));
	const equal = maxDiff <= EQUAL_TOLERANCE;
	const trueRow = rows[truth]!;
	return {
		rows,
		stops: backwardStops(route),
		loss,
		pTrue: trueRow.p,
		maxDiff,
		maxDiffText: formatSignificant(maxDiff, 2),
		equal,
		equalText: equal ? 'equal ✓' : 'differ ✗',
		/** The loss worked out from the true token's probability. */
		lossNote: `Loss ${formatNumber(loss, LOSS_DIGITS)} = −ln(${trueRow.pText}): the surprise at the true token.`,
		summary:
			`True token ${truth + 1}: loss ${formatNumber(loss, LOSS_DIGITS)}; gradient ` +
			rows.map((r) => r.gradText).join(', ') +
			(equal ? '; equals p − y.' : '; differs from p − y.')
	};
}

// ---- Layout: the bar chart of p, y and p − y on one axis from −1 to 1 ----

export const CHART = { width: 360, height: 230, top: 14, bottom: 40, left: 34, right: 8 };

export type BarKind = 'p' | 'y' | 'grad';

export interface Bar {
	kind: BarKind;
	token: number;
	value: number;
	/** The bar's rectangle in SVG units, ready to spread onto a <rect>. */
	rect: { x: number; y: number; width: number; height: number };
}

export interface ChartLayout {
	bars: Bar[];
	/** y of the zero line, and of +1 and −1. */
	zero: number;
	plusOne: number;
	minusOne: number;
	/** Centre x of each token's group, for its label. */
	centres: number[];
	left: number;
	right: number;
	labelY: number;
}

/** Value in [−1, 1] → svg y (up is positive). */
function yOf(v: number): number {
	const { top, height, bottom } = CHART;
	const mid = top + (height - top - bottom) / 2;
	const half = (height - top - bottom) / 2;
	return mid - Math.max(-1, Math.min(1, v)) * half;
}

/** Pure layout: three bars per token (p, y, p − y) around a zero line. */
export function chartLayout(rows: readonly PunchlineRow[]): ChartLayout {
	const { width, left, right, height, bottom } = CHART;
	const group = (width - left - right) / rows.length;
	const barWidth = group / 4.5;
	const zero = yOf(0);
	const bars: Bar[] = [];
	const centres: number[] = [];
	rows.forEach((row, i) => {
		const centre = left + group * (i + 0.5);
		centres.push(centre);
		const values: [BarKind, number][] = [
			['p', row.p],
			['y', row.y],
			['grad', row.diff]
		];
		values.forEach(([kind, value], k) => {
			const x = centre + (k - 1) * barWidth * 1.15 - barWidth / 2;
			const end = yOf(value);
			bars.push({
				kind,
				token: i,
				value,
				rect: { x, y: Math.min(zero, end), width: barWidth, height: Math.abs(end - zero) }
			});
		});
	});
	return {
		bars,
		zero,
		plusOne: yOf(1),
		minusOne: yOf(-1),
		centres,
		left,
		right: width - right,
		labelY: height - bottom + 16
	};
}
