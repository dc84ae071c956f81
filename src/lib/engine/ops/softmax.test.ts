import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/softmax.json';
import { forEachKernelSet } from '../test-kernels';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { backpropagate, tensor } from '../tensor';
import { logSoftmax, softmax } from './softmax';

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
	expect(actual.length).toBe(expected.length);
	for (let i = 0; i < expected.length; i++) {
		expect(Math.abs(actual[i]! - expected[i]!), `index ${i}`).toBeLessThanOrEqual(tol);
	}
}

describe('softmax by hand', () => {
	it('softmax of equal logits is uniform', () => {
		expect(Array.from(softmax(tensor([3, 3, 3, 3])).data)).toEqual([0.25, 0.25, 0.25, 0.25]);
	});

	it('softmax of [0, ln 3] is [1/4, 3/4]', () => {
		const p = softmax(tensor([0, Math.log(3)])).data;
		expect(p[0]).toBeCloseTo(0.25, 6);
		expect(p[1]).toBeCloseTo(0.75, 6);
	});

	it('softmax and logSoftmax stay finite for logits of ±1e4', () => {
		const x = tensor([1e4, -1e4, 1e4 - 1]);
		const p = softmax(x).data;
		expect(p[1]).toBe(0);
		expect(p[0]! + p[2]!).toBeCloseTo(1, 6);
		const lp = logSoftmax(x).data;
		expect(lp[0]).toBeCloseTo(-Math.log(1 + Math.exp(-1)), 5);
		expect(lp[1]).toBeCloseTo(-2e4, 0);
	});

	it('softmax along axis 0 normalises columns', () => {
		const p = softmax(
			tensor([
				[1, 5],
				[1, 5]
			]),
			0
		);
		expect(p.toArray()).toEqual([
			[0.5, 0.5],
			[0.5, 0.5]
		]);
	});

	it('a row that is entirely −Infinity comes out NaN rather than a made-up distribution', () => {
		expect(Number.isNaN(softmax(tensor([-Infinity, -Infinity])).data[0])).toBe(true);
	});
});

forEachKernelSet('softmax against the numpy reference', () => {
	const x = tensor(fixture.logits, undefined, { requiresGrad: true });

	it('softmax and logSoftmax match numpy, including rows of ±1e4', () => {
		expectClose(softmax(x).data, fixture.softmax.flat(), 1e-6);
		expectClose(logSoftmax(x).data, fixture.logSoftmax.flat(), 2e-3);
	});

	it('the gradients of softmax and logSoftmax match numpy', () => {
		x.grad = null;
		backpropagate(softmax(x), fixture.outputWeights.flat());
		expectClose(x.grad!, fixture.softmaxGrad.flat(), 1e-6);
		x.grad = null;
		backpropagate(logSoftmax(x), fixture.outputWeights.flat());
		expectClose(x.grad!, fixture.logSoftmaxGrad.flat(), 1e-6);
	});
});

describe('softmax gradients', () => {
	const rng = new Rng(70);
	it('softmax and logSoftmax pass gradcheck on the last axis', () => {
		gradcheck((t) => softmax(t), [gridTensor([3, 5], rng, { scale: 3 })]);
		gradcheck((t) => logSoftmax(t), [gridTensor([3, 5], rng, { scale: 3 })]);
	});

	it('softmax and logSoftmax pass gradcheck on a middle axis', () => {
		gradcheck((t) => softmax(t, 1), [gridTensor([2, 4, 3], rng, { scale: 3 })]);
		gradcheck((t) => logSoftmax(t, 1), [gridTensor([2, 4, 3], rng, { scale: 3 })]);
	});
});
