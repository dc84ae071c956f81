// A heat strip: a small matrix from the model drawn as coloured cells, with every cell's exact
// value in its accessible name, and the arrow-key moves of its roving focus. Pure, so node tests
// pin the colours, the words and the moves; HeatStrip.svelte only draws what this returns.

import { formatNumber } from '$lib/ui/format';
import { spokenToken } from './attention-map';

/** The numbers behind a strip: `rows × cols`, row-major. */
export interface StripData {
	/** Names the strip ("queries, head 2"); also the start of every cell's accessible name. */
	label: string;
	rows: number;
	cols: number;
	values: ArrayLike<number>;
	/** What each row is ("◆ at 0"), as shown and as read aloud. */
	rowLabels: readonly StripLabel[];
	/** Column headers, when the columns are tokens (the logits); otherwise columns are numbered. */
	colLabels?: readonly StripLabel[];
	/** Columns per group (a head's share of the channels): a gap is drawn between groups. */
	group?: number;
}

export interface StripLabel {
	glyph: string;
	spoken: string;
}

export interface StripCell {
	/** −100 … 100: the value over the strip's largest magnitude, in percent (0 for −∞). */
	heat: number;
	/** −∞: a masked attention score, drawn hatched. */
	masked: boolean;
	/** The exact value as printed. */
	text: string;
	/** Row, column and value, as a screen reader announces the focused cell. */
	label: string;
}

export interface Strip {
	label: string;
	rows: number;
	cols: number;
	rowLabels: readonly StripLabel[];
	colLabels: readonly StripLabel[] | null;
	/** Indices of the columns that start a new group (after the first). */
	groupStarts: number[];
	/** Row-major. */
	cells: StripCell[];
	/** "largest magnitude 1.234": what a full-strength cell stands for. */
	scale: string;
}

/** Exact enough to compare two cells, short enough to read: four decimals. */
export const CELL_DIGITS = 4;

/** The label of row `t` of a sequence: its token and its position. */
export function positionLabel(glyph: string, t: number): StripLabel {
	return { glyph, spoken: `${spokenToken(glyph)} at position ${t}` };
}

export function heatStrip(data: StripData): Strip {
	const { rows, cols, values, label } = data;
	let largest = 0;
	for (let i = 0; i < rows * cols; i++) {
		const v = values[i]!;
		if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
	}
	const colLabels = data.colLabels ?? null;
	const cells: StripCell[] = [];
	for (let r = 0; r < rows; r++) {
		const row = data.rowLabels[r]?.spoken ?? `row ${r}`;
		for (let c = 0; c < cols; c++) {
			const v = values[r * cols + c]!;
			const masked = v === -Infinity;
			const text = masked ? 'masked (−∞)' : formatNumber(v, CELL_DIGITS);
			const column = colLabels ? `next ${colLabels[c]!.spoken}` : `number ${c + 1}`;
			cells.push({
				// `|| 0` turns the −0 of a tiny negative value into 0
				heat: masked || largest === 0 ? 0 : Math.round((v / largest) * 100) || 0,
				masked,
				text,
				label: `${row}, ${column}: ${text}`
			});
		}
	}
	const group = data.group ?? cols;
	const groupStarts: number[] = [];
	for (let c = group; c < cols; c += group) groupStarts.push(c);
	return {
		label,
		rows,
		cols,
		rowLabels: data.rowLabels,
		colLabels,
		groupStarts,
		cells,
		scale: `full colour = ±${formatNumber(largest, 3)}`
	};
}

/**
 * Where the focus goes from cell (row, col) on `key` in a rows × cols grid, or null for a key the
 * grid does not handle (Tab, letters): arrows move one cell and stop at the edges, Home and End
 * go to the ends of the row, Ctrl+Home and Ctrl+End to the first and last cells, Page Up and
 * Page Down to the top and bottom rows (the ARIA grid pattern's keys).
 */
export function moveCell(
	key: string,
	ctrl: boolean,
	at: { row: number; col: number },
	rows: number,
	cols: number
): { row: number; col: number } | null {
	const clamp = (v: number, n: number) => Math.min(Math.max(v, 0), n - 1);
	const { row, col } = at;
	switch (key) {
		case 'ArrowLeft':
			return { row, col: clamp(col - 1, cols) };
		case 'ArrowRight':
			return { row, col: clamp(col + 1, cols) };
		case 'ArrowUp':
			return { row: clamp(row - 1, rows), col };
		case 'ArrowDown':
			return { row: clamp(row + 1, rows), col };
		case 'Home':
			return ctrl ? { row: 0, col: 0 } : { row, col: 0 };
		case 'End':
			return ctrl ? { row: rows - 1, col: cols - 1 } : { row, col: cols - 1 };
		case 'PageUp':
			return { row: 0, col };
		case 'PageDown':
			return { row: rows - 1, col };
		default:
			return null;
	}
}
