import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { gemm, matmulInto, matmulTransposedAInto, matmulTransposedInto } from './gemm';

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

function transposed(X: Float32Array, rows: number, cols: number): Float32Array {
	const T = new Float32Array(rows * cols);
	for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) T[c * rows + r] = X[r * cols + c]!;
	return T;
}

function expectClose(actual: Float32Array, expected: Float64Array): void {
	for (let i = 0; i < expected.length; i++) {
		expect(Math.abs(actual[i]! - expected[i]!), `entry ${i}`).toBeLessThan(1e-4);
	}
}

describe('gemm', () => {
	// sizes that exercise the 2×4 tiles and every leftover row and column path
	const sizes = [
		[1, 1, 1],
		[2, 3, 4],
		[3, 5, 7],
		[16, 16, 27],
		[17, 9, 6]
	] as const;

	for (const [M, K, N] of sizes) {
		it(`A·B, A·Bᵀ and Aᵀ·B of ${M}×${K} by ${K}×${N} match the triple loop`, () => {
			const rng = new Rng(M * 100 + K * 10 + N);
			const A = random(M * K, rng);
			const B = random(K * N, rng);
			const expected = naive(A, B, M, K, N);

			const c1 = new Float32Array(M * N);
			matmulInto(c1, A, B, M, K, N);
			expectClose(c1, expected);

			const c2 = new Float32Array(M * N);
			matmulTransposedInto(c2, A, transposed(B, K, N), M, K, N);
			expectClose(c2, expected);

			const c3 = new Float32Array(M * N);
			matmulTransposedAInto(c3, transposed(A, M, K), B, K, M, N);
			expectClose(c3, expected);
		});
	}

	it('gemm accumulates into C rather than overwriting it', () => {
		const C = new Float32Array([10]);
		matmulInto(C, new Float32Array([2]), new Float32Array([3]), 1, 1, 1);
		expect(C[0]).toBe(16);
	});

	it('gemm writes one column block of a wider matrix when given a row stride', () => {
		// C is 3×5; write a 3×2 product into its columns 1 … 2 and leave the rest untouched
		const rng = new Rng(7);
		const A = random(3 * 4, rng);
		const B = random(4 * 2, rng);
		const C = new Float32Array(15).fill(-1);
		gemm(C.subarray(1), A, B, 3, 4, 2, 4, 1, 2, 1, 5);
		const expected = naive(A, B, 3, 4, 2);
		for (let i = 0; i < 3; i++) {
			for (let j = 0; j < 5; j++) {
				const want = j === 1 || j === 2 ? expected[i * 2 + j - 1]! - 1 : -1;
				expect(C[i * 5 + j]).toBeCloseTo(want, 4);
			}
		}
	});
});
