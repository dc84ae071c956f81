// FIG.03's state and maths: a handful of 2-D "embeddings", a query the reader drags, and the
// words ranked by cosine similarity beside the raw dot product. The scores come from the engine:
// one matmul of the word matrix with the query, divided by the lengths.

import { div, matmul, mul, noGrad, reshape, sqrt, square, sum, tensor } from '$lib/engine';
import type { Bounds, Viewport } from '$lib/ui/drag';
import { formatNumber } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import { arrowHead } from '../plane/plane';

export const GRID: Bounds = { x0: -6, x1: 6, y0: -6, y1: 6 };

export interface Word {
	word: string;
	/** Made-up 2-D embedding: x ≈ "alive" (− machine), y ≈ "moves" (− is eaten). */
	vector: readonly [number, number];
}

/**
 * Lengths differ on purpose (tiger is twice as long as kitten): ranking by the raw dot product
 * rewards length, ranking by cosine does not, and the figure is there to show the difference.
 */
export const WORDS: readonly Word[] = [
	{ word: 'kitten', vector: [1.8, 0.8] },
	{ word: 'tiger', vector: [3.3, 2.3] },
	{ word: 'dog', vector: [1.9, 2.3] },
	{ word: 'car', vector: [-3.5, 2.0] },
	{ word: 'bicycle', vector: [-1.1, 1.9] },
	{ word: 'apple', vector: [1.1, -3.0] },
	{ word: 'cake', vector: [-2.1, -3.6] }
];

const WORD_NAMES = WORDS.map((w) => w.word) as [string, ...string[]];

/** How much longer "stretch" makes the chosen word (small enough to stay on the grid). */
export const STRETCH = 1.5;

export const searchSchema = {
	q: field.numbers({ length: 2, min: GRID.x0, max: GRID.x1, default: [0.9, 2.3], digits: 2 }),
	/** One word made STRETCH× longer (same direction), or none. */
	stretch: field.enum(['none', ...WORD_NAMES], 'none')
};

/** FIG.03: its id (also its URL namespace), number, caption and colour. */
export const searchFigure = defineFigure({
	id: 'search',
	number: 3,
	caption: 'Vector search: words ranked by cosine similarity to a query you drag',
	branch: 'linalg',
	schema: searchSchema
});

export type SearchState = StateOf<typeof searchSchema>;

/** A query shorter than this has no direction, so there is nothing to rank by. */
export const ZERO_QUERY = 1e-9;

export interface Row {
	word: string;
	/** The word's vector after any stretch. */
	vector: [number, number];
	/** null when the query has zero length. */
	cos: number | null;
	/** Raw dot product q · w. */
	dot: number;
	/** 1-based rank by cosine (ties keep list order). */
	cosRank: number;
	/** 1-based rank by raw dot product. */
	dotRank: number;
}

export interface Ranking {
	/** Sorted by cosine, best first (list order when the query has zero length). */
	rows: Row[];
	queryLength: number;
	/** The best match by cosine, or null when there is no ranking. */
	top: Row | null;
	/** The best match by raw dot product. */
	topByDot: Row;
}

/** The words as the figure uses them, with the stretched one made longer. */
export function wordVectors(stretch: string): [number, number][] {
	return WORDS.map((w) => {
		const f = w.word === stretch ? STRETCH : 1;
		return [w.vector[0] * f, w.vector[1] * f];
	});
}

function ranks(values: readonly number[]): number[] {
	const order = values.map((v, i) => i).sort((i, j) => values[j]! - values[i]! || i - j);
	const out = new Array<number>(values.length);
	order.forEach((i, r) => (out[i] = r + 1));
	return out;
}

/** Every word scored against query q, by cosine similarity and by raw dot product. */
export function rank(q: readonly number[], stretch: string): Ranking {
	const vectors = wordVectors(stretch);
	return noGrad(() => {
		const E = tensor(vectors); // [N, 2]
		const Q = tensor([...q], [2, 1]);
		const dots = reshape(matmul(E, Q), [vectors.length]);
		const lengths = sqrt(sum(square(E), 1));
		const queryLength = sqrt(sum(square(Q))).item();
		const dot = Array.from(dots.data);
		const zero = queryLength <= ZERO_QUERY;
		const cos = zero ? null : Array.from(div(dots, mul(lengths, queryLength)).data);
		const cosRanks = cos ? ranks(cos) : vectors.map((_, i) => i + 1);
		const dotRanks = ranks(dot);
		const rows: Row[] = vectors.map((vector, i) => ({
			word: WORDS[i]!.word,
			vector,
			cos: cos ? cos[i]! : null,
			dot: dot[i]!,
			cosRank: cosRanks[i]!,
			dotRank: dotRanks[i]!
		}));
		const byDot = [...rows].sort((r, s) => r.dotRank - s.dotRank);
		rows.sort((r, s) => r.cosRank - s.cosRank);
		return { rows, queryLength, top: zero ? null : rows[0]!, topByDot: byDot[0]! };
	});
}

