/**
 * The matrix-multiply kernel shared by matmul, linear and attention, working on raw Float32Arrays
 * (no Tensors, no gradients): each product in the engine, forward or backward, is one call.
 */

/**
 * The one kernel behind every product: C(i,j) += Σ_k A(i,k) · B(k,j) for i < M, j < N, k < K,
 * where every operand is read through strides (as in BLAS):
 *   A(i,k) = A[i·aRow + k·aK],  B(k,j) = B[k·bK + j·bCol],  C(i,j) = C[i·cRow + j].
 * Strides let the same loop compute A·B, A·Bᵀ and Aᵀ·B without copying a transpose, and work on
 * one attention head's columns inside a wider matrix (pass a subarray starting at its column).
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
	bCol: number,
	cRow: number = N
): void {
	let i = 0;
	for (; i + 2 <= M; i += 2) {
		const a0 = i * aRow;
		const a1 = a0 + aRow;
		const c0 = i * cRow;
		const c1 = c0 + cRow;
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
			C[i * cRow + j]! += s;
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
