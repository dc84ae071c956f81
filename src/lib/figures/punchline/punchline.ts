// FIG.14's state, maths and layout: cross-entropy's gradient with respect to the logits,
// computed twice. Once by the engine's autograd (crossEntropy, then backward()), once as
// p − y from the softmax and the one-hot truth. They agree, which is the lesson's punchline.

import { crossEntropy, noGrad, sub, tensor } from '$lib/engine';
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
		'The punchline: the gradient of the loss with respect to the logits, from the engine’s backward pass, equals p − y',
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

/** ∂L/∂z by autograd: L = crossEntropy(z, truth), then L.backward(). Also returns L. */
export function engineGradient(z: readonly number[], truth: number) {
	const logits = tensor([...z], [1, z.length], { requiresGrad: true });
	const loss = crossEntropy(logits, [truth]);
	loss.backward();
	return { loss: loss.item(), grad: Array.from(logits.grad!) };
}

/** p − y, from the softmax and the one-hot truth, with no calculus at all. */
export function predictedMinusTrue(z: readonly number[], truth: number) {
	const p = probabilities(z);
	const y = oneHot(truth, z.length);
	const diff = noGrad(() => Array.from(sub(tensor(p), tensor(y)).data));
	return { p, y, diff };
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
	/** ∂L/∂z from the engine's backward(). */
	grad: number;
	gradText: string;
	isTrue: boolean;
}

/** What FIG.14 shows for a state. */
export function punchlineView(state: PunchlineState) {
	const { z, truth } = state;
	const { loss, grad } = engineGradient(z, truth);
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
		grad: grad[i]!,
		gradText: formatNumber(grad[i]!, GRAD_DIGITS),
		isTrue: i === truth
	}));
	const maxDiff = Math.max(...rows.map((r) => Math.abs(r.grad - r.diff)));
	const equal = maxDiff <= EQUAL_TOLERANCE;
	const trueRow = rows[truth]!;
	return {
		rows,
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
