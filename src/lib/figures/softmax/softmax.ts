// FIG.11's state and maths, plus the probability helpers the other §05 figures share:
// softmax at a temperature, entropy in bits, and a way to print a probability that never
// pretends it is exactly 0 or 1. Every probability comes from the engine's stable softmax.

import { div, logSoftmax, mul, noGrad, softmax, sum, tensor } from '$lib/engine';
import { formatSignificant, MINUS } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

/** The logit sliders' range. */
export const LOGIT_MIN = -10;
export const LOGIT_MAX = 10;
export const LOGIT_STEP = 0.1;

/**
 * The prose's (2.0, 1.0, 0.1) plus a negative fourth logit. At −5 it takes about 0.0006 and
 * leaves the first three at the prose's (0.659, 0.242, 0.099) to three decimals.
 */
export const SOFTMAX_DEFAULT = [2.0, 1.0, 0.1, -5.0] as const;

export const softmaxSchema = {
	z: field.numbers({
		min: LOGIT_MIN,
		max: LOGIT_MAX,
		length: SOFTMAX_DEFAULT.length,
		default: SOFTMAX_DEFAULT,
		digits: 1
	})
};

/** FIG.11: its id (also its URL namespace), number, caption and colour. */
export const softmaxFigure = defineFigure({
	id: 'softmax',
	number: 11,
	caption:
		'Softmax turns any scores into probabilities: every one positive, all of them summing to 1',
	branch: 'prob',
	schema: softmaxSchema
});

export type SoftmaxState = StateOf<typeof softmaxSchema>;

/** softmax(z / τ), by the engine. τ must be positive. */
export function probabilities(logits: readonly number[], tau = 1): number[] {
	if (!(tau > 0)) throw new RangeError(`temperature must be positive, got ${tau}`);
	return noGrad(() => Array.from(softmax(div(tensor([...logits]), tau)).data));
}

/**
 * Entropy of softmax(z / τ) in bits, −Σ p log₂ p, by the engine. It uses log-softmax rather
 * than log(p), so a probability that underflows to 0 contributes 0 instead of 0 · −∞ = NaN.
 */
export function entropyBits(logits: readonly number[], tau = 1): number {
	if (!(tau > 0)) throw new RangeError(`temperature must be positive, got ${tau}`);
	const nats = noGrad(() => {
		const scaled = div(tensor([...logits]), tau);
		return -sum(mul(softmax(scaled), logSoftmax(scaled))).item();
	});
	// Rounding can leave a certain distribution at −0.0000001 bits.
	return Math.max(0, nats / Math.LN2);
}

/** The index of the largest logit (the first one on a tie): greedy decoding's choice. */
export function argmax(xs: readonly number[]): number {
	let best = 0;
	for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
	return best;
}

/** Probabilities are shown to this many decimals between EDGE and 1 − EDGE. */
export const PROB_DIGITS = 3;
/** Closer than this to 0 or 1, three decimals would hide most of the value. */
const EDGE = 0.01;

/**
 * A probability as text that stays inside (0, 1) whenever the true value does. Three decimals
 * in the middle; below 0.01 in two significant digits ("0.0006", "4.5e−9", never "0.000");
 * above 0.99 as 1 minus the rest ("1 − 4.5e−9", never "1.000"), where `rest` is the sum of the
 * other probabilities, which keeps digits that a 32-bit p close to 1 has already rounded away.
 * A 32-bit probability can underflow to exactly 0; that is said rather than printed as 0.
 */
export function formatProbability(p: number, rest = 1 - p): string {
	if (!Number.isFinite(p)) return formatSignificant(p);
	if (p <= 0) return '< 1e−45';
	if (p < EDGE) return formatSignificant(p, 2);
	if (p > 1 - EDGE) return rest > 0 ? `1 ${MINUS} ${formatSignificant(rest, 2)}` : '≈ 1';
	return p.toFixed(PROB_DIGITS);
}

/** The sum of the others, for formatProbability: Σ_{j≠i} p_j. */
export function restOf(ps: readonly number[], i: number): number {
	let rest = 0;
	for (let j = 0; j < ps.length; j++) if (j !== i) rest += ps[j]!;
	return rest;
}

export interface ProbabilityRow {
	/** "Probability 2": the read-out's name, counted from 1. */
	label: string;
	logit: number;
	p: number;
	/** The read-out text (formatProbability). */
	text: string;
	/** Bar length in percent of the full track (p = 1 fills it). */
	width: number;
}

/** A logit as the sliders show it: one decimal, real minus sign. */
export function formatLogit(z: number): string {
	const s = z.toFixed(1);
	return Number(s) === 0 ? '0.0' : s.replace('-', MINUS);
}

/** One row per logit: its probability, the text to show, and the bar to draw. */
export function probabilityRows(logits: readonly number[], tau = 1): ProbabilityRow[] {
	const ps = probabilities(logits, tau);
	return ps.map((p, i) => ({
		label: `Probability ${i + 1}`,
		logit: logits[i]!,
		p,
		text: formatProbability(p, restOf(ps, i)),
		width: p * 100
	}));
}

/** Σ p, shown to four decimals: 1.0000 whatever the logits. */
export const SUM_DIGITS = 4;

export function total(ps: readonly number[]): number {
	return ps.reduce((s, p) => s + p, 0);
}

/** What FIG.11 shows for a state. */
export function softmaxView(state: SoftmaxState) {
	const rows = probabilityRows(state.z);
	const sum = total(rows.map((r) => r.p));
	const sumText = sum.toFixed(SUM_DIGITS);
	const parts = rows.map((r, i) => `p${i + 1} ${r.text}`);
	return {
		rows,
		sum,
		sumText,
		/** For the figure's one polite announcement. */
		summary: `${parts.join(', ')}; sum ${sumText}`
	};
}
