import { describe, expect, it } from 'vitest';
import { gridMove, nearestCell, type GridShape } from './roving-grid.svelte';

/** A causal attention map of 4 positions: row t has cells 0 … t. */
const causal: GridShape = { rows: 4, cols: 4, has: (r, c) => c <= r };
const full: GridShape = { rows: 2, cols: 3, has: () => true };

describe('moving in a roving grid', () => {
	it('moves one cell with each arrow key', () => {
		expect(gridMove('ArrowDown', { row: 0, col: 0 }, causal)).toEqual({ row: 1, col: 0 });
		expect(gridMove('ArrowRight', { row: 1, col: 0 }, causal)).toEqual({ row: 1, col: 1 });
		expect(gridMove('ArrowLeft', { row: 1, col: 1 }, causal)).toEqual({ row: 1, col: 0 });
		expect(gridMove('ArrowUp', { row: 3, col: 2 }, causal)).toEqual({ row: 2, col: 2 });
	});

	it('stays at an edge and never lands on a cell that does not exist', () => {
		expect(gridMove('ArrowRight', { row: 1, col: 1 }, causal)).toEqual({ row: 1, col: 1 });
		expect(gridMove('ArrowUp', { row: 2, col: 2 }, causal)).toEqual({ row: 2, col: 2 });
		expect(gridMove('ArrowDown', { row: 3, col: 0 }, causal)).toEqual({ row: 3, col: 0 });
		expect(gridMove('ArrowLeft', { row: 0, col: 0 }, full)).toEqual({ row: 0, col: 0 });
	});

	it('goes to the ends of the row with Home and End, of the grid with Ctrl', () => {
		expect(gridMove('End', { row: 2, col: 0 }, causal)).toEqual({ row: 2, col: 2 });
		expect(gridMove('Home', { row: 2, col: 2 }, causal)).toEqual({ row: 2, col: 0 });
		expect(gridMove('End', { row: 0, col: 0 }, causal, true)).toEqual({ row: 3, col: 3 });
		expect(gridMove('Home', { row: 3, col: 3 }, causal, true)).toEqual({ row: 0, col: 0 });
		expect(gridMove('End', { row: 0, col: 0 }, full)).toEqual({ row: 0, col: 2 });
	});

	it('leaves every other key to the page', () => {
		expect(gridMove('Tab', { row: 0, col: 0 }, causal)).toBeNull();
		expect(gridMove('a', { row: 0, col: 0 }, causal)).toBeNull();
	});

	it('keeps the current cell when the grid shrinks, or takes the nearest that is left', () => {
		expect(nearestCell({ row: 1, col: 1 }, causal)).toEqual({ row: 1, col: 1 });
		expect(nearestCell({ row: 6, col: 6 }, causal)).toEqual({ row: 3, col: 3 });
		expect(nearestCell({ row: 0, col: 0 }, { rows: 0, cols: 0, has: () => true })).toBeNull();
	});
});
