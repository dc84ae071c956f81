import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { add, div, mul } from './binary';
import { sqrt, square } from './pow';
import { mean } from './reduce';
import { RMSNORM_EPS, rmsnorm } from './rmsnorm';

describe('rmsnorm', () => {
	it('rmsnorm of [3, 4] divides by the root mean square √12.5', () => {
		const y = rmsnorm(tensor([[3, 4]])).data;
		const rms = Math.sqrt(12.5 + RMSNORM_EPS);
		expect(y[0]).toBeCloseTo(3 / rms, 6);
		expect(y[1]).toBeCloseTo(4 / rms, 6);
	});

	it('every output row has mean square close to 1', () => {
		const y = rmsnorm(gridTensor([4, 16], new Rng(100), { scale: 5, requiresGrad: false }));
		for (let r = 0; r < 4; r++) {
			let ms = 0;
			for (let c = 0; c < 16; c++) ms += y.data[r * 16 + c]! ** 2;
			expect(ms / 16).toBeCloseTo(1, 3);
		}
	});

	it('the fused rmsnorm equals the one composed from mean, sqrt and div', () => {
		const x = gridTensor([3, 8], new Rng(101));
		const composed = div(x, sqrt(add(mean(square(x), -1, { keepDim: true }), RMSNORM_EPS)));
		const fused = rmsnorm(x);
		for (let i = 0; i < x.size; i++) expect(fused.data[i]).toBeCloseTo(composed.data[i]!, 6);
	});

	it('rmsnorm passes gradcheck', () => {
		const rng = new Rng(102);
		gradcheck(rmsnorm, [gridTensor([3, 8], rng)]);
		// and downstream of a multiply, so both terms of its gradient matter
		gradcheck((x, w) => rmsnorm(mul(x, w)), [gridTensor([2, 5], rng), gridTensor([5], rng)]);
	});
});
