/**
 * Matrix products of 2-D tensors: matmul (A·B), linear (X·Wᵀ, the layout every weight in the GPT
 * uses) and transpose.
 *
 * All three products and their gradients go through one register-blocked kernel, `gemm`.
 */
import { Tensor, formatShape, result } from '../tensor';

function check2d(name: string, role: string, t: Tensor): void {
	if (t.shape.length !== 2) {
		throw new Error(`${name}: ${role} must be 2-D, got shape ${formatShape(t.shape)}`);
	}
}

/**
 * The one kernel behind every product: C[i,j] += Σ_k A(i,k) · B(k,j) for C row-major [M,N], where
 * the operands are read through strides, A(i,k) = A[i·aRow + k·aK] and B(k,j) = B[k·bK + j·bCol].
 * Strides let the same loop compute A·B, A·Bᵀ and Aᵀ·B without copying a transpose.
 *
 * Speed comes from register blocking: each pass of the k loop updates a 2×4 tile of C held in
 * eight local variables, so every value loaded from A is used 4 times and every value from B
 * twice. (The plain triple loop reloads and re-stores C[i,j] for each k and runs about 3× slower.)
 * Leftover rows and columns fall through to simpler loops below.
 */
export function gemm(
	C: Float32Array,
	A: Float32Array,
	B: Float32Array,
	M: number,
	K: number,
	N: number,
	aRow: number,
	aK: number,
	bK: number,
	bCol: number
): void {
	let i = 0;
	for (; i + 2 <= M; i += 2) {
		const a0 = i * aRow;
		const a1 = a0 + aRow;
		const c0 = i * N;
		const c1 = c0 + N;
		let j = 0;
		for (; j + 4 <= N; j += 4) {
			const b0 = j * bCol;
			const b1 = b0 + bCol;
			const b2 = b1 + bCol;
			const b3 = b2 + bCol;
			let s00 = 0,
				s01 = 0,
				s02 = 0,
				s03 = 0;
			let s10 = 0,
				s11 = 0,
				s12 = 0,
				s13 = 0;
			for (let k = 0; k < K; k++) {
				const x0 = A[a0 + k * aK]!;
				const x1 = A[a1 + k * aK]!;
				const kb = k * bK;
				const w0 = B[b0 + kb]!;
				const w1 = B[b1 + kb]!;
				const w2 = B[b2 + kb]!;
				const w3 = B[b3 + kb]!;
				s00 += x0 * w0;
				s01 += x0 * w1;
				s02 += x0 * w2;
				s03 += x0 * w3;
				s10 += x1 * w0;
				s11 += x1 * w1;
				s12 += x1 * w2;
				s13 += x1 * w3;
			}
			C[c0 + j]! += s00;
			C[c0 + j + 1]! += s01;
			C[c0 + j + 2]! += s02;
			C[c0 + j + 3]! += s03;
			C[c1 + j]! += s10;
			C[c1 + j + 1]! += s11;
			C[c1 + j + 2]! += s12;
			C[c1 + j + 3]! += s13;
		}
		for (; j < N; j++) {
			const b = j * bCol;
			let s0 = 0;
			let s1 = 0;
			for (let k = 0; k < K; k++) {
				const w = B[b + k * bK]!;
				s0 += A[a0 + k * aK]! * w;
				s1 += A[a1 + k * aK]! * w;
			}
			C[c0 + j]! += s0;
			C[c1 + j]! += s1;
		}
	}
	for (; i < M; i++) {
		const a = i * aRow;
		for (let j = 0; j < N; j++) {
			const b = j * bCol;
			let s = 0;
			for (let k = 0; k < K; k++) s += A[a + k * aK]! * B[b + k * bK]!;
			C[i * N + j]! += s;
		}
	}
}

/** C[M,N] += A[M,K] · B[K,N]. */
export function matmulInto(
	C: Float32Array,
	A: Float32Array,
	B: Float32Array,
	M: number,
	K: number,
	N: number
): void {
	gemm(C, A, B, M, K, N, K, 1, N, 1);
}

/** C[M,N] += A[M,K] · B[N,K]ᵀ (B stored as rows of length K, like a weight [out, in]). */
export function matmulTransposedInto(
	C: Float32Array,
	A: Float32Array,
	B: Float32Array,
	M: number,
	K: number,
	N: number
): void {
	gemm(C, A, B, M, K, N, K, 1, 1, K);
}

/** C[K,N] += A[M,K]ᵀ · B[M,N] (the weight gradient of a product). */
export function matmulTransposedAInto(
	C: Float32Array,
	A: Float32Array,
	B: Float32Array,
	M: number,
	K: number,
	N: number
): void {
	gemm(C, A, B, K, M, N, 1, K, N, 1);
}

/** A[M,K] · B[K,N] → [M,N]. */
export function matmul(a: Tensor, b: Tensor): Tensor {
	check2d('matmul', 'left operand', a);
	check2d('matmul', 'right operand', b);
	const [M, K] = a.shape as [number, number];
	const [K2, N] = b.shape as [number, number];
	if (K !== K2) {
		throw new Error(
			`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not chain; ` +
				`the inner dimensions (${K} and ${K2}) must match`
		);
	}
	const out = new Float32Array(M * N);
	matmulInto(out, a.data, b.data, M, K, N);
	return result('matmul', out, [M, N], [a, b], (res) => () => {
		const G = res.grad!;
		// dA = G·Bᵀ, dB = Aᵀ·G
		if (a.requiresGrad) matmulTransposedInto(a.grad!, G, b.data, M, N, K);
		if (b.requiresGrad) matmulTransposedAInto(b.grad!, a.data, G, M, K, N);
	});
}

/**
 * X[T,in] · W[out,in]ᵀ → [T,out]: a bias-free linear layer whose weight is stored [out, in],
 * as in PyTorch's nn.Linear.
 */
export function linear(x: Tensor, weight: Tensor): Tensor {
	check2d('linear', 'input', x);
	check2d('linear', 'weight', weight);
	const [T, nIn] = x.shape as [number, number];
	const [nOut, nIn2] = weight.shape as [number, number];
	if (nIn !== nIn2) {
		throw new Error(
			`linear: input ${formatShape(x.shape)} and weight ${formatShape(weight.shape)} do not fit; ` +
				`the weight is [out, in] and its in (${nIn2}) must equal the input's last dimension (${nIn})`
		);
	}
	const out = new Float32Array(T * nOut);
	matmulTransposedInto(out, x.data, weight.data, T, nIn, nOut);
	return result('linear', out, [T, nOut], [x, weight], (res) => () => {
		const G = res.grad!;
		// dX = G·W, dW = Gᵀ·X
		if (x.requiresGrad) matmulInto(x.grad!, G, weight.data, T, nOut, nIn);
		if (weight.requiresGrad) matmulTransposedAInto(weight.grad!, G, x.data, T, nOut, nIn);
	});
}

/** Swaps the two dimensions of a 2-D tensor. */
export function transpose(x: Tensor): Tensor {
	check2d('transpose', 'input', x);
	const [R, C] = x.shape as [number, number];
	const X = x.data;
	const out = new Float32Array(R * C);
	for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) out[c * R + r] = X[r * C + c]!;
	return result('transpose', out, [C, R], [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) gX[r * C + c]! += G[c * R + r]!;
	});
}
