// FIG.05's state and maths: the reader sets A's shape (m×n) and B's (n′×p). The engine is asked
// to multiply matrices of those shapes; it either answers with an m×p result or refuses, and the
// figure says why in words. Whatever is typed, nothing here throws.

import { matmul, noGrad, zeros } from '$lib/engine';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

/** Dimensions run from 1 to MAX_DIM: enough to see the rule, small enough to draw. */
export const MIN_DIM = 1;
export const MAX_DIM = 8;

const dim = (d: number) => field.int({ min: MIN_DIM, max: MAX_DIM, default: d });

/** Defaults are the prose's failing example: a 2×3 matrix times a 4×2 one. */
export const shapeSchema = {
	m: dim(2),
	n: dim(3),
	n2: dim(4),
	p: dim(2)
};

/** FIG.05: its id (also its URL namespace), number, caption and colour. */
export const shapesFigure = defineFigure({
	id: 'shapes',
	number: 5,
	caption: 'Shapes must line up: an m×n matrix times an n′×p one exists only when n = n′',
	branch: 'linalg',
	schema: shapeSchema
});

export type ShapeState = StateOf<typeof shapeSchema>;
export type DimKey = keyof ShapeState;

export const DIM_NAMES: Record<DimKey, string> = {
	m: 'm, rows of A',
	n: 'n, columns of A',
	n2: 'n′, rows of B',
	p: 'p, columns of B'
};

export interface DimInput {
	/** The value the figure uses: always a whole number in [MIN_DIM, MAX_DIM]. */
	value: number;
	/** Why it differs from what was typed, or null when the input was used as is. */
	note: string | null;
}

/**
 * What the reader typed into a size box, made usable. Empty or unreadable input keeps the last
 * value; decimals are rounded; anything outside 1…8 (zero, negative, huge, ∞) is clamped.
 */
export function parseDim(raw: string, last: number): DimInput {
	const text = raw.trim();
	const v = text === '' ? Number.NaN : Number(text);
	if (Number.isNaN(v)) {
		return { value: last, note: `not a number, so the figure keeps ${last}` };
	}
	const rounded = Number.isFinite(v) ? Math.round(v) : v;
	if (rounded < MIN_DIM) {
		return {
			value: MIN_DIM,
			note: `a matrix needs at least ${MIN_DIM} row and ${MIN_DIM} column, so the figure uses ${MIN_DIM}`
		};
	}
	if (rounded > MAX_DIM) {
		return { value: MAX_DIM, note: `this figure stops at ${MAX_DIM}, so it uses ${MAX_DIM}` };
	}
	if (rounded !== v) return { value: rounded, note: `sizes are whole numbers: using ${rounded}` };
	return { value: rounded, note: null };
}

export type Verdict =
	| {
			ok: true;
			/** [m, p], as the engine returned it. */
			shape: [number, number];
			/** Multiply-adds: m·p dot products of length n. */
			cost: number;
			message: string;
	  }
	| { ok: false; engineError: string; message: string };

/** Asks the engine to multiply zero matrices of these shapes, and says what happened. */
export function verdict(s: ShapeState): Verdict {
	const { m, n, n2, p } = s;
	try {
		const out = noGrad(() => matmul(zeros([m, n]), zeros([n2, p])));
		const shape: [number, number] = [out.shape[0]!, out.shape[1]!];
		const cost = m * n * p;
		return {
			ok: true,
			shape,
			cost,
			message:
				`The inner dimensions agree (${n} = ${n2}), so every row of A pairs with every column of B. ` +
				`C = A · B is ${shape[0]}×${shape[1]}: ${m * p} dot products of length ${n}, ` +
				`${m} × ${n} × ${p} = ${cost} multiply-adds.`
		};
	} catch (e) {
		return {
			ok: false,
			engineError: e instanceof Error ? e.message : String(e),
			message:
				`The inner dimensions disagree: A has ${n} columns but B has ${n2} rows (${n} ≠ ${n2}). ` +
				`Each entry of C would be the dot product of a row of A (${n} numbers) with a column of B ` +
				`(${n2} numbers), and a dot product needs two lists of the same length, so A · B does not exist.`
		};
	}
}

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface ShapeLayout {
	width: number;
	height: number;
	/** SVG units per matrix row or column. */
	unit: number;
	A: Rect;
	B: Rect;
	/** null when the product does not exist. */
	C: Rect | null;
	/** Centres of the "·" and "=" signs. */
	dot: [number, number];
	equals: [number, number];
}

