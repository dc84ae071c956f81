import { describe, expect, it } from 'vitest';
import { kernelStats, withKernels } from './kernels';
import { Space } from './memory';
import { Adam, SGD, linearDecay } from './optim';
import { Rng } from './rng';
import { Tensor, tensor } from './tensor';
import { expectNear } from './test-kernels';

function param(values: number[]): Tensor {
	return tensor(values, undefined, { requiresGrad: true });
}

function setGrad(p: Tensor, values: number[]): void {
	p.grad = new Float32Array(values);
}

describe('SGD', () => {
	it('plain SGD steps against the gradient by lr times its size', () => {
		const p = param([1, -2]);
		const opt = new SGD([p], { lr: 0.5 });
		setGrad(p, [0.2, -4]);
		opt.step();
		expect(Array.from(p.data)).toEqual([Math.fround(0.9), 0]);
	});

	it('momentum adds μ times the previous step to the current gradient', () => {
		const p = param([0]);
		const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
		setGrad(p, [1]);
		opt.step(); // b = 1, p = −0.1
		setGrad(p, [1]);
		opt.step(); // b = 0.9 + 1 = 1.9, p = −0.1 − 0.19
		expect(p.data[0]).toBeCloseTo(-0.29, 6);
	});

	it('zeroGrad clears every gradient and step skips parameters without one', () => {
		const a = param([1]);
		const b = param([5]);
		const opt = new SGD([a, b], { lr: 1 });
		setGrad(a, [3]);
		opt.step();
		expect(a.data[0]).toBe(-2);
		expect(b.data[0]).toBe(5);
		opt.zeroGrad();
		expect(a.grad![0]).toBe(0);
	});

	it('a parameter that does not require grad is rejected', () => {
		expect(() => new SGD([tensor([1])], { lr: 1 })).toThrow(/does not require grad/);
	});
});

/** Adam in its textbook form (Kingma & Ba), in float64: m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ). */
function referenceAdam(
	p0: number,
	grads: number[],
	{ lr, beta1, beta2, eps }: { lr: number; beta1: number; beta2: number; eps: number }
): number[] {
	let p = p0;
	let m = 0;
	let v = 0;
	const trajectory: number[] = [];
	grads.forEach((g, i) => {
		const t = i + 1;
		m = beta1 * m + (1 - beta1) * g;
		v = beta2 * v + (1 - beta2) * g * g;
		const mHat = m / (1 - beta1 ** t);
		const vHat = v / (1 - beta2 ** t);
		p -= (lr * mHat) / (Math.sqrt(vHat) + eps);
		trajectory.push(p);
	});
	return trajectory;
}

