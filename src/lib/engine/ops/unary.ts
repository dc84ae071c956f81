/**
 * Elementwise functions of one tensor: neg, exp, log, relu, tanh. Each backward multiplies the
 * incoming gradient by the local derivative, written in terms of whichever of input or output
 * is cheaper (exp' = exp(x) = y, tanh' = 1 − y²).
 */
import { Tensor, result } from '../tensor';
import { allocate } from '../memory';
import { kernelsFor } from '../wasm/calls';

export function neg(x: Tensor): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	for (let i = 0; i < X.length; i++) out[i] = -X[i]!;
	return result('neg', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) gX[i]! -= G[i]!;
	});
}

export function exp(x: Tensor): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	for (let i = 0; i < X.length; i++) out[i] = Math.exp(X[i]!);
	return result('exp', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) gX[i]! += G[i]! * out[i]!;
	});
}

/** Natural log; log(0) = −Infinity and log of a negative number is NaN, as in IEEE maths. */
export function log(x: Tensor): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	for (let i = 0; i < X.length; i++) out[i] = Math.log(X[i]!);
	return result('log', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) gX[i]! += G[i]! / X[i]!;
	});
}

/** max(x, 0); the gradient at exactly 0 is taken as 0 (as in PyTorch). */
export function relu(x: Tensor): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	const kernels = kernelsFor(X, out);
	if (kernels !== null) kernels.relu(X.byteOffset, out.byteOffset, X.length);
	else {
		for (let i = 0; i < X.length; i++) {
			const v = X[i]!;
			out[i] = v > 0 ? v : 0;
		}
	}
	return result('relu', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		const back = kernelsFor(X, G, gX);
		if (back !== null) back.reluBackward(X.byteOffset, G.byteOffset, gX.byteOffset, G.length);
		else for (let i = 0; i < G.length; i++) if (X[i]! > 0) gX[i]! += G[i]!;
	});
}

export function tanh(x: Tensor): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	for (let i = 0; i < X.length; i++) out[i] = Math.tanh(X[i]!);
	return result('tanh', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) {
			const y = out[i]!;
			gX[i]! += G[i]! * (1 - y * y);
		}
	});
}
