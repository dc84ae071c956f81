// Messages between FIG.06 and its benchmark worker, as tagged unions. Both sides check what they
// receive: a message is data from another thread, and a malformed one must not crash either side.

/** Square matrix sizes the reader can pick. */
export const SIZES = [64, 128, 256, 512] as const;
export type BenchSize = (typeof SIZES)[number];

/** Page → worker. */
export type ToWorker = {
	type: 'run';
	size: BenchSize;
	/** Timed runs per method; the figure reports the median. */
	runs: number;
	/** Seeds the random matrices, so a run is reproducible. */
	seed: number;
};

/**
 * The three rungs, slowest first: plain loops over arrays of arrays, the engine's blocked
 * TypeScript kernel, and its WebAssembly SIMD kernel.
 */
export const METHODS = ['loops', 'blocked', 'simd'] as const;
export type Method = (typeof METHODS)[number];

/** One rung's measurement. */
export interface Rung {
	method: Method;
	/** Median time of one product, in milliseconds. */
	ms: number;
	/** Products per timed run: small sizes repeat the product so the clock can see it. */
	reps: number;
	/** Largest |loops − this rung| over all entries of the product (0 for the loops). */
	maxAbsDiff: number;
}

export interface BenchResult {
	size: number;
	runs: number;
	/** In the order of METHODS; the SIMD rung is missing where WebAssembly SIMD cannot run. */
	rungs: Rung[];
	/** The float32 rounding bound every difference is checked against. */
	tolerance: number;
	/** Every rung's product is within `tolerance` of the loops'. */
	match: boolean;
}

/** Worker → page. */
export type FromWorker =
	| { type: 'progress'; method: Method; run: number; runs: number }
	| { type: 'result'; result: BenchResult }
	| { type: 'error'; message: string };

/** Timed runs per size: more for small sizes, where runs are quick and noisier. */
export function runsFor(size: BenchSize): number {
	return size <= 128 ? 5 : 3;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

export function isBenchSize(x: unknown): x is BenchSize {
	return (SIZES as readonly unknown[]).includes(x);
}

export function isToWorker(x: unknown): x is ToWorker {
	return (
		isObject(x) &&
		x.type === 'run' &&
		isBenchSize(x.size) &&
		isCount(x.runs) &&
		(x.runs as number) <= 25 &&
		Number.isFinite(x.seed)
	);
}

const isMethod = (x: unknown): x is Method => (METHODS as readonly unknown[]).includes(x);

const isRung = (x: unknown): x is Rung =>
	isObject(x) && isMethod(x.method) && isNumber(x.ms) && isCount(x.reps) && isNumber(x.maxAbsDiff);

function isBenchResult(x: unknown): x is BenchResult {
	if (!isObject(x)) return false;
	return (
		isCount(x.size) &&
		isCount(x.runs) &&
		Array.isArray(x.rungs) &&
		x.rungs.every(isRung) &&
		(x.rungs as Rung[])[0]?.method === 'loops' &&
		isNumber(x.tolerance) &&
		typeof x.match === 'boolean'
	);
}

export function isFromWorker(x: unknown): x is FromWorker {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'progress':
			return isMethod(x.method) && isCount(x.run) && isCount(x.runs);
		case 'result':
			return isBenchResult(x.result);
		case 'error':
			return typeof x.message === 'string';
		default:
			return false;
	}
}