/** The query scaled by k, if that stays on the grid; null otherwise. */
export function scaleQuery(q: readonly number[], k: number): [number, number] | null {
	const s: [number, number] = [q[0]! * k, q[1]! * k];
	const inside = s[0] >= GRID.x0 && s[0] <= GRID.x1 && s[1] >= GRID.y0 && s[1] <= GRID.y1;
	// Two decimals, like the URL: halving 0.05 again would leave crumbs no one can see.
	return inside ? [Number(s[0].toFixed(2)), Number(s[1].toFixed(2))] : null;
}

/**
 * The polite announcement: only the word, so it speaks when the winner changes, not on every
 * small move of the query (the scores are in the table).
 */
export function topMatchText(r: Ranking): string {
	return r.top ? r.top.word : 'none: the query has zero length';
}

export interface ArrowLayout {
	word: string;
	x1: number;
	y1: number;
	x2: number;
	y2: number;
	/** Arrowhead triangle, as an SVG points list. */
	head: string;
	/** Label position and anchor, just beyond the tip. */
	lx: number;
	ly: number;
	anchor: 'start' | 'end';
}

/** Screen positions for every word arrow (in WORDS order). */
export function searchLayout(stretch: string, vp: Viewport): ArrowLayout[] {
	const origin = vp.toSvg([0, 0]);
	return wordVectors(stretch).map((v, i) => {
		const tip = vp.toSvg(v);
		const len = Math.hypot(tip[0] - origin[0], tip[1] - origin[1]) || 1;
		const ux = (tip[0] - origin[0]) / len;
		const uy = (tip[1] - origin[1]) / len;
		return {
			word: WORDS[i]!.word,
			x1: origin[0],
			y1: origin[1],
			x2: tip[0],
			y2: tip[1],
			head: arrowHead(origin, tip),
			lx: tip[0] + ux * 10,
			ly: tip[1] + uy * 10 + 5,
			anchor: v[0] >= 0 ? 'start' : 'end'
		};
	});
}

/** The query's arrowhead is larger than the words': it is the one the reader drags. */
const QUERY_HEAD = 12;

export interface SearchRowView extends Row {
	/** The word, marked "(×1.5)" when it is the stretched one. */
	label: string;
	cosText: string;
	dotText: string;
	top: boolean;
}

/** What FIG.03 shows for a state, drawn in viewport vp. */
export function searchView(state: SearchState, vp: Viewport) {
	const ranking = rank(state.q, state.stretch);
	const topWord = ranking.top?.word ?? null;
	const origin = vp.toSvg([0, 0]);
	const tip = vp.toSvg([state.q[0] ?? 0, state.q[1] ?? 0]);
	const rows: SearchRowView[] = ranking.rows.map((row) => ({
		...row,
		label: row.word === state.stretch ? `${row.word} (×${STRETCH})` : row.word,
		cosText: row.cos === null ? '—' : formatNumber(row.cos, 3),
		dotText: formatNumber(row.dot, 2),
		top: row.word === topWord
	}));
	return {
		rows,
		topWord,
		topText: topMatchText(ranking),
		topCos: ranking.top?.cos ?? 'none',
		queryLength: ranking.queryLength,
		topByDot: ranking.topByDot.word,
		arrows: searchLayout(state.stretch, vp).map((a) => ({ ...a, top: a.word === topWord })),
		query: {
			x1: origin[0],
			y1: origin[1],
			x2: tip[0],
			y2: tip[1],
			head: arrowHead(origin, tip, QUERY_HEAD),
			label: [tip[0] + 12, tip[1] + 22] as const
		},
		doubled: scaleQuery(state.q, 2),
		halved: scaleQuery(state.q, 0.5)
	};
}

export const STRETCH_LABEL = `Make one word ${STRETCH}× longer`;
/** No word stretched, or one of them. */
export const STRETCH_OPTIONS: readonly string[] = ['none', ...WORD_NAMES];
