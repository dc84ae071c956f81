/**
 * Finite-difference gradient check, shared by every op's test.
 *
 * For a function f of some tensors, pick fixed random weights w and look at the scalar
 * L = Σ w · f(inputs). Backpropagation gives dL/dx for every input element at once; the central
 * difference (L(x + h) − L(x − h)) / 2h estimates each one independently. The two must agree.
 *
 * Precision: the engine stores float32, so L is only good to about 1e-7 relative. With h = 2⁻⁷
 * and inputs on a 2⁻¹⁰ grid (so x ± h is exact in float32) the estimate is good to ~1e-4 — far
 * tighter than the error of a wrong sign or a dropped term, which is the size of the gradient.
 */
import { Rng } from './rng';
import { Tensor, backpropagate, noGrad, sizeOf, type Shape } from './tensor';

export interface GradcheckOptions {
	/** Step h of the central difference. */
	eps?: number;
	/** Allowed |numeric − analytic| is atol + rtol · |numeric|. */
	atol?: number;
	rtol?: number;
	/** Seed of the random output weights w. */
	seed?: number;
}

export interface GradcheckReport {
	/** Largest |numeric − analytic| over all checked elements. */
	maxError: number;
	/** Number of input elements checked. */
	checked: number;
}

/** Random values on a 2⁻¹⁰ grid in [−scale, scale], at least `minAbs` away from 0. */
export function gridTensor(
	shape: Shape,
	rng: Rng,
	{ scale = 1, minAbs = 0, requiresGrad = true } = {}
): Tensor {
	const data = new Float32Array(sizeOf(shape));
	for (let i = 0; i < data.length; i++) {
		const magnitude = minAbs + rng.uniform() * (scale - minAbs);
		const sign = rng.uniform() < 0.5 ? -1 : 1;
		data[i] = (sign * Math.round(magnitude * 1024)) / 1024;
	}
	return new Tensor(data, [...shape], requiresGrad);
}

function weightedSum(out: Float32Array, w: Float64Array): number {
	let s = 0;
	for (let i = 0; i < out.length; i++) s += out[i]! * w[i]!;
	return s;
}

/**
 * Checks the backward pass of `f` against finite differences for every element of every input
 * that requires grad. Throws, naming the worst element, if any disagree; returns the error found.
 */
export function gradcheck(
	f: (...inputs: Tensor[]) => Tensor,
	inputs: Tensor[],
	{ eps = 2 ** -7, atol = 1e-3, rtol = 1e-2, seed = 1 }: GradcheckOptions = {}
): GradcheckReport {
	const out = f(...inputs);
	const rng = new Rng(seed);
	const w = new Float64Array(out.size);
	for (let i = 0; i < w.length; i++) w[i] = Math.round((rng.uniform() * 2 - 1) * 1024) / 1024;

	for (const x of inputs) x.grad = null;
	backpropagate(out, w);

	let maxError = 0;
	let checked = 0;
	let worst = '';
	let worstExcess = 0;
	noGrad(() => {
		inputs.forEach((x, n) => {
			if (!x.requiresGrad) return;
			const analytic = x.grad ?? new Float32Array(x.size);
			for (let j = 0; j < x.size; j++) {
				const original = x.data[j]!;
				x.data[j] = original + eps;
				const plus = x.data[j]!;
				const lossPlus = weightedSum(f(...inputs).data, w);
				x.data[j] = original - eps;
				const minus = x.data[j]!;
				const lossMinus = weightedSum(f(...inputs).data, w);
				x.data[j] = original;
				const numeric = (lossPlus - lossMinus) / (plus - minus);
				const error = Math.abs(numeric - analytic[j]!);
				const excess = error - (atol + rtol * Math.abs(numeric));
				maxError = Math.max(maxError, error);
				checked++;
				if (!(excess <= worstExcess)) {
					worstExcess = excess;
					worst =
						`input ${n} ${x.shape.length ? `[${x.shape.join(',')}]` : 'scalar'} element ${j}: ` +
						`analytic ${analytic[j]} vs numeric ${numeric}`;
				}
			}
		});
	});
	if (worst !== '') throw new Error(`gradcheck failed (max error ${maxError}): ${worst}`);
	return { maxError, checked };
}
