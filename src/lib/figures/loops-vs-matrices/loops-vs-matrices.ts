// FIG.06's state and words: which size to run, and what the figure says at each stage of a run
// (`loopsView` returns every string and number it prints). The timing itself happens in the
// worker (bench.ts); this module only describes it.

import { formatNumber, formatSignificant } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import type { WorkerFailure } from '$lib/worker/client';
import {
	isBenchSize,
	runsFor,
	type BenchResult,
	type BenchSize,
	METHODS,
	type FromWorker,
	type Method,
	type Rung
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
	caption: 'Loops vs matrices: the same product three ways, timed on your device',
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

/** Each rung's name, as a label ("Plain loops") and inside a sentence ("plain loops"). */
const RUNG_NAMES: Record<Method, string> = {
	loops: 'Plain loops',
	blocked: 'Blocked TypeScript kernel',
	simd: 'WebAssembly SIMD kernel'
};
const RUNG_PHRASES: Record<Method, string> = {
	loops: 'plain loops',
	blocked: 'the blocked TypeScript kernel',
	simd: 'the WebAssembly SIMD kernel'
};

/** "2.35 ms", "310 ms": three significant digits is as honest as a browser clock allows. */
export function formatMs(ms: number): string {
	return `${formatSignificant(ms, 3)} ms`;
}

/** "41×": how many times the loops' time a rung's time goes into. */
function formatTimes(ratio: number): string {
	return `${formatSignificant(ratio, 3)}×`;
}

/** "median of 5 runs (each 39 products)" */
export function runsText(runs: number, reps: number): string {
	const each = reps > 1 ? ` (each ${reps} products)` : '';
	return `median of ${runs} runs${each}`;
}

/** The fastest rung of a result, and how many times faster than the loops it was. */
function fastest(result: BenchResult): { rung: Rung; speedup: number } {
	const loops = result.rungs[0]!;
	const rung = result.rungs.reduce((best, r) => (r.ms < best.ms ? r : best));
	return { rung, speedup: loops.ms / rung.ms };
}

/**
 * The measured ratio in the lesson's terms: "On this device, thinking in matrices made the
 * 128×128 product 41× faster: the WebAssembly SIMD kernel against plain loops."
 */
export function headline(result: BenchResult): string {
	const n = `${result.size}×${result.size}`;
	const { rung, speedup } = fastest(result);
	if (rung.method === 'loops') {
		return `On this device, the plain loops were the fastest way to the ${n} product this time.`;
	}
	return `On this device, thinking in matrices made the ${n} product ${formatTimes(speedup)} faster: ${RUNG_PHRASES[rung.method]} against plain loops.`;
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
			const worst = Math.max(...r.rungs.map((rung) => rung.maxAbsDiff));
			const diff = formatNumber(worst, 2);
			return r.match
				? `Results match: the largest difference from the loops is ${diff}, within float32 rounding. ${headline(r)}`
				: `Results differ: the largest difference from the loops, ${diff}, is beyond float32 rounding (${formatNumber(r.tolerance, 2)}).`;
		}
	}
}

/** What the worker is doing right now, for the progress line. */
export function progressText(phase: Phase): string {
	if (phase.kind !== 'running') return '';
	if (phase.method === null) return 'Preparing the matrices and a warm-up pass…';
	return `Timing ${RUNG_PHRASES[phase.method]}: run ${phase.run} of ${phase.runs} done`;
}

export interface RungView {
	method: Method;
	label: string;
	/** "2.35 ms" */
	time: string;
	/** Against the loops: "1×" for the loops themselves, "41×". */
	speedup: string;
	/** Products per second as a share of the fastest rung's, for the bar: 0–100, to 0.1. */
	barPercent: number;
}

export interface LatestView {
	size: string;
	rungs: RungView[];
	/** Why a rung is missing, or '' when all three ran. */
	missing: string;
	runs: string;
	headline: string;
}

export interface HistoryRow {
	size: string;
	runs: number;
	/** One time per rung, in the order of METHODS; '–' for a rung that did not run. */
	times: string[];
	/** The fastest rung against the loops: "41×". */
	speedup: string;
	results: 'match' | 'differ';
}

export interface LoopsView {
	status: string;
	progress: string;
	latest: LatestView | null;
	/** The history table's column headings for the rungs. */
	rungNames: string[];
	/** Every run of the visit, newest first; shown once there are two. */
	history: HistoryRow[];
}

function latestView(result: BenchResult): LatestView {
	const loops = result.rungs[0]!;
	const quickest = fastest(result).rung.ms;
	return {
		size: `${result.size}×${result.size}`,
		rungs: result.rungs.map((rung) => ({
			method: rung.method,
			label: RUNG_NAMES[rung.method],
			time: formatMs(rung.ms),
			speedup: formatTimes(loops.ms / rung.ms),
			barPercent: Math.round((1000 * quickest) / rung.ms) / 10
		})),
		missing: result.rungs.some((r) => r.method === 'simd')
			? ''
			: 'WebAssembly SIMD cannot run in this browser, so its rung is missing.',
		runs: runsText(result.runs, loops.reps),
		headline: headline(result)
	};
}

/** Everything FIG.06 prints, from where the run stands and the results of the visit. */
export function loopsView(phase: Phase, history: readonly BenchResult[]): LoopsView {
	const latest = history[0];
	return {
		status: statusText(phase),
		progress: progressText(phase),
		latest: latest ? latestView(latest) : null,
		rungNames: METHODS.map((m) => RUNG_NAMES[m]),
		history: history.map((r) => ({
			size: `${r.size}×${r.size}`,
			runs: r.runs,
			times: METHODS.map((m) => {
				const rung = r.rungs.find((x) => x.method === m);
				return rung ? formatMs(rung.ms) : '–';
			}),
			speedup: formatTimes(fastest(r).speedup),
			results: r.match ? 'match' : 'differ'
		}))
	};
}
