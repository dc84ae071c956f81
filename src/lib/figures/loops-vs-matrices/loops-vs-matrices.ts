// FIG.06's state and words: which size to run, and what the figure says at each stage of a run.
// The timing itself happens in the worker (bench.ts); this module only describes it.

import { formatNumber, formatSignificant } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import type { WorkerFailure } from '$lib/worker/client';
import {
	isBenchSize,
	runsFor,
	type BenchResult,
	type BenchSize,
	type FromWorker,
	type Method
} from './protocol';

/** The sizes the worker runs (protocol.ts's SIZES), as the URL writes them. */
const SIZE_VALUES = ['64', '128', '256', '512'] as const;

export const loopsSchema = {
	size: field.enum(SIZE_VALUES, '128')
};

/** The size menu: each URL value with the shape it runs ("128×128"). */
export const SIZE_OPTIONS = SIZE_VALUES.map((value) => ({ value, label: `${value}×${value}` }));

/** FIG.06: its id (also its URL namespace), number, caption and colour. */
export const loopsFigure = defineFigure({
	id: 'loops',
	number: 6,
	caption: 'Loops vs matrices: the same product, timed on your machine',
	branch: 'linalg',
	schema: loopsSchema
});

export type LoopsState = StateOf<typeof loopsSchema>;

/** The size a URL asks for, or 128 for anything else. */
export function chosenSize(state: LoopsState): BenchSize {
	const size = Number(state.size);
	return isBenchSize(size) ? size : 128;
}

export type Phase =
	| { kind: 'idle' }
	| { kind: 'running'; size: BenchSize; method: Method | null; run: number; runs: number }
	| { kind: 'done'; result: BenchResult }
	| { kind: 'cancelled'; size: BenchSize }
	| { kind: 'error'; message: string };

/** A fresh run of `size`, before the worker has said anything. */
export function startPhase(size: BenchSize): Phase {
	return { kind: 'running', size, method: null, run: 0, runs: runsFor(size) };
}

/** Where a run stands after the worker's `message`. */
export function phaseAfter(phase: Phase, message: FromWorker): Phase {
	switch (message.type) {
		case 'progress':
			if (phase.kind !== 'running') return phase;
			return { ...phase, method: message.method, run: message.run, runs: message.runs };
		case 'result':
			return { kind: 'done', result: message.result };
		case 'error':
			return { kind: 'error', message: message.message };
	}
}

/** What went wrong with the worker, in the words of the status line. */
export function failureText(failure: WorkerFailure): string {
	switch (failure.kind) {
		case 'crashed':
			return failure.message || 'the worker could not start';
		case 'unreadable':
			return 'a message from the worker could not be read';
		case 'unexpected':
			return 'the worker sent a message the page does not understand';
		case 'unreachable':
			return `the worker could not be reached: ${failure.message}`;
	}
}

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
