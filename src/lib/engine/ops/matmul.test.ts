import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { linear, matmul, transpose } from './matmul';

describe('matmul, linear and transpose by hand', () => {
	it('matmul multiplies a 2×3 by a 3×2', () => {
		const a = tensor([
			[1, 2, 3],
			[4, 5, 6]
		]);
		const b = tensor([
			[7, 8],
			[9, 10],
			[11, 12]
		]);
		expect(matmul(a, b).toArray()).toEqual([
			[58, 64],
			[139, 154]
		]);
	});

	it('linear applies a weight stored [out, in] as x·Wᵀ', () => {
		const x = tensor([[1, 2, 3]]);
		const w = tensor([
			[1, 0, 0],
			[0, 1, 1]
		]);
		expect(linear(x, w).toArray()).toEqual([[1, 5]]);
		expect(linear(x, w).toArray()).toEqual(matmul(x, transpose(w)).toArray());
	});

	it('transpose swaps rows and columns', () => {
		expect(transpose(tensor([[1, 2, 3]])).toArray()).toEqual([[1], [2], [3]]);
	});

	it('mismatched inner dimensions are an error naming both shapes', () => {
		expect(() => matmul(tensor([1, 2, 3, 4, 5, 6], [2, 3]), tensor([1, 2, 3, 4], [2, 2]))).toThrow(
			/matmul: shapes \[2,3\] and \[2,2\]/
		);
		expect(() => linear(tensor([1, 2, 3], [1, 3]), tensor([1, 2, 3, 4], [2, 2]))).toThrow(
			/linear: input \[1,3\] and weight \[2,2\]/
		);
		expect(() => matmul(tensor([1, 2, 3]), tensor([1, 2, 3]))).toThrow(/must be 2-D/);
	});
});

describe('matmul, linear and transpose gradients', () => {
	const rng = new Rng(40);
	it('matmul passes gradcheck for both operands', () => {
		gradcheck(matmul, [gridTensor([3, 5], rng), gridTensor([5, 4], rng)]);
	});

	it('linear passes gradcheck for input and weight', () => {
		gradcheck(linear, [gridTensor([4, 6], rng), gridTensor([3, 6], rng)]);
	});

	it('transpose passes gradcheck', () => {
		gradcheck(transpose, [gridTensor([3, 5], rng)]);
	});
});
