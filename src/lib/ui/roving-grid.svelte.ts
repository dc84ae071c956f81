/**
 * One Tab stop for a whole grid of cells (a heat map, a heat strip): only the current cell is in
 * the Tab order (a roving tabindex), the arrow keys move between cells, Home and End go to the
 * first and last cell of the row, Ctrl+Home and Ctrl+End to the first and last of the grid. Tab
 * leaves the grid; Shift+Tab comes back to the cell the reader left. Cells that do not exist (the
 * empty triangle of a causal attention map) are skipped over, never landed on.
 *
 *   const grid = new RovingGrid({ rows: () => n, cols: () => n, has: (r, c) => c <= r });
 *
 *   <table role="grid" onkeydown={grid.keydown}>   <!-- a <caption> names it -->
 *     …<td tabindex={grid.tabindex(r, c)} {@attach grid.cell(r, c)}
 *          aria-label="e looking at start: weight 0.52, row 2, column 1"></td>
 *
 * Give each cell an aria-label that says where it is and what it holds: that is what a screen
 * reader announces as the focus moves. The grid remembers the current cell when it changes size
 * and falls back to the nearest cell that still exists.
 */
import type { Attachment } from 'svelte/attachments';

export interface GridPosition {
	row: number;
	col: number;
}

export interface GridShape {
	rows: number;
	cols: number;
	/** Whether a cell exists at (row, col) (true everywhere for a full grid). */
	has: (row: number, col: number) => boolean;
}

/** The cell a key moves to from `at`, or null for a key the grid does not handle. */
export function gridMove(
	key: string,
	at: GridPosition,
	shape: GridShape,
	ctrl = false
): GridPosition | null {
	const { rows, cols, has } = shape;
	const inRow = (row: number, from: number, step: 1 | -1) => {
		for (let col = from; col >= 0 && col < cols; col += step) if (has(row, col)) return col;
		return null;
	};
	const inCol = (col: number, from: number, step: 1 | -1) => {
		for (let row = from; row >= 0 && row < rows; row += step) if (has(row, col)) return row;
		return null;
	};
	const stay = (found: GridPosition | null) => found ?? at;
	const firstOfGrid = (from: number, step: 1 | -1): GridPosition | null => {
		for (let row = from; row >= 0 && row < rows; row += step) {
			const col = step === 1 ? inRow(row, 0, 1) : inRow(row, cols - 1, -1);
			if (col !== null) return { row, col };
		}
		return null;
	};
	const inThisRow = (col: number | null) => (col === null ? null : { row: at.row, col });
	const inThisCol = (row: number | null) => (row === null ? null : { row, col: at.col });
	switch (key) {
		case 'ArrowRight':
			return stay(inThisRow(inRow(at.row, at.col + 1, 1)));
		case 'ArrowLeft':
			return stay(inThisRow(inRow(at.row, at.col - 1, -1)));
		case 'ArrowDown':
			return stay(inThisCol(inCol(at.col, at.row + 1, 1)));
		case 'ArrowUp':
			return stay(inThisCol(inCol(at.col, at.row - 1, -1)));
		case 'Home':
			return stay(ctrl ? firstOfGrid(0, 1) : inThisRow(inRow(at.row, 0, 1)));
		case 'End':
			return stay(ctrl ? firstOfGrid(rows - 1, -1) : inThisRow(inRow(at.row, cols - 1, -1)));
		default:
			return null;
	}
}

/** The cell nearest to `at` that exists (the same one if it still does); null for an empty grid. */
export function nearestCell(at: GridPosition, shape: GridShape): GridPosition | null {
	let best: GridPosition | null = null;
	let bestDistance = Infinity;
	for (let row = 0; row < shape.rows; row++) {
		for (let col = 0; col < shape.cols; col++) {
			if (!shape.has(row, col)) continue;
			const distance = Math.abs(row - at.row) + Math.abs(col - at.col);
			if (distance < bestDistance) {
				best = { row, col };
				bestDistance = distance;
			}
		}
	}
	return best;
}

export interface RovingGridOptions {
	rows: () => number;
	cols: () => number;
	/** Whether a cell exists; leave out for a full grid. */
	has?: (row: number, col: number) => boolean;
}

export class RovingGrid {
	/** The cell the reader last moved to or focused. */
	#at = $state<GridPosition>({ row: 0, col: 0 });
	/** The cells' elements by "row,col": only looked up on a key press, so not reactive. */
	readonly #cells: Record<string, HTMLElement> = {};
	readonly #shape: GridShape;

	/** The current cell, moved onto one that exists when the grid changes size. */
	readonly current = $derived.by(() => nearestCell(this.#at, this.#shape));

	constructor(options: RovingGridOptions) {
		const { has } = options;
		this.#shape = {
			get rows() {
				return options.rows();
			},
			get cols() {
				return options.cols();
			},
			has: has ?? (() => true)
		};
	}

	/** 0 for the current cell, −1 for every other: the grid is one Tab stop. */
	tabindex(row: number, col: number): 0 | -1 {
		const current = this.current;
		return current?.row === row && current.col === col ? 0 : -1;
	}

	/** Registers a cell's element, so the keys can focus it; focusing it makes it current. */
	cell(row: number, col: number): Attachment<HTMLElement> {
		return (element) => {
			const key = `${row},${col}`;
			this.#cells[key] = element;
			const focused = () => (this.#at = { row, col });
			element.addEventListener('focus', focused);
			return () => {
				element.removeEventListener('focus', focused);
				if (this.#cells[key] === element) delete this.#cells[key];
			};
		};
	}

	/** Put on the grid's container: moves the focus for the grid's keys, leaves others alone. */
	readonly keydown = (event: KeyboardEvent): void => {
		const at = this.current;
		if (!at) return;
		const next = gridMove(event.key, at, this.#shape, event.ctrlKey || event.metaKey);
		if (!next) return;
		event.preventDefault();
		this.#at = next;
		this.#cells[`${next.row},${next.col}`]?.focus();
	};
}
