// The benchmark behind FIG.06, pure and clock-agnostic so it can be tested in node: the same
// product computed by a beginner's triple loop over number[][] and by the engine's matmul, timed
// with whatever clock the caller passes (performance.now in the worker).

import { Rng, matmul, noGrad, tensor, type Tensor } from '$lib/engine';
import type { BenchResult, Method } from './protocol';

/** A timed run repeats the product until it takes at least this long, so coarse clocks still see it. */
export const MIN_RUN_MS = 25;
/** Unit roundoff of float32: the engine stores and accumulates in single precision. */
export const FLOAT32_UNIT = 2 ** -24;

export interface Inputs {
	size: number;
	/** Plain arrays of arrays, the way a first loop-based version would hold them. */
	a: number[][];
	b: number[][];
	/** The same values as engine tensors. */
	A: Tensor;
	B: Tensor;
}

/** Two size×size matrices of standard normal numbers (exactly representable in float32). */
export function makeInputs(size: number, seed: number): Inputs {
	const rng = new Rng(seed);
	const draw = () => Float32Array.from({ length: size * size }, () => rng.normal());
	const da = draw();
	const db = draw();
	const rows = (d: Float32Array) =>
		Array.from({ length: size }, (_, i) => Array.from(d.subarray(i * size, (i + 1) * size)));
	return {
		size,
		a: rows(da),
		b: rows(db),
		A: tensor(da, [size, size]),
		B: tensor(db, [size, size])
	};
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

/** The same product by the engine (no autograd graph: nothing here needs a gradient). */
export function engineMatmul(A: Tensor, B: Tensor): Tensor {
	return noGrad(() => matmul(A, B));
}

export function maxAbsDiff(naive: number[][], engine: Tensor): number {
	const p = engine.shape[1]!;
	let worst = 0;
	naive.forEach((row, i) =>
		row.forEach((v, j) => {
			const d = Math.abs(v - engine.data[i * p + j]!);
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

/** Times both methods on the same inputs and checks they agree. */
export function runBench(
	size: number,
	runs: number,
	seed: number,
	now: Clock,
	onProgress?: (method: Method, run: number) => void
): BenchResult {
	const inputs = makeInputs(size, seed);
	const naive = naiveMatmul(inputs.a, inputs.b);
	const engine = engineMatmul(inputs.A, inputs.B);
	const diff = maxAbsDiff(naive, engine);
	const tolerance = roundingTolerance(inputs.a, inputs.b);
	const loops = timePerCall(
		() => naiveMatmul(inputs.a, inputs.b),
		runs,
		now,
		(r) => onProgress?.('loops', r)
	);
	const mm = timePerCall(
		() => engineMatmul(inputs.A, inputs.B),
		runs,
		now,
		(r) => onProgress?.('matmul', r)
	);
	return {
		size,
		runs,
		loopsMs: loops.ms,
		matmulMs: mm.ms,
		loopsReps: loops.reps,
		matmulReps: mm.reps,
		speedup: loops.ms / mm.ms,
		maxAbsDiff: diff,
		tolerance,
		match: diff <= tolerance
	};
}
