import { describe, expect, it } from 'vitest';
import { heatStrip, moveCell, positionLabel } from './heat-strip';

const rows = [positionLabel('◆', 0), positionLabel('e', 1)];

describe('a heat strip', () => {
	const strip = heatStrip({
		label: 'queries',
		rows: 2,
		cols: 4,
		values: [1, -2, 0, 0.5, -Infinity, 2, 0.25, -0.00001],
		rowLabels: rows,
		group: 2
	});

	it('colours each cell by its value over the largest magnitude, negative below zero', () => {
		expect(strip.cells.map((c) => c.heat)).toEqual([50, -100, 0, 25, 0, 100, 13, 0]);
		expect(strip.scale).toBe('full colour = ±2.000');
		expect(strip.groupStarts).toEqual([2]);
	});

	it('names every cell with its row, column and exact value, and a masked one as such', () => {
		expect(strip.cells[1]!.label).toBe('start at position 0, number 2: −2.0000');
		expect(strip.cells[4]).toMatchObject({ masked: true, text: 'masked (−∞)' });
		expect(strip.cells[4]!.label).toBe('e at position 1, number 1: masked (−∞)');
		expect(strip.cells[7]!.text).toBe('−1.0000e−5');
	});

	it('names columns by token when they are the vocabulary, and is all zeros without crashing', () => {
		const logits = heatStrip({
			label: 'logits',
			rows: 1,
			cols: 2,
			values: [0, 0],
			rowLabels: [rows[1]!],
			colLabels: [
				{ glyph: '◆', spoken: 'end' },
				{ glyph: 'a', spoken: 'a' }
			]
		});
		expect(logits.cells.map((c) => c.heat)).toEqual([0, 0]);
		expect(logits.cells[0]!.label).toBe('e at position 1, next end: 0.0000');
		expect(logits.groupStarts).toEqual([]);
	});
});

describe('moving the focus inside a strip', () => {
	const at = { row: 1, col: 2 };
	it('moves one cell with the arrows and stops at the edges', () => {
		expect(moveCell('ArrowLeft', false, at, 3, 4)).toEqual({ row: 1, col: 1 });
		expect(moveCell('ArrowRight', false, at, 3, 4)).toEqual({ row: 1, col: 3 });
		expect(moveCell('ArrowRight', false, { row: 1, col: 3 }, 3, 4)).toEqual({ row: 1, col: 3 });
		expect(moveCell('ArrowUp', false, { row: 0, col: 0 }, 3, 4)).toEqual({ row: 0, col: 0 });
		expect(moveCell('ArrowDown', false, at, 3, 4)).toEqual({ row: 2, col: 2 });
	});

	it('goes to the row’s ends with Home and End, the grid’s with Ctrl, the column’s with Page keys', () => {
		expect(moveCell('Home', false, at, 3, 4)).toEqual({ row: 1, col: 0 });
		expect(moveCell('End', false, at, 3, 4)).toEqual({ row: 1, col: 3 });
		expect(moveCell('Home', true, at, 3, 4)).toEqual({ row: 0, col: 0 });
		expect(moveCell('End', true, at, 3, 4)).toEqual({ row: 2, col: 3 });
		expect(moveCell('PageUp', false, at, 3, 4)).toEqual({ row: 0, col: 2 });
		expect(moveCell('PageDown', false, at, 3, 4)).toEqual({ row: 2, col: 2 });
	});

	it('leaves Tab and every other key to the page', () => {
		expect(moveCell('Tab', false, at, 3, 4)).toBeNull();
		expect(moveCell('a', false, at, 3, 4)).toBeNull();
	});
});
