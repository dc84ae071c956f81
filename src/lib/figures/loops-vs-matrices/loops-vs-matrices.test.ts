import { describe, expect, it } from 'vitest';
import { kernelStats } from '$lib/engine/kernels';
import {
	kernelMatmul,
	makeInputs,
	maxAbsDiff,
	median,
	naiveMatmul,
	roundingTolerance,
	runBench,
	simdAvailable,
	timePerCall
} from './bench';
import { SIZES, isFromWorker, isToWorker, runsFor } from './protocol';
import { decodeState } from '$lib/ui/url-state';
import { RESULT_64 } from './test-fixtures';
import {
	chosenSize,
	failureText,
	formatMs,
	headline,
	loopsSchema,
	loopsView,
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

	it('gets the same product from the loops and from both of the engine’s kernels', () => {
		const inputs = makeInputs(9, 42);
		const naive = naiveMatmul(inputs.a, inputs.b);
		const tolerance = roundingTolerance(inputs.a, inputs.b);
		for (const set of ['typescript', 'wasm'] as const) {
			const diff = maxAbsDiff(naive, kernelMatmul(set, inputs.flat, 9).slice());
			expect(diff, set).toBeLessThanOrEqual(tolerance);
			expect(diff, set).toBeLessThan(1e-4);
		}
	});

	it('runs each kernel in place: the blocked one in TypeScript, the SIMD one in WebAssembly', () => {
		const { flat } = makeInputs(16, 2);
		const calls = kernelStats.simdCalls;
		const copied = kernelStats.copiedFloats;
		kernelMatmul('typescript', flat, 16);
		expect(kernelStats.simdCalls).toBe(calls);
		kernelMatmul('wasm', flat, 16);
		kernelMatmul('wasm', flat, 16);
		expect(kernelStats.simdCalls).toBe(calls + 2);
		expect(kernelStats.copiedFloats).toBe(copied);
	});

	it('starts every product from zero, so a repeated product is the same product', () => {
		const { flat } = makeInputs(5, 3);
		const once = kernelMatmul('wasm', flat, 5).slice();
		expect(kernelMatmul('wasm', flat, 5)).toEqual(once);
	});

	it('feeds every method exactly the same numbers', () => {
		const { a, b, flat } = makeInputs(4, 1);
		expect(a.flat()).toEqual(Array.from(flat.A));
		expect(b.flat()).toEqual(Array.from(flat.B));
	});

	it('reproduces its matrices from the seed', () => {
		expect(makeInputs(3, 5).a).toEqual(makeInputs(3, 5).a);
		expect(makeInputs(3, 5).a).not.toEqual(makeInputs(3, 6).a);
	});

	it('reports a NaN difference as NaN, so it can never pass as a match', () => {
		expect(maxAbsDiff([[Number.NaN]], new Float32Array([1]))).toBeNaN();
		expect(maxAbsDiff([[1, 2]], new Float32Array([1, 2.5]))).toBe(0.5);
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

	it('returns a complete, checked result for the three rungs, with progress for every run', () => {
		expect(simdAvailable()).toBe(true);
		const progress: string[] = [];
		const r = runBench(8, 2, 3, tickingClock(), (m, run) => progress.push(`${m} ${run}`));
		expect(progress).toEqual(['loops 1', 'loops 2', 'blocked 1', 'blocked 2', 'simd 1', 'simd 2']);
		expect(r).toMatchObject({ size: 8, runs: 2, match: true });
		expect(r.rungs.map((rung) => rung.method)).toEqual(['loops', 'blocked', 'simd']);
		for (const rung of r.rungs) expect(rung.maxAbsDiff).toBeLessThanOrEqual(r.tolerance);
		expect(isFromWorker({ type: 'result', result: r })).toBe(true);
	});

	it('leaves the SIMD rung out where WebAssembly SIMD cannot run', () => {
		const r = runBench(8, 1, 3, tickingClock(), undefined, false);
		expect(r.rungs.map((rung) => rung.method)).toEqual(['loops', 'blocked']);
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
		expect(isFromWorker({ type: 'progress', method: 'simd', run: 1, runs: 3 })).toBe(true);
		expect(isFromWorker({ type: 'progress', method: 'gpu', run: 1, runs: 3 })).toBe(false);
		expect(isFromWorker({ type: 'result', result: RESULT_64 })).toBe(true);
		const [, ...kernelsOnly] = RESULT_64.rungs;
		expect(isFromWorker({ type: 'result', result: { ...RESULT_64, rungs: kernelsOnly } })).toBe(
			false
		);
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

	it('reports a match, the largest difference and the measured ratio in the lesson’s terms', () => {
		expect(statusText({ kind: 'done', result })).toBe(
			'Results match: the largest difference from the loops is 9.50e−7, within float32 rounding. ' +
				'On this device, thinking in matrices made the 64×64 product 40× faster: the WebAssembly ' +
				'SIMD kernel against plain loops.'
		);
		expect(statusText({ kind: 'done', result: { ...result, tolerance: 1e-7, match: false } })).toBe(
			'Results differ: the largest difference from the loops, 9.50e−7, is beyond float32 rounding (1.00e−7).'
		);
	});

	it('names the fastest rung in its headline, whichever it was', () => {
		const [loops, blocked] = result.rungs;
		expect(headline({ ...result, rungs: [loops!, blocked!] })).toBe(
			'On this device, thinking in matrices made the 64×64 product 4× faster: the blocked ' +
				'TypeScript kernel against plain loops.'
		);
		expect(headline({ ...result, rungs: [{ ...loops!, ms: 0.01 }, blocked!] })).toBe(
			'On this device, the plain loops were the fastest way to the 64×64 product this time.'
		);
	});

	it('prints each rung’s time, its ratio to the loops and a bar as long as its speed', () => {
		const view = loopsView({ kind: 'done', result }, [result]);
		expect(view.latest).toEqual({
			size: '64×64',
			runs: 'median of 5 runs (each 40 products)',
			missing: '',
			headline: headline(result),
			rungs: [
				{
					method: 'loops',
					label: 'Plain loops',
					time: '0.5 ms',
					speedup: '1×',
					barPercent: 2.5
				},
				{
					method: 'blocked',
					label: 'Blocked TypeScript kernel',
					time: '0.125 ms',
					speedup: '4×',
					barPercent: 10
				},
				{
					method: 'simd',
					label: 'WebAssembly SIMD kernel',
					time: '0.0125 ms',
					speedup: '40×',
					barPercent: 100
				}
			]
		});
		expect(loopsView({ kind: 'idle' }, []).latest).toBeNull();
	});

	it('says why a rung is missing, and marks it in the table of every run', () => {
		const older = { ...result, size: 128, rungs: result.rungs.slice(0, 2) };
		const view = loopsView({ kind: 'done', result: older }, [older, result]);
		expect(view.latest!.missing).toBe(
			'WebAssembly SIMD cannot run in this browser, so its rung is missing.'
		);
		expect(view.rungNames).toEqual([
			'Plain loops',
			'Blocked TypeScript kernel',
			'WebAssembly SIMD kernel'
		]);
		expect(view.history).toEqual([
			{
				size: '128×128',
				runs: 5,
				times: ['0.5 ms', '0.125 ms', '–'],
				speedup: '4×',
				results: 'match'
			},
			{
				size: '64×64',
				runs: 5,
				times: ['0.5 ms', '0.125 ms', '0.0125 ms'],
				speedup: '40×',
				results: 'match'
			}
		]);
	});

	it('says a cancelled run has no result', () => {
		expect(statusText({ kind: 'cancelled', size: 512 })).toMatch(
			/^Cancelled: the worker was stopped .* 512×512 .* no result/
		);
	});

	it('follows the worker through its runs', () => {
		const running = { kind: 'running', size: 256, runs: 3 } as const;
		expect(progressText({ ...running, method: null, run: 0 })).toMatch(/warm-up/);
		expect(progressText({ ...running, method: 'blocked', run: 2 })).toBe(
			'Timing the blocked TypeScript kernel: run 2 of 3 done'
		);
		expect(progressText({ ...running, method: 'loops', run: 1 })).toBe(
			'Timing plain loops: run 1 of 3 done'
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
