// FIG.06's state and words: which size to run, and what the figure says at each stage of a run.
// The timing itself happens in the worker (bench.ts); this module only describes it.

import { formatNumber, formatSignificant } from '$lib/ui/format';
import { field, type StateOf } from '$lib/ui/url-state';
import type { BenchResult, BenchSize, Method } from './protocol';

export const loopsSchema = {
	size: field.enum(['64', '128', '256', '512'], '128')
};

export type LoopsState = StateOf<typeof loopsSchema>;

export type Phase =
	| { kind: 'idle' }
	| { kind: 'running'; size: BenchSize; method: Method | null; run: number; runs: number }
	| { kind: 'done'; result: BenchResult }
	| { kind: 'cancelled'; size: BenchSize }
	| { kind: 'error'; message: string };

const METHOD_NAMES: Record<Method, string> = {
	loops: 'naive loops',
	matmul: 'engine matmul'
};

/** "2.35 ms", "310 ms": three significant digits is as honest as a browser clock allows. */
export function formatMs(ms: number): string {
	return `${formatSignificant(ms, 3)} ms`;
}

/** The one polite announcement: what the figure is doing, or what it found. */
export function statusText(phase: Phase): string {
	switch (phase.kind) {
		case 'idle':
			return 'Nothing measured yet. Pick a size and press Run; it runs in a background worker.';
		case 'running':
			return `Running ${phase.size}×${phase.size} in a worker…`;
		case 'cancelled':
			return `Cancelled: the worker was stopped before the ${phase.size}×${phase.size} run finished, so there is no result.`;
		case 'error':
			return `The benchmark failed: ${phase.message}`;
		case 'done': {
			const r = phase.result;
			const diff = formatNumber(r.maxAbsDiff, 2);
			const faster =
				r.speedup >= 1
					? `Matmul was ${formatSignificant(r.speedup, 3)}× faster`
					: `The loops were ${formatSignificant(1 / r.speedup, 3)}× faster`;
			return r.match
				? `Results match: the largest difference is ${diff}, within float32 rounding. ${faster} at ${r.size}×${r.size}.`
				: `Results differ: the largest difference, ${diff}, is beyond float32 rounding (${formatNumber(r.tolerance, 2)}).`;
		}
	}
}

/** What the worker is doing right now, for the progress line. */
export function progressText(phase: Phase): string {
	if (phase.kind !== 'running') return '';
	if (phase.method === null) return 'Preparing the matrices and a warm-up pass…';
	return `Timing ${METHOD_NAMES[phase.method]}: run ${phase.run} of ${phase.runs} done`;
}

/** "median of 5 runs (each 39 products)" */
export function runsText(runs: number, reps: number): string {
	const each = reps > 1 ? ` (each ${reps} products)` : '';
	return `median of ${runs} runs${each}`;
}
