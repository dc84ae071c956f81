// FIG.04's state and maths: A (m×n) times B (n×p), small integer entries the reader edits, C
// computed by the engine's matmul, and any cell of C written out as the dot product it is.

import { matmul, mul, noGrad, sum, tensor } from '$lib/engine';
import { MINUS, formatNumber } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

/** Matrix sizes run from 1 to MAX_SIZE; entries are whole numbers from MIN_ENTRY to MAX_ENTRY. */
export const MAX_SIZE = 4;
export const MIN_ENTRY = -9;
export const MAX_ENTRY = 9;

const size = (d: number) => field.int({ min: 1, max: MAX_SIZE, default: d });
const entries = (d: number[]) =>
	field.numbers({
		min: MIN_ENTRY,
		max: MAX_ENTRY,
		default: d,
		maxItems: MAX_SIZE * MAX_SIZE,
		digits: 0
	});

/** Defaults are the lesson's worked example, so the figure opens on the numbers in the prose. */
export const matmulSchema = {
	m: size(2),
	n: size(3),
	p: size(2),
	/** Row-major, m×n. */
	A: entries([1, 2, 0, 0, 1, 3]),
	/** Row-major, n×p. */
	B: entries([2, 1, 1, 0, 4, 1])
};

/** FIG.04: its id (also its URL namespace), number, caption and colour. */
export const matmulFigure = defineFigure({
	id: 'matmul',
	number: 4,
	caption:
		'Matrix multiplication: every cell of C is one dot product, a row of A with a column of B',
	branch: 'linalg',
	schema: matmulSchema
});

export type MatmulState = StateOf<typeof matmulSchema>;

/**
 * Exactly rows×cols entries: a shared link whose list does not fit its sizes (hand-edited, or
 * from an older version) is padded with zeros or cut, rather than breaking the figure.
 */
export function fitEntries(values: readonly number[], rows: number, cols: number): number[] {
	const out = values.slice(0, rows * cols);
	while (out.length < rows * cols) out.push(0);
	return out;
}

/** A matrix resized to newRows×newCols, keeping every entry (i, k) that still exists. */
export function resizeMatrix(
	values: readonly number[],
	rows: number,
	cols: number,
	newRows: number,
	newCols: number
): number[] {
	const old = fitEntries(values, rows, cols);
	const out: number[] = [];
	for (let i = 0; i < newRows; i++)
		for (let k = 0; k < newCols; k++) out.push(i < rows && k < cols ? old[i * cols + k]! : 0);
	return out;
}

export type Dimension = 'm' | 'n' | 'p';

/**
 * The state after the reader changes one size. n is shared: it is A's column count and B's row
 * count, so changing it reshapes both.
 */
export function withSize(state: MatmulState, dim: Dimension, value: number): MatmulState {
	const v = Math.min(MAX_SIZE, Math.max(1, Math.round(Number.isFinite(value) ? value : 1)));
	const next = { ...state, [dim]: v };
	return {
		...next,
		A: resizeMatrix(state.A, state.m, state.n, next.m, next.n),
		B: resizeMatrix(state.B, state.n, state.p, next.n, next.p)
	};
}

/** C = A·B by the engine, as a row-major list of m·p numbers. */
export function product(state: MatmulState): number[] {
	const { m, n, p } = state;
	return noGrad(() => {
		const A = tensor(fitEntries(state.A, m, n), [m, n]);
		const B = tensor(fitEntries(state.B, n, p), [n, p]);
		return Array.from(matmul(A, B).data);
	});
}

export interface CellExplanation {
	i: number;
	j: number;
	/** Row i of A and column j of B. */
	row: number[];
	column: number[];
	/** "0 × 2 + 1 × 1 + 3 × 4" */
	terms: string;
	/** The sum of the products, by the engine. */
	value: number;
	/** "C₂₁ = row 2 of A · column 1 of B = 0 × 2 + 1 × 1 + 3 × 4 = 13" (1-based, like the prose). */
	text: string;
}

const int = (v: number) => (v < 0 ? `(${MINUS}${-v})` : String(v));
const plain = (v: number) => (v < 0 ? `${MINUS}${-v}` : String(v));

/** Cell (i, j) of C as the dot product of row i of A with column j of B (0-based i, j). */
export function explainCell(state: MatmulState, i: number, j: number): CellExplanation {
	const { m, n, p } = state;
	const ii = Math.min(m - 1, Math.max(0, i));
	const jj = Math.min(p - 1, Math.max(0, j));
	const A = fitEntries(state.A, m, n);
	const B = fitEntries(state.B, n, p);
	const row = A.slice(ii * n, ii * n + n);
	const column = Array.from({ length: n }, (_, k) => B[k * p + jj]!);
	const value = noGrad(() => sum(mul(tensor(row), tensor(column))).item());
	const terms = row.map((a, k) => `${int(a)} × ${int(column[k]!)}`).join(' + ');
	return {
		i: ii,
		j: jj,
		row,
		column,
		terms,
		value,
		text: `C${ii + 1},${jj + 1} = row ${ii + 1} of A · column ${jj + 1} of B = ${terms} = ${plain(value)}`
	};
}

