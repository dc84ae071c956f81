import { describe, expect, it } from 'vitest';
import { tensor } from '$lib/engine';
import {
	engineMatmul,
	makeInputs,
	maxAbsDiff,
	median,
	naiveMatmul,
	roundingTolerance,
	runBench,
	timePerCall
} from './bench';
import { SIZES, isFromWorker, isToWorker, runsFor } from './protocol';
import { decodeState } from '$lib/ui/url-state';
import { RESULT_64 } from './test-fixtures';
import {
	chosenSize,
	failureText,
	formatMs,
	loopsSchema,
	phaseAfter,
	progressText,
	runsText,
	SIZE_OPTIONS,
	startPhase,
	statusText
} from './loops-vs-matrices';

/** A pretend clock that advances one "millisecond" per reading: no real time is measured. */
function tickingClock() {
	let t = 0;
	return () => t++;
}

describe('loops vs matrices: the benchmark', () => {
	it('computes the prose example with naive loops', () => {
		const c = naiveMatmul(
			[
				[1, 2, 0],
				[0, 1, 3]
			],
			[
				[2, 1],
				[1, 0],
				[4, 1]
			]
		);
		expect(c).toEqual([
			[4, 1],
			[13, 3]
		]);
	});

	it('gets the same product from naive loops and the engine on a small case', () => {
		const inputs = makeInputs(9, 42);
		const naive = naiveMatmul(inputs.a, inputs.b);
		const engine = engineMatmul(inputs.A, inputs.B);
		expect(engine.shape).toEqual([9, 9]);
		const diff = maxAbsDiff(naive, engine);
		expect(diff).toBeLessThanOrEqual(roundingTolerance(inputs.a, inputs.b));
		expect(diff).toBeLessThan(1e-4);
	});

	it('feeds both methods exactly the same numbers', () => {
		const { a, A } = makeInputs(4, 1);
		expect(a.flat()).toEqual(Array.from(A.data));
	});

	it('reproduces its matrices from the seed', () => {
		expect(makeInputs(3, 5).a).toEqual(makeInputs(3, 5).a);
		expect(makeInputs(3, 5).a).not.toEqual(makeInputs(3, 6).a);
	});

	it('reports a NaN difference as NaN, so it can never pass as a match', () => {
		expect(maxAbsDiff([[Number.NaN]], tensor([[1]]))).toBeNaN();
		expect(maxAbsDiff([[1, 2]], tensor([[1, 2.5]]))).toBe(0.5);
	});

	it('takes the median of the runs', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBeNaN();
	});

	it('repeats a quick call until a run is long enough for the clock, and reports per call', () => {
		let calls = 0;
		const runs: number[] = [];
		const r = timePerCall(
			() => calls++,
			3,
			tickingClock(),
			(n) => runs.push(n)
		);
		expect(r.reps).toBeGreaterThan(1);
		expect(runs).toEqual([1, 2, 3]);
		expect(calls).toBe(r.reps * 4);
		expect(r.ms).toBeGreaterThan(0);
	});

	it('returns a complete, checked result with progress for every run', () => {
		const progress: string[] = [];
		const r = runBench(8, 2, 3, tickingClock(), (m, run) => progress.push(`${m} ${run}`));
		expect(progress).toEqual(['loops 1', 'loops 2', 'matmul 1', 'matmul 2']);
		expect(r).toMatchObject({ size: 8, runs: 2, match: true });
		expect(r.speedup).toBeCloseTo(r.loopsMs / r.matmulMs, 10);
		expect(isFromWorker({ type: 'result', result: r })).toBe(true);
	});
});

describe('loops vs matrices: the worker protocol', () => {
	it('offers sizes from 64 to 512 with a few runs each', () => {
		expect(SIZES).toEqual([64, 128, 256, 512]);
		// The menu offers exactly the sizes the worker runs.
		expect(SIZE_OPTIONS.map((o) => Number(o.value))).toEqual([...SIZES]);
		expect(SIZE_OPTIONS[1]).toEqual({ value: '128', label: '128×128' });
		for (const s of SIZES) expect(runsFor(s)).toBeGreaterThanOrEqual(3);
	});

	it('accepts a well-formed run request and rejects anything else', () => {
		expect(isToWorker({ type: 'run', size: 64, runs: 5, seed: 1 })).toBe(true);
		expect(isToWorker({ type: 'run', size: 100, runs: 5, seed: 1 })).toBe(false);
		expect(isToWorker({ type: 'run', size: 64, runs: 0, seed: 1 })).toBe(false);
		expect(isToWorker({ type: 'run', size: 64, runs: 1e6, seed: 1 })).toBe(false);
		expect(isToWorker({ type: 'stop' })).toBe(false);
		expect(isToWorker(null)).toBe(false);
		expect(isToWorker('run')).toBe(false);
	});

	it('recognises each message the worker sends, and nothing else', () => {
		expect(isFromWorker({ type: 'progress', method: 'loops', run: 1, runs: 3 })).toBe(true);
		expect(isFromWorker({ type: 'progress', method: 'gpu', run: 1, runs: 3 })).toBe(false);
		expect(isFromWorker({ type: 'error', message: 'out of memory' })).toBe(true);
		expect(isFromWorker({ type: 'result', result: { size: 64 } })).toBe(false);
		expect(isFromWorker({ type: 'hello' })).toBe(false);
		expect(isFromWorker([])).toBe(false);
	});
});

