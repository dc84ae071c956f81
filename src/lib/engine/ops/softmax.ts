/**
 * softmax and logSoftmax along one axis (default: the last), each row through the stable
 * kernel in softmax-row.ts: logits of ±1e4 give exact probabilities instead of Infinity/NaN, and
 * a row that is entirely −Infinity comes out NaN.
 *
 * Along an axis the tensor is seen as [outer, n, inner], so row (o, i) is the n values from
 * o·n·inner + i, a stride of `inner` apart.
 */
import { Tensor, result, sizeOf } from '../tensor';
import { allocate } from '../memory';
import { normaliseAxis } from './reduce';
import { softmaxRow, softmaxRowBackward } from './softmax-row';

interface Rows {
	outer: number;
	n: number;
	inner: number;
}

function rowsOf(name: string, x: Tensor, axis: number): Rows {
	const ax = normaliseAxis(name, x.shape, axis);
	return {
		outer: sizeOf(x.shape.slice(0, ax)),
		n: x.shape[ax]!,
		inner: sizeOf(x.shape.slice(ax + 1))
	};
}

/** exp(x) / Σ exp(x) along `axis`. */
export function softmax(x: Tensor, axis = -1): Tensor {
	const { outer, n, inner } = rowsOf('softmax', x, axis);
	const Y = allocate(x.size);
	for (let o = 0; o < outer; o++) {
		for (let i = 0; i < inner; i++) softmaxRow(x.data, Y, o * n * inner + i, n, inner);
	}
	return result('softmax', Y, x.shape, [x], (res) => () => {
		const G = res.grad!;
		for (let o = 0; o < outer; o++) {
			for (let i = 0; i < inner; i++)
				softmaxRowBackward(Y, G, x.grad!, o * n * inner + i, n, inner, 1);
		}
	});
}

/** x − log Σ exp(x) along `axis`: log-probabilities without ever computing a tiny probability. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
	const { outer, n, inner } = rowsOf('logSoftmax', x, axis);
	const X = x.data;
	const Y = allocate(x.size);
	for (let o = 0; o < outer; o++) {
		for (let i = 0; i < inner; i++) {
			const from = o * n * inner + i;
			const logTotal = softmaxRow(X, Y, from, n, inner);
			for (let k = 0; k < n; k++) Y[from + k * inner] = X[from + k * inner]! - logTotal;
		}
	}
	return result('logSoftmax', Y, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		// dx_k = g_k − softmax_k Σ_j g_j, and softmax_k = exp(y_k)
		for (let o = 0; o < outer; o++) {
			for (let i = 0; i < inner; i++) {
				const from = o * n * inner + i;
				let total = 0;
				for (let k = 0; k < n; k++) total += G[from + k * inner]!;
				for (let k = 0; k < n; k++) {
					const j = from + k * inner;
					gX[j]! += G[j]! - Math.exp(Y[j]!) * total;
				}
			}
		}
	});
}
