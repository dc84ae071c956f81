import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { pow, sqrt, square } from './pow';
import { sum } from './reduce';

describe('powers', () => {
	it('square of 3 is 9 with slope 6', () => {
		const x = tensor([3], undefined, { requiresGrad: true });
		expect(square(x).item()).toBe(9);
		sum(square(x)).backward();
		expect(x.grad![0]).toBe(6);
	});

	it('pow(x, 3) of 2 is 8 with slope 12', () => {
		const x = tensor([2], undefined, { requiresGrad: true });
		expect(pow(x, 3).item()).toBe(8);
		sum(pow(x, 3)).backward();
		expect(x.grad![0]).toBe(12);
	});

	it('sqrt of 16 is 4 with slope 1/8', () => {
		const x = tensor([16], undefined, { requiresGrad: true });
		expect(sqrt(x).item()).toBe(4);
		sum(sqrt(x)).backward();
		expect(x.grad![0]).toBe(0.125);
	});

	it('square, pow and sqrt pass gradcheck', () => {
		const rng = new Rng(30);
		gradcheck(square, [gridTensor([3, 4], rng, { scale: 2 })]);
		const positive = gridTensor([3, 4], rng, { minAbs: 0.5, scale: 2 });
		for (let i = 0; i < positive.size; i++) positive.data[i] = Math.abs(positive.data[i]!);
		gradcheck((x) => pow(x, 2.5), [positive]);
		gradcheck((x) => pow(x, -1), [positive]);
		gradcheck(sqrt, [positive]);
	});
});
