// FIG.13's state and maths: a context, eight candidate next tokens with fixed logits, and
// draws from softmax(z / τ) with the engine's seeded Rng.
//
// The draws are never stored. They are a pure function of (seed, τ, count), re-derived from
// scratch on every change, so a shared link carrying those three numbers reproduces exactly the
// same draws and the same tally.

import { Rng } from '$lib/engine';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import { argmax, formatLogit, formatProbability, probabilities, restOf } from '../softmax/softmax';
import { tauField } from '../temperature/temperature';

export const CONTEXT = 'the cat sat on the';

/** Plausible next-token scores after the context: made up, but in the order a model would give. */
export const VOCAB = [
	{ token: 'mat', logit: 3.0 },
	{ token: 'floor', logit: 2.2 },
	{ token: 'sofa', logit: 1.6 },
	{ token: 'roof', logit: 1.1 },
	{ token: 'table', logit: 0.8 },
	{ token: 'dog', logit: -0.2 },
	{ token: 'moon', logit: -1.5 },
	{ token: 'banana', logit: -3.0 }
] as const;

export const LOGITS: readonly number[] = VOCAB.map((v) => v.logit);

/** The most draws a figure keeps: enough for the tally to settle, cheap to re-derive. */
export const MAX_DRAWS = 10_000;
export const SEED_MAX = 999_999;
export const DEFAULT_SEED = 2024;

export const nextTokenSchema = {
	seed: field.int({ min: 1, max: SEED_MAX, default: DEFAULT_SEED }),
	tau: tauField(1),
	/** How many tokens have been drawn so far. */
	n: field.int({ min: 0, max: MAX_DRAWS, default: 0 })
};

/** FIG.13: its id (also its URL namespace), number, caption and colour. */
export const nextTokenFigure = defineFigure({
	id: 'next-token',
	number: 13,
	caption:
		'Sampling the next token: each draw picks a token with its softmax probability, and the tally settles towards those probabilities',
	branch: 'prob',
	schema: nextTokenSchema
});

export type NextTokenState = StateOf<typeof nextTokenSchema>;

/** The first `count` draws (token indices) for this seed and temperature. */
export function drawTokens(seed: number, tau: number, count: number): number[] {
	const p = probabilities(LOGITS, tau);
	const rng = new Rng(seed);
	const out: number[] = [];
	for (let i = 0; i < count; i++) out.push(rng.categorical(p));
	return out;
}

/** How many times each token was drawn. */
export function tally(draws: readonly number[], size = VOCAB.length): number[] {
	const counts = new Array<number>(size).fill(0);
	for (const d of draws) counts[d]!++;
	return counts;
}

/** A different seed, derived from the current one so the figure stays reproducible. */
export function nextSeed(seed: number): number {
	const rng = new Rng(seed ^ 0x5bd1e995);
	let s = seed;
	while (s === seed) s = rng.int(SEED_MAX) + 1;
	return s;
}

/** How many draws a "Sample k" press may add without passing MAX_DRAWS. */
export function drawsAllowed(count: number, k: number): number {
	return Math.max(0, Math.min(k, MAX_DRAWS - count));
}

/**
 * A share of the draws as text. Shares are exact fractions: 0 and 1 are shown as such, the rest
 * like probabilities so a share of 1 in 10,000 does not read as 0.000.
 */
export function formatShare(count: number, total: number): string {
	if (total === 0) return '—';
	if (count === 0) return '0';
	if (count === total) return '1';
	return formatProbability(count / total);
}

export interface TallyRow {
	token: string;
	logit: number;
	/** formatLogit(logit). */
	logitText: string;
	p: number;
	/** formatProbability(p). */
	pText: string;
	count: number;
	/** count / total, or 0 before any draw. */
	frequency: number;
	/** formatShare(count, total). */
	shareText: string;
	/** Bar lengths in percent of the track. */
	frequencyWidth: number;
	pAt: number;
	greedy: boolean;
}

/** How many recent draws the figure lists after the context. */
export const RECENT = 12;

/** The sampling buttons: how many tokens each draws. */
export const SAMPLE_SIZES = [1, 100] as const;

/** What FIG.13 shows for a state. */
export function nextTokenView(state: NextTokenState) {
	const { seed, tau, n } = state;
	const p = probabilities(LOGITS, tau);
	const draws = drawTokens(seed, tau, n);
	const counts = tally(draws);
	const greedy = argmax(LOGITS);
	const rows: TallyRow[] = VOCAB.map((v, i) => {
		const frequency = n > 0 ? counts[i]! / n : 0;
		return {
			token: v.token,
			logit: v.logit,
			logitText: formatLogit(v.logit),
			p: p[i]!,
			pText: formatProbability(p[i]!, restOf(p, i)),
			count: counts[i]!,
			frequency,
			shareText: formatShare(counts[i]!, n),
			frequencyWidth: frequency * 100,
			pAt: p[i]! * 100,
			greedy: i === greedy
		};
	});
	const last = draws.length ? VOCAB[draws[draws.length - 1]!]!.token : null;
	const recent = draws.slice(-RECENT).map((d) => VOCAB[d]!.token);
	return {
		rows,
		counts,
		total: n,
		last,
		/** The last draw for the read-out, and for the blank after the context. */
		lastText: last ?? 'none yet',
		blank: last ?? '…',
		recent,
		/** The draws after the context, oldest first: "mat · floor · mat". */
		recentText: recent.join(' · '),
		samplers: SAMPLE_SIZES.map((k) => ({
			k,
			label: `Sample ${k}`,
			/** The tally is full: MAX_DRAWS reached. */
			disabled: drawsAllowed(n, k) === 0
		})),
		summary:
			last === null
				? 'No tokens drawn yet.'
				: `Drew “${last}”. ${n} ${n === 1 ? 'draw' : 'draws'} so far.`
	};
}
