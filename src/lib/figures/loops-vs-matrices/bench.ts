// The benchmark behind FIG.06, pure and clock-agnostic so it can be tested in node: the same
// product computed three ways, timed with whatever clock the caller passes (performance.now in
// the worker): a beginner's triple loop over number[][], the engine's blocked TypeScript kernel,
// and its WebAssembly SIMD kernel. Both kernels run on operands inside one WebAssembly memory
// (an engine Space), as a training step runs them, so neither pays for copies.

import { Rng, Space, matmulInto, withKernels, type KernelSet } from '$lib/engine';
import type { BenchResult, Method, Rung } from './protocol';

/** A timed run repeats the product until it takes at least this long, so coarse clocks still see it. */
export const MIN_RUN_MS = 25;
/** Unit roundoff of float32: the engine stores and accumulates in single precision. */
export const FLOAT32_UNIT = 2 ** -24;

/** Two size×size operands and room for their product, all inside one WebAssembly memory. */
export interface Operands {
	A: Float32Array;
	B: Float32Array;
	C: Float32Array;
}

export interface Inputs {
	size: number;
	/** Plain arrays of arrays, the way a first loop-based version would hold them. */
	a: number[][];
	b: number[][];
	/** The same values, flat, where the engine's kernels read them. */
	flat: Operands;
}

/** Two size×size matrices of standard normal numbers (exactly representable in float32). */
export function makeInputs(size: number, seed: number): Inputs {
	const rng = new Rng(seed);
	const n = size * size;
	// room for the three arrays, each rounded up to whole SIMD vectors
	const space = new Space({ pinned: 3 * (n + 4) });
	const draw = () => {
		const x = space.pin(n)!;
		for (let i = 0; i < n; i++) x[i] = rng.normal();
		return x;
	};
	const flat = { A: draw(), B: draw(), C: space.pin(n)! };
	const rows = (d: Float32Array) =>
		Array.from({ length: size }, (_, i) => Array.from(d.subarray(i * size, (i + 1) * size)));
	return { size, a: rows(flat.A), b: rows(flat.B), flat };
}

/** C = A·B with three nested loops over plain arrays: how everyone writes it first. */
export function naiveMatmul(a: number[][], b: number[][]): number[][] {
	const n = a.length;
	const m = b.length;
	const p = m === 0 ? 0 : b[0]!.length;
	const c: number[][] = [];
	for (let i = 0; i < n; i++) {
		const row: number[] = [];
		for (let j = 0; j < p; j++) {
			let s = 0;
			for (let k = 0; k < m; k++) s += a[i]![k]! * b[k]![j]!;
			row.push(s);
		}
		c.push(row);
	}
	return c;
}

/** C = A·B by one of the engine's kernel sets: the blocked TypeScript kernel or the SIMD one. */
export function kernelMatmul(set: KernelSet, { A, B, C }: Operands, size: number): Float32Array {
	C.fill(0);
	withKernels(set, () => matmulInto('A·B', C, A, B, size, size, size));
	return C;
}

export function maxAbsDiff(naive: number[][], flat: Float32Array): number {
	const p = naive[0]?.length ?? 0;
	let worst = 0;
	naive.forEach((row, i) =>
		row.forEach((v, j) => {
			const d = Math.abs(v - flat[i * p + j]!);
			// A NaN anywhere must show as a mismatch, never hide behind Math.max.
			worst = Number.isNaN(d) ? Number.NaN : Math.max(worst, d);
		})
	);
	return worst;
}

/**
 * How far a float32 product may honestly be from the exact one: the textbook bound for a sum
 * of n products, (n + 1)·u·Σ|a_ik||b_kj|, with the sum bounded by Cauchy–Schwarz as
 * |row i of A|·|column j of B|, so the check costs O(n²), not another O(n³).
 */
export function roundingTolerance(a: number[][], b: number[][]): number {
	const n = b.length;
	const rowNorm = Math.max(...a.map((r) => Math.hypot(...r)));
	let colNorm = 0;
	for (let j = 0; j < (b[0]?.length ?? 0); j++) {
		let s = 0;
		for (let k = 0; k < n; k++) s += b[k]![j]! ** 2;
		colNorm = Math.max(colNorm, Math.sqrt(s));
	}
	return (n + 1) * FLOAT32_UNIT * rowNorm * colNorm;
}

export function median(xs: readonly number[]): number {
	if (xs.length === 0) return Number.NaN;
	const s = [...xs].sort((x, y) => x - y);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export type Clock = () => number;

/**
 * Median milliseconds per call of fn over `runs` timed runs. One warm-up call first (the JIT
 * compiles on first use), which also decides how many calls one timed run makes.
 */
export function timePerCall(
	fn: () => void,
	runs: number,
	now: Clock,
	onRun?: (run: number) => void
): { ms: number; reps: number } {
	let reps = 0;
	const start = now();
	do {
		fn();
		reps++;
	} while (now() - start < MIN_RUN_MS && reps < 1 << 16);
	const times: number[] = [];
	for (let r = 0; r < runs; r++) {
		const t0 = now();
		for (let k = 0; k < reps; k++) fn();
		times.push((now() - t0) / reps);
		onRun?.(r + 1);
	}
	return { ms: median(times), reps };
}

/** Whether WebAssembly SIMD runs here (the worker of any current browser does). */
export function simdAvailable(): boolean {
	try {
		return withKernels('wasm', () => true);
	} catch {
		return false;
	}
}

/**
 * Times each rung on the same inputs and checks every kernel's product against the loops'.
 * The SIMD rung is left out where WebAssembly SIMD cannot run.
 */
export function runBench(
	size: number,
	runs: number,
	seed: number,
	now: Clock,
	onProgress?: (method: Method, run: number) => void,
	simd = simdAvailable()
): BenchResult {
	const inputs = makeInputs(size, seed);
	const naive = naiveMatmul(inputs.a, inputs.b);
	const tolerance = roundingTolerance(inputs.a, inputs.b);
	const kernels: [Method, KernelSet][] = [['blocked', 'typescript']];
	if (simd) kernels.push(['simd', 'wasm']);
	const loops = timePerCall(
		() => naiveMatmul(inputs.a, inputs.b),
		runs,
		now,
		(r) => onProgress?.('loops', r)
	);
	const rungs: Rung[] = [{ method: 'loops', ...loops, maxAbsDiff: 0 }];
	for (const [method, set] of kernels) {
		const diff = maxAbsDiff(naive, kernelMatmul(set, inputs.flat, size));
		const timed = timePerCall(
			() => kernelMatmul(set, inputs.flat, size),
			runs,
			now,
			(r) => onProgress?.(method, r)
		);
		rungs.push({ method, ...timed, maxAbsDiff: diff });
	}
	return { size, runs, rungs, tolerance, match: rungs.every((r) => r.maxAbsDiff <= tolerance) };
}