/** Drawing width in SVG units; the height follows the tallest matrix. */
export const LAYOUT_WIDTH = 440;
/** Room for the dimension labels above and to the left of each rectangle. */
const LABEL = 22;
const SIGN = 28;
const MAX_UNIT = 32;

/** Proportional rectangles: A is n units wide and m tall, B p wide and n′ tall, C p wide and m tall. */
export function shapeLayout(s: ShapeState): ShapeLayout {
	const { m, n, n2, p } = s;
	const columns = n + p + p;
	const unit = Math.min(MAX_UNIT, (LAYOUT_WIDTH - 3 * LABEL - 2 * SIGN - 4) / columns);
	const top = LABEL;
	const tall = Math.max(m, n2) * unit;
	const A: Rect = { x: LABEL, y: top, width: n * unit, height: m * unit };
	const dotX = A.x + A.width + SIGN / 2;
	const B: Rect = { x: A.x + A.width + SIGN + LABEL, y: top, width: p * unit, height: n2 * unit };
	const eqX = B.x + B.width + SIGN / 2;
	const C: Rect = { x: B.x + B.width + SIGN + LABEL, y: top, width: p * unit, height: m * unit };
	const midY = top + Math.min(m, n2) * unit * 0.5;
	return {
		width: LAYOUT_WIDTH,
		height: top + tall + 8,
		unit,
		A,
		B,
		C: n === n2 ? C : null,
		dot: [dotX, midY],
		equals: [eqX, midY]
	};
}

/* ---------------------------------------------------------------- view ---- */

/** A dimension's label beside a rectangle; `inner` marks n and n′, the ones that must agree. */
export interface DimLabel {
	x: number;
	y: number;
	text: string;
	inner: boolean;
}

export interface MatrixShape {
	name: 'A' | 'B' | 'C';
	rect: Rect;
	/** Columns, above the rectangle. */
	top: DimLabel;
	/** Rows, to its left (right-aligned). */
	left: DimLabel;
	/** The name, in the middle. */
	centre: [number, number];
}

function shapeOf(
	name: MatrixShape['name'],
	rect: Rect,
	rows: number,
	cols: number,
	inner: 'rows' | 'cols' | null
): MatrixShape {
	return {
		name,
		rect,
		top: { x: rect.x + rect.width / 2, y: rect.y - 6, text: String(cols), inner: inner === 'cols' },
		left: {
			x: rect.x - 6,
			y: rect.y + rect.height / 2 + 5,
			text: String(rows),
			inner: inner === 'rows'
		},
		centre: [rect.x + rect.width / 2, rect.y + rect.height / 2 + 6]
	};
}

/** What FIG.05 shows for a state. */
export function shapeView(state: ShapeState) {
	const { m, n, n2, p } = state;
	const result = verdict(state);
	const layout = shapeLayout(state);
	const matrices = [shapeOf('A', layout.A, m, n, 'cols'), shapeOf('B', layout.B, n2, p, 'rows')];
	if (layout.C) matrices.push(shapeOf('C', layout.C, m, p, null));
	return {
		result,
		layout,
		matrices,
		label: `Drawn to scale: A is ${m}×${n}, B is ${n2}×${p}, ${result.ok ? `C is ${m}×${p}` : 'and there is no product'}`,
		resultText: result.ok ? `${result.shape[0]}×${result.shape[1]}` : 'does not exist',
		cost: result.ok ? result.cost : 'none'
	};
}
