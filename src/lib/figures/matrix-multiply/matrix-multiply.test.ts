import { describe, expect, it } from 'vitest';
import { decodeState } from '$lib/ui/url-state';
import {
	ENTRY_NOTE,
	editCell,
	explainCell,
	fitEntries,
	invalidMessage,
	matmulSchema,
	matmulView,
	parseCell,
	product,
	resizeMatrix,
	withSize,
	type MatmulState
} from './matrix-multiply';

const defaults = (): MatmulState => decodeState('', 'matmul', matmulSchema);

describe('the matrix multiply figure', () => {
	it('opens on the prose example, [[1,2,0],[0,1,3]] · [[2,1],[1,0],[4,1]] = [[4,1],[13,3]]', () => {
		const s = defaults();
		expect([s.m, s.n, s.p]).toEqual([2, 3, 2]);
		expect(product(s)).toEqual([4, 1, 13, 3]);
	});

	it('explains a cell as the dot product of its row and column, equal to the cell', () => {
		const s = defaults();
		const e = explainCell(s, 1, 0);
		expect(e.row).toEqual([0, 1, 3]);
		expect(e.column).toEqual([2, 1, 4]);
		expect(e.terms).toBe('0 × 2 + 1 × 1 + 3 × 4');
		expect(e.value).toBe(13);
		expect(e.text).toBe('C2,1 = row 2 of A · column 1 of B = 0 × 2 + 1 × 1 + 3 × 4 = 13');
	});

	it('makes every explanation equal its cell, for any sizes and entries', () => {
		let seed = 7;
		const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
		for (let trial = 0; trial < 40; trial++) {
			const m = 1 + (next() % 4);
			const n = 1 + (next() % 4);
			const p = 1 + (next() % 4);
			const s: MatmulState = {
				m,
				n,
				p,
				A: Array.from({ length: m * n }, () => (next() % 19) - 9),
				B: Array.from({ length: n * p }, () => (next() % 19) - 9)
			};
			const C = product(s);
			expect(C).toHaveLength(m * p);
			for (let i = 0; i < m; i++)
				for (let j = 0; j < p; j++) expect(explainCell(s, i, j).value).toBe(C[i * p + j]);
		}
	});

	it('brackets negative factors so the terms read as products', () => {
		const s: MatmulState = { m: 1, n: 2, p: 1, A: [-2, 3], B: [4, -1] };
		expect(explainCell(s, 0, 0).text).toBe(
			'C1,1 = row 1 of A · column 1 of B = (−2) × 4 + 3 × (−1) = −11'
		);
	});

	it('changing n reshapes both A (its columns) and B (its rows), keeping what still fits', () => {
		const s = withSize(defaults(), 'n', 2);
		expect([s.m, s.n, s.p]).toEqual([2, 2, 2]);
		expect(s.A).toEqual([1, 2, 0, 1]);
		expect(s.B).toEqual([2, 1, 1, 0]);
		expect(product(s)).toEqual([4, 1, 1, 0]);
		const grown = withSize(s, 'n', 4);
		expect(grown.A).toEqual([1, 2, 0, 0, 0, 1, 0, 0]);
		expect(grown.B).toEqual([2, 1, 1, 0, 0, 0, 0, 0]);
	});

	it('keeps sizes between 1 and 4 whatever it is asked for', () => {
		expect(withSize(defaults(), 'm', 9).m).toBe(4);
		expect(withSize(defaults(), 'p', 0).p).toBe(1);
		expect(withSize(defaults(), 'm', Number.NaN).m).toBe(1);
	});

	it('resizes a matrix by position, padding with zeros', () => {
		expect(resizeMatrix([1, 2, 3, 4], 2, 2, 3, 1)).toEqual([1, 3, 0]);
		expect(fitEntries([1, 2, 3], 2, 2)).toEqual([1, 2, 3, 0]);
		expect(fitEntries([1, 2, 3, 4, 5], 2, 2)).toEqual([1, 2, 3, 4]);
	});

	it('survives a shared link whose entries do not fit its sizes', () => {
		const s = decodeState('matmul.m=3&matmul.A=1,2', 'matmul', matmulSchema);
		expect(product(s)).toHaveLength(6);
		expect(explainCell(s, 2, 1).value).toBe(product(s)[5]);
	});

	it('accepts whole numbers from −9 to 9 and explains everything else', () => {
		expect(parseCell('7')).toEqual({ ok: true, value: 7 });
		expect(parseCell(' -9 ')).toEqual({ ok: true, value: -9 });
		expect(parseCell('-0')).toEqual({ ok: true, value: 0 });
		expect(parseCell('')).toEqual({ ok: false, reason: 'is empty or not a number' });
		expect(parseCell('abc')).toEqual({ ok: false, reason: 'is not a number' });
		expect(parseCell('1.5')).toEqual({ ok: false, reason: 'must be a whole number' });
		expect(parseCell('12')).toEqual({ ok: false, reason: 'must be between −9 and 9' });
		expect(parseCell('1e9')).toMatchObject({ ok: false });
		expect(invalidMessage('A', 0, 2, 'is empty or not a number', -3)).toBe(
			'A1,3 is empty or not a number: the product still uses −3.'
		);
	});
});

describe('what FIG.04 prints', () => {
	it('labels every cell of C with its value and marks the selected one', () => {
		const view = matmulView(defaults(), { i: 1, j: 0 });
		expect(view.C.label).toBe('Matrix C = A · B, 2 by 2');
		expect(view.C.results.map((c) => c.label)).toEqual([
			'C row 1, column 1: 4',
			'C row 1, column 2: 1',
			'C row 2, column 1: 13',
			'C row 2, column 2: 3'
		]);
		expect(view.C.results.filter((c) => c.selected).map((c) => c.value)).toEqual([13]);
		expect(view.cell.text).toBe('C2,1 = row 2 of A · column 1 of B = 0 × 2 + 1 × 1 + 3 × 4 = 13');
	});

	it('highlights the row of A and the column of B that make the selected cell', () => {
		const view = matmulView(defaults(), { i: 0, j: 1 });
		expect(view.A.label).toBe('Matrix A, 2 by 3');
		expect(view.A.size).toBe('2×3');
		const lit = (entries: typeof view.A.entries) =>
			entries.filter((e) => e.highlight).map((e) => `${e.label}: ${e.highlight}`);
		expect(lit(view.A.entries)).toEqual([
			'A row 1, column 1: row',
			'A row 1, column 2: row',
			'A row 1, column 3: row'
		]);
		expect(lit(view.B.entries)).toEqual([
			'B row 1, column 2: column',
			'B row 2, column 2: column',
			'B row 3, column 2: column'
		]);
	});

	it('takes a good entry and explains a bad one, keeping the value in use', () => {
		const s = defaults();
		expect(editCell(s, 'B', 2, 0, '-3')).toEqual({ values: [2, 1, 1, 0, -3, 1] });
		expect(editCell(s, 'A', 0, 0, '42')).toEqual({
			message: 'A1,1 must be between −9 and 9: the product still uses 1.'
		});
		expect(editCell(s, 'A', 0, 0, '')).toEqual({
			message: 'A1,1 is empty or not a number: the product still uses 1.'
		});
	});

	it('says which entries it accepts, with a real minus sign', () => {
		expect(ENTRY_NOTE).toBe(
			'Point at or focus any cell of C. Entries are whole numbers from −9 to 9; anything else is ignored and explained, and the last good value stays in use.'
		);
	});
});
