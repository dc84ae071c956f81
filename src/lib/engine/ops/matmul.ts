/**
 * Matrix products of 2-D tensors: matmul (A·B), linear (X·Wᵀ, the layout every weight in the GPT
 * uses) and transpose.
 *
 * Both products and their gradients go through one register-blocked kernel, `gemm` (gemm.ts).
 */
import { Tensor, formatShape, result } from '../tensor';
import { allocate } from '../memory';
import { matmulInto } from './gemm';

function check2d(name: string, role: string, t: Tensor): void {
	if (t.shape.length !== 2) {
		throw new Error(`${name}: ${role} must be 2-D, got shape ${formatShape(t.shape)}`);
	}
}

/** A[M,K] · B[K,N] → [M,N]. */
export function matmul(a: Tensor, b: Tensor): Tensor {
	check2d('matmul', 'left operand', a);
	check2d('matmul', 'right operand', b);
	const M = a.shape[0]!;
	const K = a.shape[1]!;
	const K2 = b.shape[0]!;
	const N = b.shape[1]!;
	if (K !== K2) {
		throw new Error(
			`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not chain; ` +
				`the inner dimensions (${K} and ${K2}) must match`
		);
	}
	const out = allocate(M * N);
	matmulInto('A·B', out, a.data, b.data, M, K, N);
	return result('matmul', out, [M, N], [a, b], (res) => () => {
		const G = res.grad!;
		// dA [M,K] = G [M,N] · Bᵀ,  dB [K,N] = Aᵀ · G
		if (a.requiresGrad) matmulInto('A·Bᵀ', a.grad!, G, b.data, M, N, K);
		if (b.requiresGrad) matmulInto('Aᵀ·B', b.grad!, a.data, G, K, M, N);
	});
}

/**
 * X[T,in] · W[out,in]ᵀ → [T,out]: a bias-free linear layer whose weight is stored [out, in],
 * as in PyTorch's nn.Linear.
 */
export function linear(x: Tensor, weight: Tensor): Tensor {
	check2d('linear', 'input', x);
	check2d('linear', 'weight', weight);
	const T = x.shape[0]!;
	const nIn = x.shape[1]!;
	const nOut = weight.shape[0]!;
	const nIn2 = weight.shape[1]!;
	if (nIn !== nIn2) {
		throw new Error(
			`linear: input ${formatShape(x.shape)} and weight ${formatShape(weight.shape)} do not fit; ` +
				`the weight is [out, in] and its in (${nIn2}) must equal the input's last dimension (${nIn})`
		);
	}
	const out = allocate(T * nOut);
	matmulInto('A·Bᵀ', out, x.data, weight.data, T, nIn, nOut);
	return result('linear', out, [T, nOut], [x, weight], (res) => () => {
		const G = res.grad!;
		// dX [T,in] = G [T,out] · W [out,in],  dW [out,in] = Gᵀ · X
		if (x.requiresGrad) matmulInto('A·B', x.grad!, G, weight.data, T, nOut, nIn);
		if (weight.requiresGrad) matmulInto('Aᵀ·B', weight.grad!, G, x.data, nOut, T, nIn);
	});
}

/** Swaps the two dimensions of a 2-D tensor. */
export function transpose(x: Tensor): Tensor {
	check2d('transpose', 'input', x);
	const R = x.shape[0]!;
	const C = x.shape[1]!;
	const X = x.data;
	const out = allocate(R * C);
	for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) out[c * R + r] = X[r * C + c]!;
	return result('transpose', out, [C, R], [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) gX[r * C + c]! += G[c * R + r]!;
	});
}
