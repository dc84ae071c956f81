import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { reshape } from './reshape';

describe('reshape', () => {
	it('reshape keeps the row-major order of the values', () => {
		const x = tensor([1, 2, 3, 4, 5, 6]);
		expect(reshape(x, [2, 3]).toArray()).toEqual([
			[1, 2, 3],
			[4, 5, 6]
		]);
		expect(reshape(x, [3, -1]).shape).toEqual([3, 2]);
	});

	it('a shape with the wrong number of elements is an error naming both shapes', () => {
		expect(() => reshape(tensor([1, 2, 3, 4, 5, 6]), [4, 2])).toThrow(/\[6\].*\[4,2\]/);
		expect(() => reshape(tensor([1, 2, 3]), [2, -1])).toThrow(/infer/);
	});

	it('reshape passes gradcheck', () => {
		gradcheck((x) => reshape(x, [6, 2]), [gridTensor([3, 4], new Rng(50))]);
	});
});