describe('Adam', () => {
	it('the first Adam step moves each parameter by about lr against the sign of its gradient', () => {
		const p = param([1, 1, 1]);
		const opt = new Adam([p], { lr: 0.01 });
		setGrad(p, [0.001, -50, 3]);
		opt.step();
		expect(p.data[0]).toBeCloseTo(0.99, 6);
		expect(p.data[1]).toBeCloseTo(1.01, 6);
		expect(p.data[2]).toBeCloseTo(0.99, 6);
	});

	it('Adam follows the bias-corrected textbook update over several steps', () => {
		const settings = { lr: 0.05, beta1: 0.85, beta2: 0.99, eps: 1e-8 };
		const grads = [0.5, -0.2, 0.8, 0.1, -1.5, 0.3];
		const expected = referenceAdam(2, grads, settings);
		const p = param([2]);
		const opt = new Adam([p], settings);
		grads.forEach((g, i) => {
			setGrad(p, [g]);
			opt.step();
			expect(p.data[0]).toBeCloseTo(expected[i]!, 6);
		});
		expect(opt.t).toBe(grads.length);
	});

	it('Adam restored from a saved state goes on exactly as the original', () => {
		const grads = [0.5, -0.2, 0.8, 0.1, -1.5, 0.3];
		const a = param([2]);
		const original = new Adam([a], { lr: 0.05 });
		const b = param([2]);
		const copy = new Adam([b], { lr: 0.05 });
		grads.forEach((g, i) => {
			if (i === 3) {
				b.data.set(a.data);
				copy.loadState(original.state());
			}
			setGrad(a, [g]);
			original.step();
			if (i >= 3) {
				setGrad(b, [g]);
				copy.step();
			}
		});
		expect(b.data[0]).toBe(a.data[0]);
		expect(copy.t).toBe(original.t);
		expect(() => copy.loadState({ t: 1, m: [], v: [] })).toThrow(/does not fit/);
	});

	it('Adam with the default settings uses β1 0.9, β2 0.999, ε 1e-8 and lr 1e-3', () => {
		const opt = new Adam([param([0])]);
		expect([opt.lr, opt.beta1, opt.beta2, opt.eps]).toEqual([1e-3, 0.9, 0.999, 1e-8]);
	});

	it('weight decay adds λ·p to the gradient before the moments', () => {
		const settings = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
		const p = param([3]);
		const opt = new Adam([p], { ...settings, weightDecay: 0.5 });
		setGrad(p, [-1]);
		opt.step();
		// effective gradient −1 + 0.5·3 = 0.5 > 0, so the first step goes down by ≈ lr
		expect(p.data[0]).toBeCloseTo(referenceAdam(3, [0.5], settings)[0]!, 6);
	});

	it('the learning rate can be changed between steps', () => {
		const p = param([0]);
		const opt = new Adam([p], { lr: 0.1 });
		opt.lr = 0;
		setGrad(p, [1]);
		opt.step();
		expect(p.data[0]).toBe(0);
	});
});

describe('Adam’s SIMD kernel', () => {
	/** Parameters inside a model-like memory, with gradients beside them, from one seed. */
	function setUp(sizes: number[], seed: number) {
		const space = new Space({ pinned: 4 * sizes.reduce((n, s) => n + s + 4, 0) });
		const rng = new Rng(seed);
		const params = sizes.map((n) => {
			const p = new Tensor(space.pin(n)!, [n], true);
			p.data.forEach((_, i) => (p.data[i] = rng.normal()));
			p.grad = space.pin(n)!;
			return p;
		});
		return { params, rng };
	}

	for (const weightDecay of [0, 0.1]) {
		it(`updates parameters in a model’s memory as the TypeScript loop does (weight decay ${weightDecay})`, () => {
			// 4,103 values: whole vectors of four and a leftover of three
			const run = (set: 'typescript' | 'wasm') =>
				withKernels(set, () => {
					const { params, rng } = setUp([4103, 16], 5);
					const opt = new Adam(params, { lr: 0.01, beta1: 0.85, beta2: 0.99, weightDecay });
					const calls = kernelStats.simdCalls;
					for (let step = 0; step < 5; step++) {
						for (const p of params) p.grad!.forEach((_, i) => (p.grad![i] = rng.normal()));
						opt.step();
					}
					return {
						values: params.map((p) => p.data.slice()),
						calls: kernelStats.simdCalls - calls
					};
				});
			const reference = run('typescript');
			const simd = run('wasm');
			expect(reference.calls).toBe(0);
			expect(simd.calls).toBe(10);
			simd.values.forEach((values, i) =>
				expectNear(values, reference.values[i]!, 1e-5, `parameter ${i}`)
			);
		});
	}
});

describe('linearDecay', () => {
	it('linear decay goes from the base rate at step 0 to the final rate at the last step', () => {
		expect(linearDecay(0.01, 0, 100)).toBe(0.01);
		expect(linearDecay(0.01, 50, 100)).toBeCloseTo(0.005, 12);
		expect(linearDecay(0.01, 100, 100)).toBe(0);
		expect(linearDecay(0.01, 150, 100, 0.001)).toBe(0.001);
	});

	it('linear decay rejects a schedule with no steps', () => {
		expect(() => linearDecay(0.01, 0, 0)).toThrow(/totalSteps must be > 0/);
	});
});
