import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { embedding } from './embedding';
import { sum } from './reduce';

describe('embedding', () => {
	const table = () =>
		tensor(
			[
				[0, 1],
				[10, 11],
				[20, 21]
			],
			undefined,
			{ requiresGrad: true }
		);

	it('embedding picks one row of the table per id', () => {
		expect(embedding(table(), [2, 0, 2]).toArray()).toEqual([
			[20, 21],
			[0, 1],
			[20, 21]
		]);
	});

	it('a repeated id collects the gradient of every position that used it', () => {
		const w = table();
		sum(embedding(w, [2, 0, 2])).backward();
		expect(Array.from(w.grad!)).toEqual([1, 1, 0, 0, 2, 2]);
	});

	it('an id outside the table is an error that gives the valid range', () => {
		expect(() => embedding(table(), [0, 3])).toThrow(/id 3 at position 1 .* 0 … 2/);
		expect(() => embedding(table(), [1.5])).toThrow(/integers/);
	});

	it('embedding passes gradcheck', () => {
		gradcheck((w) => embedding(w, [1, 3, 1, 0]), [gridTensor([4, 3], new Rng(90))]);
	});
});
