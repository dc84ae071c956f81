/**
 * FIG.06's runs: starts the benchmark worker on request, follows it through its progress
 * messages, keeps every result of the visit, and stops the worker when a run ends, is
 * cancelled, or the figure goes away.
 *
 *   const runner = new BenchRunner(
 *     () => new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' })
 *   );
 *   runner.run(128);      // a fresh worker for every run: its code is fetched on the first
 *   runner.phase          // idle → running → done | cancelled | error (see loops-vs-matrices.ts)
 *   runner.close();       // when the figure unmounts
 */
import { WorkerClient, type WorkerLike } from '$lib/worker/client';
import { failureText, phaseAfter, startPhase, type Phase } from './loops-vs-matrices';
import {
	isFromWorker,
	runsFor,
	type BenchResult,
	type BenchSize,
	type FromWorker,
	type ToWorker
} from './protocol';

/** Same matrices every time for a given size, so two readers compare like with like. */
export const BENCH_SEED = 2024;

export class BenchRunner {
	phase = $state.raw<Phase>({ kind: 'idle' });
	/** Every finished run this visit, newest first. */
	history = $state.raw<BenchResult[]>([]);

	readonly #client: WorkerClient<ToWorker, FromWorker>;

	constructor(createWorker: () => WorkerLike) {
		this.#client = new WorkerClient({
			create: createWorker,
			accepts: isFromWorker,
			onmessage: (message) => {
				if (message.type === 'result') this.history = [message.result, ...this.history];
				this.#moveTo(phaseAfter(this.phase, message));
			},
			onfailure: (failure) => this.#moveTo({ kind: 'error', message: failureText(failure) })
		});
	}

	get running(): boolean {
		return this.phase.kind === 'running';
	}

	/** The newest result, or null before the first. */
	get latest(): BenchResult | null {
		return this.history[0] ?? null;
	}

	run(size: BenchSize): void {
		this.#client.terminate();
		this.phase = startPhase(size);
		this.#client.post({ type: 'run', size, runs: runsFor(size), seed: BENCH_SEED });
	}

	cancel(): void {
		if (this.phase.kind !== 'running') return;
		this.#moveTo({ kind: 'cancelled', size: this.phase.size });
	}

	/** Back to nothing measured, for the figure's Reset. */
	clear(): void {
		this.#moveTo({ kind: 'idle' });
		this.history = [];
	}

	close(): void {
		this.#client.terminate();
	}

	/** A run that is over needs its worker no more. */
	#moveTo(phase: Phase): void {
		this.phase = phase;
		if (phase.kind !== 'running') this.#client.terminate();
	}
}