export type CellInput = { ok: true; value: number } | { ok: false; reason: string };

/**
 * What the reader typed into a cell. A number input hands over '' for anything it cannot read
 * as a number, so "empty" also covers letters and stray symbols.
 */
export function parseCell(raw: string): CellInput {
	const text = raw.trim();
	if (text === '') return { ok: false, reason: 'is empty or not a number' };
	const v = Number(text);
	if (!Number.isFinite(v)) return { ok: false, reason: 'is not a number' };
	if (!Number.isInteger(v)) return { ok: false, reason: 'must be a whole number' };
	if (v < MIN_ENTRY || v > MAX_ENTRY)
		return { ok: false, reason: `must be between ${plain(MIN_ENTRY)} and ${MAX_ENTRY}` };
	// -0 would print as "0" but compare oddly; there is only one zero here.
	return { ok: true, value: v === 0 ? 0 : v };
}

/** The sentence shown under an input the figure could not use. */
export function invalidMessage(
	matrix: 'A' | 'B',
	i: number,
	k: number,
	reason: string,
	kept: number
): string {
	return `${matrix}${i + 1},${k + 1} ${reason}: the product still uses ${plain(kept)}.`;
}

/* ---------------------------------------------------------------- view ---- */

export type MatrixName = 'A' | 'B';

/** Where a cell's complaint is kept while its input cannot be used. */
export const cellKey = (matrix: MatrixName, i: number, k: number): string => `${matrix}-${i}-${k}`;

/** The reader typed `raw` into cell (i, k): the matrix's new entries, or why it cannot be used. */
export function editCell(
	state: MatmulState,
	matrix: MatrixName,
	i: number,
	k: number,
	raw: string
): { values: number[] } | { message: string } {
	const [rows, cols] = matrix === 'A' ? [state.m, state.n] : [state.n, state.p];
	const values = fitEntries(state[matrix], rows, cols);
	const parsed = parseCell(raw);
	if (!parsed.ok)
		return { message: invalidMessage(matrix, i, k, parsed.reason, values[i * cols + k]!) };
	values[i * cols + k] = parsed.value;
	return { values };
}

/** The three size pickers, in order, with their labels. */
export const SIZE_CONTROLS = [
	{ dim: 'm', label: 'Rows of A (m)' },
	{ dim: 'n', label: 'Columns of A = rows of B (n)' },
	{ dim: 'p', label: 'Columns of B (p)' }
] as const satisfies readonly { dim: Dimension; label: string }[];
export const SIZES = Array.from({ length: MAX_SIZE }, (_, k) => k + 1);

export const ENTRY_NOTE = `Point at or focus any cell of C. Entries are whole numbers from ${plain(MIN_ENTRY)} to ${MAX_ENTRY}; anything else is ignored and explained, and the last good value stays in use.`;

export interface EntryView {
	i: number;
	k: number;
	key: string;
	value: number;
	label: string;
	/** In the row (of A) or the column (of B) that makes the selected cell of C. */
	highlight: 'row' | 'column' | undefined;
}

export interface MatrixView {
	name: MatrixName;
	rows: number;
	cols: number;
	label: string;
	size: string;
	entries: EntryView[];
}

export interface ResultView {
	i: number;
	j: number;
	value: number;
	text: string;
	label: string;
	selected: boolean;
}

function matrixView(
	name: MatrixName,
	values: readonly number[],
	rows: number,
	cols: number,
	cell: CellExplanation
): MatrixView {
	const entries: EntryView[] = [];
	for (let i = 0; i < rows; i++)
		for (let k = 0; k < cols; k++) {
			const lit = name === 'A' ? i === cell.i : k === cell.j;
			entries.push({
				i,
				k,
				key: cellKey(name, i, k),
				value: values[i * cols + k]!,
				label: `${name} row ${i + 1}, column ${k + 1}`,
				highlight: lit ? (name === 'A' ? 'row' : 'column') : undefined
			});
		}
	return {
		name,
		rows,
		cols,
		label: `Matrix ${name}, ${rows} by ${cols}`,
		size: `${rows}×${cols}`,
		entries
	};
}

/** What FIG.04 shows for a state with cell (i, j) of C selected. */
export function matmulView(state: MatmulState, selected: { i: number; j: number }) {
	const { m, n, p } = state;
	const cell = explainCell(state, selected.i, selected.j);
	const C = product(state);
	const results: ResultView[] = C.map((value, index) => {
		const i = Math.floor(index / p);
		const j = index % p;
		const text = formatNumber(value, 0);
		return {
			i,
			j,
			value,
			text,
			label: `C row ${i + 1}, column ${j + 1}: ${text}`,
			selected: i === cell.i && j === cell.j
		};
	});
	return {
		A: matrixView('A', fitEntries(state.A, m, n), m, n, cell),
		B: matrixView('B', fitEntries(state.B, n, p), n, p, cell),
		C: { label: `Matrix C = A · B, ${m} by ${p}`, size: `${m}×${p}`, cols: p, results },
		cell
	};
}
