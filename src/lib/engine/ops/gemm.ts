/**
 * The matrix-multiply kernel behind matmul, linear and attention, on raw Float32Arrays (no
 * Tensors, no gradients): every product in the engine, forward or backward, is one call of
 *
 *   gemm(C, A, B, M, K, N):   C (M×N) += A (M×K) · B (K×N)
 *
 * M, K and N always mean the same thing: rows of C, the inner dimension, columns of C. Each
 * operand is a `Matrix`, an array plus where entry (i, j) sits in it (as in BLAS), so the same
 * loop reads a transpose without copying it (swap the strides) and one attention head's columns
 * inside a wider matrix (an offset and the wider row stride):
 *
 *   gemm(rowMajor(C, N), rowMajor(A, K), transposed(rowMajor(W, K)), M, K, N);   // C += A·Wᵀ
 *   gemm(rowMajor(S, T), rowMajor(q, width, h * D), transposed(rowMajor(k, width, h * D)), T, D, T);
 *
 * For whole row-major arrays, `matmulInto` names the three layouts the engine uses.
 *
 * Two kernels do the work: the WebAssembly SIMD one (assembly/gemm.ts) wherever it can run, and
 * `gemmTypeScript` below, the fallback and the reference the tests hold the other to
 * (kernels.ts chooses).
 */
import { wasmKernels } from '../kernels';
import { gemmWasm } from '../wasm/calls';

/** A matrix inside a Float32Array: entry (i, j) is data[offset + i·rowStride + j·colStride]. */
export interface Matrix {
	readonly data: Float32Array;
	readonly offset: number;
	readonly rowStride: number;
	readonly colStride: number;
}

/**
 * Row-major storage whose rows are `rowStride` values apart (the width of the stored matrix),
 * starting at `offset`: a whole matrix, or a block of its columns.
 */
export function rowMajor(data: Float32Array, rowStride: number, offset = 0): Matrix {
	return { data, offset, rowStride, colStride: 1 };
}

/** The same storage read as its transpose: entry (i, j) is m's entry (j, i). */
export function transposed(m: Matrix): Matrix {
	return { data: m.data, offset: m.offset, rowStride: m.colStride, colStride: m.rowStride };
}

/** C(i,j) += Σ_k A(i,k) · B(k,j) for i < M, j < N, k < K, by the kernel set that runs now. */
export function gemm(C: Matrix, A: Matrix, B: Matrix, M: number, K: number, N: number): void {
	if (wasmKernels() && gemmWasm(C, A, B, M, K, N)) return;
	gemmTypeScript(C, A, B, M, K, N);
}

/**
 * The TypeScript kernel: C(i,j) += Σ_k A(i,k) · B(k,j), summed in float64.
 *
 * Speed comes from register blocking: each pass of the k loop updates a 2×4 tile of C held in
 * eight local variables, so every value loaded from A is used 4 times and every value from B
 * twice. Leftover rows and columns fall through to simpler loops below.
 */
export function gemmTypeScript(
	C: Matrix,
	A: Matrix,
	B: Matrix,
	M: number,
	K: number,
	N: number
): void {
	const a = A.data;
	const aRow = A.rowStride;
	const aK = A.colStride;
	const b = B.data;
	const bK = B.rowStride;
	const bCol = B.colStride;
	const c = C.data;
	const cRow = C.rowStride;
	const cCol = C.colStride;
	let i = 0;
	for (; i + 2 <= M; i += 2) {
		const a0 = A.offset + i * aRow;
		const a1 = a0 + aRow;
		const c0 = C.offset + i * cRow;
		const c1 = c0 + cRow;
		let j = 0;
		for (; j + 4 <= N; j += 4) {
			const b0 = B.offset + j * bCol;
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
				const x0 = a[a0 + k * aK]!;
				const x1 = a[a1 + k * aK]!;
				const kb = k * bK;
				const w0 = b[b0 + kb]!;
				const w1 = b[b1 + kb]!;
				const w2 = b[b2 + kb]!;
				const w3 = b[b3 + kb]!;
				s00 += x0 * w0;
				s01 += x0 * w1;
				s02 += x0 * w2;
				s03 += x0 * w3;
				s10 += x1 * w0;
				s11 += x1 * w1;
				s12 += x1 * w2;
				s13 += x1 * w3;
			}
			const cj = j * cCol;
			c[c0 + cj]! += s00;
			c[c0 + cj + cCol]! += s01;
			c[c0 + cj + 2 * cCol]! += s02;
			c[c0 + cj + 3 * cCol]! += s03;
			c[c1 + cj]! += s10;
			c[c1 + cj + cCol]! += s11;
			c[c1 + cj + 2 * cCol]! += s12;
			c[c1 + cj + 3 * cCol]! += s13;
		}
		for (; j < N; j++) {
			const bj = B.offset + j * bCol;
			let s0 = 0;
			let s1 = 0;
			for (let k = 0; k < K; k++) {
				const w = b[bj + k * bK]!;
				s0 += a[a0 + k * aK]! * w;
				s1 += a[a1 + k * aK]! * w;
			}
			c[c0 + j * cCol]! += s0;
			c[c1 + j * cCol]! += s1;
		}
	}
	for (; i < M; i++) {
		const ai = A.offset + i * aRow;
		for (let j = 0; j < N; j++) {
			const bj = B.offset + j * bCol;
			let s = 0;
			for (let k = 0; k < K; k++) s += a[ai + k * aK]! * b[bj + k * bK]!;
			c[C.offset + i * cRow + j * cCol]! += s;
		}
	}
}

/**
 * The three products of whole row-major arrays the engine needs, by name. C is stored [M, N];
 *   'A·B'    A stored [M, K], B stored [K, N]
 *   'A·Bᵀ'   A stored [M, K], B stored [N, K]   (x·Wᵀ with a weight stored [out, in])
 *   'Aᵀ·B'   A stored [K, M], B stored [K, N]   (a weight's gradient Gᵀ·X)
 */
export type Layout = 'A·B' | 'A·Bᵀ' | 'Aᵀ·B';

/** C (M×N) += A (M×K) · B (K×N), with A and B read from whole row-major arrays as `layout` says. */
export function matmulInto(
	layout: Layout,
	C: Float32Array,
	A: Float32Array,
	B: Float32Array,
	M: number,
	K: number,
	N: number
): void {
	const a = layout === 'Aᵀ·B' ? transposed(rowMajor(A, M)) : rowMajor(A, K);
	const b = layout === 'A·Bᵀ' ? transposed(rowMajor(B, K)) : rowMajor(B, N);
	gemm(rowMajor(C, N), a, b, M, K, N);
}
