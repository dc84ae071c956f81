import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { mean, sum } from './reduce';

describe('sum and mean by hand', () => {
	const x = tensor([
		[1, 2, 3],
		[4, 5, 6]
	]);

	it('sum of everything is a scalar', () => {
		expect(sum(x).shape).toEqual([]);
		expect(sum(x).item()).toBe(21);
		expect(mean(x).item()).toBe(3.5);
	});

	it('sum along an axis drops that axis', () => {
		expect(sum(x, 0).toArray()).toEqual([5, 7, 9]);
		expect(sum(x, 1).toArray()).toEqual([6, 15]);
		expect(mean(x, -1).toArray()).toEqual([2, 5]);
	});

	it('keepDim leaves the reduced axis with length 1', () => {
		expect(sum(x, 1, { keepDim: true }).shape).toEqual([2, 1]);
		expect(mean(x, undefined, { keepDim: true }).shape).toEqual([1, 1]);
	});

	it('the gradient of a mean is 1/n for every element', () => {
		const y = tensor([1, 2, 3, 4], undefined, { requiresGrad: true });
		mean(y).backward();
		expect(Array.from(y.grad!)).toEqual([0.25, 0.25, 0.25, 0.25]);
	});

	it('an axis out of range is an error saying which axes exist', () => {
		expect(() => sum(x, 2)).toThrow(/axis 2 is out of range for shape \[2,3\] \(use -2 … 1\)/);
	});
});

describe('sum and mean gradients', () => {
	const rng = new Rng(60);
	it('sum and mean over everything pass gradcheck', () => {
		gradcheck((t) => sum(t), [gridTensor([3, 4], rng)]);
		gradcheck((t) => mean(t), [gridTensor([3, 4], rng)]);
	});

	it('sum and mean along each axis of a 3-D tensor pass gradcheck', () => {
		for (const axis of [0, 1, 2, -1]) {
			gradcheck((t) => sum(t, axis), [gridTensor([2, 3, 4], rng)]);
			gradcheck((t) => mean(t, axis, { keepDim: true }), [gridTensor([2, 3, 4], rng)]);
		}
	});
});
