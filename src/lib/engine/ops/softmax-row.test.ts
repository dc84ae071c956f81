import { describe, expect, it } from 'vitest';
import { softmaxRow, softmaxRowBackward } from './softmax-row';

const f32 = (values: number[]) => Float32Array.from(values);

describe('softmaxRow', () => {
	it('equal values give a uniform row and return log n above them', () => {
		const y = new Float32Array(4);
		const logTotal = softmaxRow(f32([3, 3, 3, 3]), y, 0, 4);
		expect(Array.from(y)).toEqual([0.25, 0.25, 0.25, 0.25]);
		expect(logTotal).toBeCloseTo(3 + Math.log(4), 12);
	});

	it('logits of ±1e4 give exact probabilities and a finite log normaliser', () => {
		const y = new Float32Array(3);
		const logTotal = softmaxRow(f32([1e4, -1e4, 1e4 - 1]), y, 0, 3);
		expect(y[1]).toBe(0);
		expect(y[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
		expect(y[0]! + y[2]!).toBeCloseTo(1, 6);
		expect(logTotal).toBeCloseTo(1e4 + Math.log(1 + Math.exp(-1)), 9);
	});

	it('reads and writes one strided row, leaving every other entry alone', () => {
		// a 3×2 matrix; its second column [0, ln 3, 0] starts at 1 with stride 2
		const x = f32([9, 0, 9, Math.log(3), 9, 0]);
		const y = new Float32Array(6).fill(-1);
		softmaxRow(x, y, 1, 3, 2);
		expect(Array.from(y, (v) => Number(v.toFixed(6)))).toEqual([-1, 0.2, -1, 0.6, -1, 0.2]);
	});

	it('scales the row before the softmax, and works in place', () => {
		const x = f32([0, 2 * Math.log(3)]);
		softmaxRow(x, x, 0, 2, 1, 0.5);
		expect(x[0]).toBeCloseTo(0.25, 6);
		expect(x[1]).toBeCloseTo(0.75, 6);
	});

	it('a row that is entirely −Infinity comes out NaN rather than a made-up distribution', () => {
		const y = new Float32Array(2);
		softmaxRow(f32([-Infinity, -Infinity]), y, 0, 2);
		expect(Number.isNaN(y[0])).toBe(true);
	});
});

describe('softmaxRowBackward', () => {
	it('adds the gradient finite differences give for L = Σ w·softmax(s·x)', () => {
		const x = f32([0.5, -1.25, 2, 0.75]);
		const w = f32([0.3, -1.1, 0.4, 2.2]);
		const scale = 0.7;
		const loss = (values: Float32Array) => {
			const y = new Float32Array(4);
			softmaxRow(values, y, 0, 4, 1, scale);
			return y.reduce((total, yk, k) => total + w[k]! * yk, 0);
		};
		const y = new Float32Array(4);
		softmaxRow(x, y, 0, 4, 1, scale);
		const dx = f32([1, 1, 1, 1]);
		softmaxRowBackward(y, w, dx, 0, 4, 1, scale);
		const h = 2 ** -8;
		for (let k = 0; k < 4; k++) {
			const up = x.slice();
			const down = x.slice();
			up[k]! += h;
			down[k]! -= h;
			const numeric = (loss(up) - loss(down)) / (2 * h);
			expect(Math.abs(dx[k]! - 1 - numeric), `entry ${k}`).toBeLessThan(1e-4);
		}
	});
});
