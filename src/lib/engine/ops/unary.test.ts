import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { exp, log, neg, relu, tanh } from './unary';
import { sum } from './reduce';

const vals = (data: Float32Array | null) => Array.from(data!);

describe('unary ops by hand', () => {
	it('neg flips signs and its gradient is −1', () => {
		const x = tensor([1, -2, 0.5], undefined, { requiresGrad: true });
		expect(vals(neg(x).data)).toEqual([-1, 2, -0.5]);
		sum(neg(x)).backward();
		expect(vals(x.grad)).toEqual([-1, -1, -1]);
	});

	it('exp of 0 is 1 and the gradient of exp is exp', () => {
		const x = tensor([0, 1], undefined, { requiresGrad: true });
		const y = exp(x);
		expect(y.data[0]).toBe(1);
		expect(y.data[1]).toBeCloseTo(Math.E, 6);
		sum(y).backward();
		expect(x.grad![1]).toBeCloseTo(Math.E, 6);
	});

	it('log of e is 1, log of 0 is −Infinity, and d log x = 1/x', () => {
		const x = tensor([Math.E, 4], undefined, { requiresGrad: true });
		expect(log(x).data[0]).toBeCloseTo(1, 6);
		expect(log(tensor([0])).data[0]).toBe(-Infinity);
		sum(log(x)).backward();
		expect(x.grad![1]).toBe(0.25);
	});

	it('relu zeroes negatives and passes gradient only where the input was positive', () => {
		const x = tensor([-1, 0, 2], undefined, { requiresGrad: true });
		expect(vals(relu(x).data)).toEqual([0, 0, 2]);
		sum(relu(x)).backward();
		expect(vals(x.grad)).toEqual([0, 0, 1]);
	});

	it('tanh is odd and its slope at 0 is 1', () => {
		const x = tensor([0, 1, -1], undefined, { requiresGrad: true });
		const y = tanh(x);
		expect(y.data[1]).toBeCloseTo(Math.tanh(1), 6);
		expect(y.data[2]).toBeCloseTo(-Math.tanh(1), 6);
		sum(y).backward();
		expect(x.grad![0]).toBe(1);
	});
});

describe('unary ops gradients', () => {
	const rng = new Rng(20);
	it('neg, exp, tanh pass gradcheck', () => {
		gradcheck(neg, [gridTensor([3, 5], rng)]);
		gradcheck(exp, [gridTensor([3, 5], rng, { scale: 2 })]);
		gradcheck(tanh, [gridTensor([3, 5], rng, { scale: 2 })]);
	});

	it('log passes gradcheck on positive inputs', () => {
		const x = gridTensor([12], rng, { minAbs: 0.3, scale: 3 });
		for (let i = 0; i < x.size; i++) x.data[i] = Math.abs(x.data[i]!);
		gradcheck(log, [x]);
	});

	it('relu passes gradcheck away from its kink', () => {
		gradcheck(relu, [gridTensor([4, 4], rng, { minAbs: 0.05 })]);
	});
});
