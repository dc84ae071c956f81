import { describe, expect, it } from 'vitest';
import { FakeWorker } from '$lib/worker/fake-worker';
import { BENCH_SEED, BenchRunner } from './bench-runner.svelte';
import { RESULT_64 as result } from './test-fixtures';

function setup() {
	const workers: FakeWorker[] = [];
	const runner = new BenchRunner(() => {
		const worker = new FakeWorker();
		workers.push(worker);
		return worker;
	});
	return { runner, workers };
}

describe('FIG.06’s benchmark runs', () => {
	it('starts no worker until Run, then asks for the chosen size with its runs and seed', () => {
		const { runner, workers } = setup();
		expect(workers).toHaveLength(0);
		runner.run(64);
		expect(workers[0]!.posted).toEqual([{ type: 'run', size: 64, runs: 5, seed: BENCH_SEED }]);
		expect(runner.running).toBe(true);
	});

	it('follows the progress, keeps the result and stops the worker once it has it', () => {
		const { runner, workers } = setup();
		runner.run(64);
		workers[0]!.reply({ type: 'progress', method: 'simd', run: 2, runs: 5 });
		expect(runner.phase).toMatchObject({ kind: 'running', method: 'simd', run: 2 });
		workers[0]!.reply({ type: 'result', result });
		expect(runner.phase).toEqual({ kind: 'done', result });
		expect(runner.latest).toEqual(result);
		expect(workers[0]!.terminated).toBe(true);
		runner.run(128);
		workers[1]!.reply({ type: 'result', result: { ...result, size: 128 } });
		expect(runner.history.map((r) => r.size)).toEqual([128, 64]);
	});

	it('cancels by stopping the worker, so a late message changes nothing', () => {
		const { runner, workers } = setup();
		runner.run(512);
		runner.cancel();
		expect(runner.phase).toEqual({ kind: 'cancelled', size: 512 });
		expect(workers[0]!.terminated).toBe(true);
		workers[0]!.reply({ type: 'result', result });
		expect(runner.history).toEqual([]);
	});

	it('turns a crashed or confused worker into an error the status line can say', () => {
		const { runner, workers } = setup();
		runner.run(64);
		workers[0]!.reply({ type: 'result', result: { size: 64 } });
		expect(runner.phase).toEqual({
			kind: 'error',
			message: 'the worker sent a message the page does not understand'
		});
		expect(workers[0]!.terminated).toBe(true);
		runner.run(64);
		workers[1]!.crash();
		expect(runner.phase).toEqual({ kind: 'error', message: 'the worker could not start' });
	});

	it('clears the history for Reset, and stops the worker when the figure goes', () => {
		const { runner, workers } = setup();
		runner.run(64);
		workers[0]!.reply({ type: 'result', result });
		runner.run(64);
		runner.clear();
		expect(runner.phase).toEqual({ kind: 'idle' });
		expect(runner.history).toEqual([]);
		expect(workers[1]!.terminated).toBe(true);
		runner.run(64);
		runner.close();
		expect(workers[2]!.terminated).toBe(true);
	});
});
