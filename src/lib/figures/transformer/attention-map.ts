// FIG.04's words and cells: every heat map as rows of cells with their accessible names, the
// detail line for the cell under the pointer, and the head size the note quotes. Pure, so node
// tests pin every string.

import { MODEL_PRESETS, type PresetId } from '$lib/engine';
import { formatNumber } from '$lib/ui/format';
import type { HeadMap } from '$lib/worker/protocol';
import { heatPercent } from './transformer';

/** What the worker answered for a typed name: its tokens as shown, and every head's map. */
export interface AttentionMaps {
	text: string;
	tokens: string[];
	layers: HeadMap[][];
}

/** The cell the reader points at or has focused. */
export interface ActiveCell {
	layer: number;
	head: number;
	/** The query's position (the row). */
	t: number;
	/** The key's position (the column). */
	s: number;
}

export interface AttentionMapState {
	/** The page's JavaScript has connected the session (false in the prerendered page). */
	connected: boolean;
	/** Why the typed name cannot be drawn, or null when it can. */
	problem: string | null;
	attention: AttentionMaps | null;
	/** The preset of the model that drew the maps. */
	preset: PresetId;
	active: ActiveCell | null;
}

export interface HeatCell extends ActiveCell {
	weight: number;
	/** q·k/√d before the softmax. */
	score: number | null | undefined;
	/** Colour strength, in percent. */
	heat: number;
	label: string;
}

export interface HeatLabel {
	/** The token as the model's vocabulary shows it (◆ for the start marker). */
	glyph: string;
	label: string;
}

export interface HeatMap {
	layer: number;
	head: number;
	caption: string;
	columns: HeatLabel[];
	/** One row per query; `null` above the diagonal, where a position may not look. */
	rows: (HeatLabel & { cells: (HeatCell | null)[] })[];
}

export interface AttentionMapView {
	/** '' when the name can be drawn. */
	problem: string;
	/** null while there is nothing to draw. */
	maps: HeatMap[] | null;
	/** What stands in for the maps when there are none ('' for nothing). */
	empty: string;
	/** Numbers per head, the d of 1/√d. */
	headSize: number;
	detail: string;
	/** Per head, where its weight goes on average: the figure's evidence for specialised heads. */
	focus: FocusLine[];
}

/** Where one head's weight goes, averaged over the rows where all three places differ. */
export interface HeadFocus {
	/** On the position itself: the diagonal. */
	itself: number;
	/** On the position just before. */
	previous: number;
	/** On the start marker, position 0. */
	start: number;
	/** How many rows the averages are over. */
	rows: number;
}

/** The first row whose own position, previous position and start marker are three places. */
const FIRST_FOCUS_ROW = 2;

/**
 * The share of one head's weight on the position itself, on the one before it and on the start
 * marker, averaged over rows 2 … T − 1 (in rows 0 and 1 those places coincide, so they would
 * count one weight twice). Null when the name is too short to have such a row.
 */
export function headFocus(weights: readonly (readonly number[])[]): HeadFocus | null {
	const rows = weights.length - FIRST_FOCUS_ROW;
	if (rows < 1) return null;
	let itself = 0;
	let previous = 0;
	let start = 0;
	for (let t = FIRST_FOCUS_ROW; t < weights.length; t++) {
		const row = weights[t]!;
		itself += row[t] ?? 0;
		previous += row[t - 1] ?? 0;
		start += row[0] ?? 0;
	}
	return { itself: itself / rows, previous: previous / rows, start: start / rows, rows };
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** One line of the read-out under the maps. */
export interface FocusLine {
	/** The output's id (and so a stable handle for tests). */
	id: string;
	label: string;
	value: string;
}

/** The read-out under the maps: each head's focus, or why there is none to give. */
function focusLines(maps: AttentionMaps | null): FocusLine[] {
	if (!maps) return [];
	const lines: FocusLine[] = [];
	for (const [l, heads] of maps.layers.entries()) {
		for (const [h, head] of heads.entries()) {
			const f = headFocus(head.weights);
			if (!f) continue;
			lines.push({
				id: `attention-focus-${l}-${h}`,
				label: `Layer ${l + 1}, head ${h + 1}`,
				value:
					`${percent(f.previous)} on the previous position, ${percent(f.itself)} on itself, ` +
					`${percent(f.start)} on the start marker`
			});
		}
	}
	return lines.length > 0
		? lines
		: [
				{
					id: 'attention-focus',
					label: 'Where the heads look',
					value: 'type at least two letters: the averages start at the second letter'
				}
			];
}

/** How the special glyphs of the vocabulary are read aloud. */
const SPOKEN: Record<string, string> = { '◆': 'start', '␣': 'space' };

/** A token as a screen reader should say it: the start marker as "start", a space as "space". */
export function spokenToken(glyph: string): string {
	return SPOKEN[glyph] ?? glyph;
}

export function headSize(preset: PresetId): number {
	const { nEmbd, nHead } = MODEL_PRESETS[preset];
	return nEmbd / nHead;
}

function heatMap(tokens: readonly string[], head: HeadMap, layer: number, h: number): HeatMap {
	return {
		layer,
		head: h,
		caption: `Layer ${layer + 1}, head ${h + 1}`,
		columns: tokens.map((glyph, s) => ({ glyph, label: `key ${s}: ${spokenToken(glyph)}` })),
		rows: head.weights.map((row, t) => ({
			glyph: tokens[t] ?? '',
			label: `query ${t}: ${spokenToken(tokens[t] ?? '')}`,
			cells: row.map((weight, s) =>
				s <= t
					? {
							layer,
							head: h,
							t,
							s,
							weight,
							score: head.scores[t]?.[s],
							heat: heatPercent(weight),
							label:
								`${spokenToken(tokens[t] ?? '')} looking at ${spokenToken(tokens[s] ?? '')}: ` +
								`weight ${formatNumber(weight, 2)}, row ${t + 1}, column ${s + 1}`
						}
					: null
			)
		}))
	};
}

function detailText(maps: AttentionMaps | null, active: ActiveCell | null): string {
	if (!maps || !active) return 'Hover over or focus a cell to see its score and weight.';
	const head = maps.layers[active.layer]?.[active.head];
	const weight = head?.weights[active.t]?.[active.s];
	const score = head?.scores[active.t]?.[active.s];
	if (weight === undefined || score === undefined || score === null) return '';
	const at = (i: number) => spokenToken(maps.tokens[i] ?? '');
	return (
		`Layer ${active.layer + 1}, head ${active.head + 1}: position ${active.t} (${at(active.t)}) ` +
		`looking at position ${active.s} (${at(active.s)}). ` +
		`Score q·k/√d = ${formatNumber(score, 3)}, softmax weight = ${formatNumber(weight, 3)}.`
	);
}

export function attentionMapView(s: AttentionMapState): AttentionMapView {
	const shown = s.problem === null ? s.attention : null;
	let empty = '';
	if (!shown) {
		if (!s.connected) {
			empty = 'The heat maps are computed by the model in your browser, so they need JavaScript.';
		} else if (s.problem === null) {
			empty = 'Waiting for the model…';
		}
	}
	return {
		problem: s.problem ?? '',
		maps: shown
			? shown.layers.flatMap((heads, l) =>
					heads.map((head, h) => heatMap(shown.tokens, head, l, h))
				)
			: null,
		empty,
		headSize: headSize(s.preset),
		detail: detailText(shown, s.active),
		focus: focusLines(shown)
	};
}