describe('loops vs matrices: what the figure says', () => {
	const result = RESULT_64;

	it('says nothing has run until the reader asks', () => {
		expect(statusText({ kind: 'idle' })).toMatch(/Nothing measured yet/);
		expect(progressText({ kind: 'idle' })).toBe('');
	});

	it('reports a match, the difference and the speed-up with the size', () => {
		expect(statusText({ kind: 'done', result })).toBe(
			'Results match: the largest difference is 9.50e−7, within float32 rounding. Matmul was 4× faster at 64×64.'
		);
		expect(statusText({ kind: 'done', result: { ...result, speedup: 0.5 } })).toMatch(
			/The loops were 2× faster/
		);
		expect(
			statusText({ kind: 'done', result: { ...result, maxAbsDiff: 1, match: false } })
		).toMatch(/^Results differ/);
	});

	it('says a cancelled run has no result', () => {
		expect(statusText({ kind: 'cancelled', size: 512 })).toMatch(
			/^Cancelled: the worker was stopped .* 512×512 .* no result/
		);
	});

	it('follows the worker through its runs', () => {
		const running = { kind: 'running', size: 256, runs: 3 } as const;
		expect(progressText({ ...running, method: null, run: 0 })).toMatch(/warm-up/);
		expect(progressText({ ...running, method: 'matmul', run: 2 })).toBe(
			'Timing engine matmul: run 2 of 3 done'
		);
	});

	it('gives times to three significant digits and names the number of runs', () => {
		expect(formatMs(304.27)).toBe('304 ms');
		expect(formatMs(0.17208)).toBe('0.172 ms');
		expect(runsText(5, 39)).toBe('median of 5 runs (each 39 products)');
		expect(runsText(3, 1)).toBe('median of 3 runs');
	});

	it('reads the size from a shared link and ignores sizes it does not offer', () => {
		expect(decodeState('loops.size=512', 'loops', loopsSchema).size).toBe('512');
		expect(decodeState('loops.size=4096', 'loops', loopsSchema).size).toBe('128');
		expect(chosenSize({ size: '256' })).toBe(256);
	});

	it('moves from preparing, through each timed run, to the result or the worker’s error', () => {
		const start = startPhase(64);
		expect(start).toEqual({ kind: 'running', size: 64, method: null, run: 0, runs: 5 });
		const timing = phaseAfter(start, { type: 'progress', method: 'loops', run: 2, runs: 5 });
		expect(timing).toEqual({ kind: 'running', size: 64, method: 'loops', run: 2, runs: 5 });
		expect(phaseAfter(timing, { type: 'result', result })).toEqual({ kind: 'done', result });
		expect(phaseAfter(timing, { type: 'error', message: 'out of memory' })).toEqual({
			kind: 'error',
			message: 'out of memory'
		});
	});

	it('ignores progress that arrives after the run was cancelled', () => {
		const cancelled = { kind: 'cancelled', size: 512 } as const;
		expect(phaseAfter(cancelled, { type: 'progress', method: 'loops', run: 1, runs: 3 })).toBe(
			cancelled
		);
	});

	it('says what went wrong when the worker itself fails', () => {
		expect(
			statusText({ kind: 'error', message: failureText({ kind: 'crashed', message: '' }) })
		).toBe('The benchmark failed: the worker could not start');
		expect(failureText({ kind: 'crashed', message: 'out of memory' })).toBe('out of memory');
		expect(failureText({ kind: 'unexpected', data: 1 })).toBe(
			'the worker sent a message the page does not understand'
		);
		expect(failureText({ kind: 'unreadable' })).toBe('a message from the worker could not be read');
		expect(failureText({ kind: 'unreachable', message: 'Worker is not defined' })).toBe(
			'the worker could not be reached: Worker is not defined'
		);
	});
});
