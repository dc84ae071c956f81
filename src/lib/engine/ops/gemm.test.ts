import { describe, expect, it } from 'vitest';
import { kernelStats, withKernels } from '../kernels';
import { Space } from '../memory';
import { Rng } from '../rng';
import { forEachKernelSet } from '../test-kernels';
import { gemm, matmulInto, rowMajor, transposed, type Layout } from './gemm';

function random(n: number, rng: Rng): Float32Array {
	return Float32Array.from({ length: n }, () => Math.round(rng.normal() * 64) / 64);
}

/** C[M,N] = A[M,K]·B[K,N] by the textbook triple loop. */
function naive(A: Float32Array, B: Float32Array, M: number, K: number, N: number): Float64Array {
	const C = new Float64Array(M * N);
	for (let i = 0; i < M; i++) {
		for (let j = 0; j < N; j++) {
			for (let k = 0; k < K; k++) C[i * N + j]! += A[i * K + k]! * B[k * N + j]!;
		}
	}
	return C;
}

function transpose(X: Float32Array, rows: number, cols: number): Float32Array {
	const T = new Float32Array(rows * cols);
	for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) T[c * rows + r] = X[r * cols + c]!;
	return T;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
	expect(actual.length).toBe(expected.length);
	for (let i = 0; i < expected.length; i++) {
		expect(Math.abs(actual[i]! - expected[i]!), `entry ${i}`).toBeLessThan(1e-4);
	}
}

// sizes that exercise every tile and every leftover row, column and k of both kernels: the
// TypeScript 2×4 tiles; the SIMD 4×8 and 4×4 tiles of rows, 2×4 tiles of dot products in
// steps of four k
const sizes = [
	[1, 1, 1],
	[2, 3, 4],
	[3, 5, 7],
	[4, 4, 8],
	[7, 9, 13],
	[13, 9, 17],
	[16, 16, 27],
	[17, 9, 6],
	[33, 66, 31]
] as const;

forEachKernelSet('matmulInto: the three layouts of whole row-major arrays', () => {
	for (const [M, K, N] of sizes) {
		it(`A·B, A·Bᵀ and Aᵀ·B of ${M}×${K} by ${K}×${N} all give the triple loop’s M×N product`, () => {
			const rng = new Rng(M * 100 + K * 10 + N);
			const A = random(M * K, rng);
			const B = random(K * N, rng);
			const expected = naive(A, B, M, K, N);
			// the same product, with A or B stored transposed as each layout expects
			const stored: Record<Layout, [Float32Array, Float32Array]> = {
				'A·B': [A, B],
				'A·Bᵀ': [A, transpose(B, K, N)],
				'Aᵀ·B': [transpose(A, M, K), B]
			};
			for (const [layout, [a, b]] of Object.entries(stored) as [Layout, Float32Array[]][]) {
				const C = new Float32Array(M * N);
				matmulInto(layout, C, a!, b!, M, K, N);
				expectClose(C, expected);
			}
		});
	}

	it('accumulates into C rather than overwriting it', () => {
		const C = new Float32Array([10]);
		matmulInto('A·B', C, new Float32Array([2]), new Float32Array([3]), 1, 1, 1);
		expect(C[0]).toBe(16);
	});
});

forEachKernelSet('gemm on strided operands', () => {
	it('reads a transposed operand by swapping its strides, without a copy', () => {
		const rng = new Rng(5);
		const A = random(3 * 4, rng);
		const B = random(4 * 5, rng);
		const C = new Float32Array(15);
		// Aᵀ is stored [4,3]; read transposed it is A again
		gemm(rowMajor(C, 5), transposed(rowMajor(transpose(A, 3, 4), 3)), rowMajor(B, 5), 3, 4, 5);
		expectClose(C, naive(A, B, 3, 4, 5));
	});

	it('multiplies column blocks of wider matrices, as attention does for one head', () => {
		// Q and K are [6, 8] with head 1 in columns 4 … 7: S = Q₁ K₁ᵀ is 6×6
		const rng = new Rng(6);
		const Q = random(6 * 8, rng);
		const Kx = random(6 * 8, rng);
		const S = new Float32Array(36);
		gemm(rowMajor(S, 6), rowMajor(Q, 8, 4), transposed(rowMajor(Kx, 8, 4)), 6, 4, 6);
		const block = (X: Float32Array) =>
			Float32Array.from({ length: 24 }, (_, i) => X[Math.floor(i / 4) * 8 + 4 + (i % 4)]!);
		expectClose(S, naive(block(Q), transpose(block(Kx), 6, 4), 6, 4, 6));
	});

	it('writes one column block of a wider C and leaves the rest untouched', () => {
		// C is 3×5; write a 3×2 product into its columns 1 … 2
		const rng = new Rng(7);
		const A = random(3 * 4, rng);
		const B = random(4 * 2, rng);
		const C = new Float32Array(15).fill(-1);
		gemm(rowMajor(C, 5, 1), rowMajor(A, 4), rowMajor(B, 2), 3, 4, 2);
		const expected = naive(A, B, 3, 4, 2);
		for (let i = 0; i < 3; i++) {
			for (let j = 0; j < 5; j++) {
				const want = j === 1 || j === 2 ? expected[i * 2 + j - 1]! - 1 : -1;
				expect(C[i * 5 + j]).toBeCloseTo(want, 4);
			}
		}
	});

	it('writes through a transposed C, so it can produce Cᵀ directly', () => {
		const rng = new Rng(8);
		const A = random(5 * 3, rng);
		const B = random(3 * 6, rng);
		const Ct = new Float32Array(30);
		gemm(transposed(rowMajor(Ct, 5)), rowMajor(A, 3), rowMajor(B, 6), 5, 3, 6);
		expectClose(Ct, transpose(Float32Array.from(naive(A, B, 5, 3, 6)), 5, 6));
	});
});

describe('the SIMD kernel on operands inside a WebAssembly memory', () => {
	it('computes every layout in place, as a training step calls it, copying nothing', () => {
		for (const [M, K, N] of sizes) {
			const rng = new Rng(M * 31 + K * 7 + N);
			const A = random(M * K, rng);
			const B = random(K * N, rng);
			const expected = naive(A, B, M, K, N);
			const space = new Space({ pinned: 3 * (M * K + K * N + M * N) + 64 });
			const pin = (values: Float32Array) => {
				const pinned = space.pin(values.length)!;
				pinned.set(values);
				return pinned;
			};
			const stored: Record<Layout, [Float32Array, Float32Array]> = {
				'A·B': [pin(A), pin(B)],
				'A·Bᵀ': [pin(A), pin(transpose(B, K, N))],
				'Aᵀ·B': [pin(transpose(A, M, K)), pin(B)]
			};
			for (const [layout, [a, b]] of Object.entries(stored) as [Layout, Float32Array[]][]) {
				const C = space.pin(M * N)!;
				const copied = kernelStats.copiedFloats;
				const calls = kernelStats.simdCalls;
				withKernels('wasm', () => matmulInto(layout, C, a!, b!, M, K, N));
				expect(kernelStats.simdCalls, `${layout} ${M}×${K}×${N}`).toBe(calls + 1);
				expect(kernelStats.copiedFloats).toBe(copied);
				expectClose(C, expected);
			}
		}
	});
});
