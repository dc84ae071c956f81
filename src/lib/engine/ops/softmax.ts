/**
 * softmax and logSoftmax along one axis (default: the last).
 *
 * Both subtract the row maximum before exponentiating, so logits of ±1e4 give exact
 * probabilities instead of Infinity/NaN: softmax(x) = softmax(x − max x). A row that is entirely
 * −Infinity has no probabilities to give and comes out NaN.
 */
import { Tensor, result, sizeOf } from '../tensor';
import { normaliseAxis } from './reduce';

interface Layout {
	outer: number;
	n: number;
	inner: number;
}

function layout(name: string, x: Tensor, axis: number): Layout {
	const ax = normaliseAxis(name, x.shape, axis);
	return {
		outer: sizeOf(x.shape.slice(0, ax)),
		n: x.shape[ax]!,
		inner: sizeOf(x.shape.slice(ax + 1))
	};
}

/** Writes softmax (or, with `asLog`, log-softmax) of X into Y along the middle axis of [outer, n, inner]. */
function softmaxKernel(
	X: Float32Array,
	Y: Float32Array,
	{ outer, n, inner }: Layout,
	asLog: boolean
): void {
	for (let o = 0; o < outer; o++) {
		for (let i = 0; i < inner; i++) {
			const base = o * n * inner + i;
			let max = -Infinity;
			for (let k = 0; k < n; k++) max = Math.max(max, X[base + k * inner]!);
			let total = 0;
			for (let k = 0; k < n; k++) total += Math.exp(X[base + k * inner]! - max);
			if (asLog) {
				const logTotal = Math.log(total);
				for (let k = 0; k < n; k++) Y[base + k * inner] = X[base + k * inner]! - max - logTotal;
			} else {
				for (let k = 0; k < n; k++)
					Y[base + k * inner] = Math.exp(X[base + k * inner]! - max) / total;
			}
		}
	}
}

/** exp(x) / Σ exp(x) along `axis`. */
export function softmax(x: Tensor, axis = -1): Tensor {
	const shape = layout('softmax', x, axis);
	const { outer, n, inner } = shape;
	const Y = new Float32Array(x.size);
	softmaxKernel(x.data, Y, shape, false);
	return result('softmax', Y, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		// dx_k = y_k (g_k − Σ_j g_j y_j)
		for (let o = 0; o < outer; o++) {
			for (let i = 0; i < inner; i++) {
				const base = o * n * inner + i;
				let dot = 0;
				for (let k = 0; k < n; k++) dot += G[base + k * inner]! * Y[base + k * inner]!;
				for (let k = 0; k < n; k++) {
					const j = base + k * inner;
					gX[j]! += Y[j]! * (G[j]! - dot);
				}
			}
		}
	});
}

/** x − log Σ exp(x) along `axis`: log-probabilities without ever computing a tiny probability. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
	const shape = layout('logSoftmax', x, axis);
	const { outer, n, inner } = shape;
	const Y = new Float32Array(x.size);
	softmaxKernel(x.data, Y, shape, true);
	return result('logSoftmax', Y, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		// dx_k = g_k − softmax_k Σ_j g_j, and softmax_k = exp(y_k)
		for (let o = 0; o < outer; o++) {
			for (let i = 0; i < inner; i++) {
				const base = o * n * inner + i;
				let total = 0;
				for (let k = 0; k < n; k++) total += G[base + k * inner]!;
				for (let k = 0; k < n; k++) {
					const j = base + k * inner;
					gX[j]! += G[j]! - Math.exp(Y[j]!) * total;
				}
			}
		}
	});
}
