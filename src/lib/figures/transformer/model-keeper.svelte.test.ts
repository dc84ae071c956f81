import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_PRESETS, Vocab } from '$lib/engine';
import { defaultState } from '$lib/ui/url-state';
import { splitHeldOut } from '$lib/worker/dataset';
import { FakeWorker } from '$lib/worker/fake-worker';
import type { KeptModel, ModelStore } from '$lib/worker/model-store';
import type { FromWorker, ToWorker } from '$lib/worker/protocol';
import type { ModelSnapshot } from '$lib/worker/snapshot';
import { takeSnapshot } from '$lib/worker/snapshot-trainer';
import { Trainer } from '$lib/worker/trainer';
import { ASK_AFTER_MS, DiscardGuard, discardQuestion } from './discard-guard.svelte';
import { encodeModelFile } from './model-file';
import { ModelKeeper } from './model-keeper.svelte';
import { CLOSE_GRACE_MS, TrainingSession } from './session.svelte';
import { trainSchema } from './transformer';

const letters = Vocab.names().chars;
const trainer = new Trainer(
	{ preset: 'micro', seed: 5, lr: MODEL_PRESETS.micro.lr, steps: 200, batch: 1 },
	splitHeldOut([
		'emma',
		'olivia',
		'zoe',
		'quinn',
		'jack',
		'bryce',
		'felix',
		'hugo',
		'kate',
		'wyatt'
	]),
	letters
);
for (let i = 0; i < 3; i++) trainer.trainStep();
const SNAPSHOT = takeSnapshot(trainer, { source: 'names', lines: null, elapsedMs: 9000 });

/** A store in memory that records what it was asked to do. */
class MemoryStore implements ModelStore {
	log: string[] = [];
	constructor(public kept: KeptModel = { kind: 'none' }) {}
	async save(snapshot: ModelSnapshot) {
		this.log.push(`save ${snapshot.losses.length}`);
		this.kept = { kind: 'model', snapshot };
	}
	async load() {
		this.log.push('load');
		return this.kept;
	}
	async clear() {
		this.log.push('clear');
		this.kept = { kind: 'none' };
	}
}

let dispose: (() => void) | null = null;
afterEach(() => {
	dispose?.();
	dispose = null;
});

const settle = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
	flushSync();
};

function setup(store: MemoryStore) {
	const state = $state(defaultState(trainSchema));
	const worker = new FakeWorker();
	const files: { bytes: Uint8Array; name: string }[] = [];
	let session!: TrainingSession;
	let keeper!: ModelKeeper;
	dispose = $effect.root(() => {
		session = new TrainingSession({
			settings: { state, reset: () => Object.assign(state, defaultState(trainSchema)) },
			createWorker: () => worker,
			namesUrl: () => 'http://127.0.0.1/data/names.txt'
		});
		keeper = new ModelKeeper(session, store, (bytes, name) => files.push({ bytes, name }));
	});
	flushSync();
	session.connect();
	const reply = (m: FromWorker) => {
		worker.reply(m);
		flushSync();
	};
	const last = <T extends ToWorker['type']>(type: T) =>
		worker.posted.findLast((m) => (m as ToWorker).type === type) as Extract<ToWorker, { type: T }>;
	/** The names accepted and a fresh model built, as the worker would answer. */
	const built = () => {
		reply({
			type: 'data',
			id: last('names').id,
			summary: {
				source: 'names',
				items: 10,
				heldOut: 1,
				measured: 1,
				chars: [...letters],
				bigram: { train: 2.5, heldOut: 2.6 },
				notes: []
			}
		});
		reply({
			type: 'ready',
			settings: last('settings').settings,
			parameterCount: 4192,
			vocabSize: 27,
			items: 10,
			kernels: 'wasm'
		});
	};
	/** The worker has built the snapshot's model (restored, or reset with its settings). */
	const builtFromSnapshot = () =>
		reply({
			type: 'ready',
			settings: SNAPSHOT.settings,
			parameterCount: 4192,
			vocabSize: 27,
			items: 10,
			kernels: 'wasm'
		});
	const progress = (step: number, running: boolean, elapsedMs = 0) =>
		reply({ type: 'progress', step, steps: 1000, elapsedMs, stepsPerSecond: 100, running });
	return { session, keeper, worker, reply, last, built, builtFromSnapshot, progress, files, state };
}

describe('keeping the trained model', () => {
	it('restores a model saved in this browser once the first model is built, and says so', async () => {
		const store = new MemoryStore({ kind: 'model', snapshot: SNAPSHOT });
		const t = setup(store);
		t.built();
		await settle();
		const restore = t.last('restore');
		expect(restore.snapshot).toBe(SNAPSHOT);
		// The saved model's settings become the reader's without building another model.
		expect(t.state).toMatchObject({ seed: 5, steps: 200 });
		expect(t.worker.types.filter((type) => type === 'settings')).toHaveLength(1);
		t.builtFromSnapshot();
		t.reply({ type: 'restored', step: 3 });
		await settle();
		expect(t.keeper.note).toBe('Restored the model you trained (step 3).');
		expect(t.keeper.restored).toBe(true);
		expect(store.log).toEqual(['load']);

		t.keeper.startFresh();
		await settle();
		expect(t.worker.types.at(-1)).toBe('reset');
		expect([t.keeper.note, t.keeper.restored]).toEqual(['', false]);
		expect(store.kept).toEqual({ kind: 'none' });
	});

	it('offers, rather than restores, a kept model when a shared link asks for other settings', async () => {
		const store = new MemoryStore({ kind: 'model', snapshot: SNAPSHOT });
		const t = setup(store);
		t.state.seed = 7;
		flushSync();
		t.built();
		await settle();
		expect(t.worker.types).not.toContain('restore');
		expect(t.keeper.note).toBe(
			'A model you trained (step 3) is kept in this browser; this page was opened with other ' +
				'settings.'
		);
		t.keeper.restoreOffered();
		expect(t.last('restore').snapshot).toBe(SNAPSHOT);
		t.builtFromSnapshot();
		t.reply({ type: 'restored', step: 3 });
		await settle();
		expect([t.keeper.note, t.keeper.offered]).toEqual([
			'Restored the model you trained (step 3).',
			null
		]);
		expect(store.log).toEqual(['load']);
	});

	it('saves the model when training pauses, and forgets it when a new model replaces it', async () => {
		const store = new MemoryStore();
		const t = setup(store);
		t.built();
		await settle();
		t.progress(10, true);
		t.progress(50, false);
		expect(t.worker.types.at(-1)).toBe('snapshot');
		t.reply({ type: 'snapshot', snapshot: SNAPSHOT });
		await settle();
		expect(store.log).toEqual(['load', 'save 3']);
		t.session.reset();
		t.builtFromSnapshot();
		await settle();
		expect(store.log.at(-1)).toBe('clear');
	});

	it('ignores a saved model the worker cannot use, with a note, and forgets it', async () => {
		const store = new MemoryStore({ kind: 'model', snapshot: SNAPSHOT });
		const t = setup(store);
		t.built();
		await settle();
		t.reply({ type: 'unrestored', message: 'The names have not been loaded yet.' });
		await settle();
		expect(t.keeper.note).toBe(
			'A model saved in this browser could not be restored: The names have not been loaded yet. ' +
				'A fresh one was made.'
		);
		expect(store.kept).toEqual({ kind: 'none' });
	});

	it('downloads the current model as a .safetensors file', async () => {
		const t = setup(new MemoryStore());
		t.built();
		t.keeper.download();
		expect(t.worker.types.at(-1)).toBe('snapshot');
		t.reply({ type: 'snapshot', snapshot: SNAPSHOT });
		expect(t.files.map((f) => f.name)).toEqual(['trenchcoat-gpt-micro-step-3.safetensors']);
		expect(t.files[0]!.bytes).toEqual(encodeModelFile(SNAPSHOT));
	});

	it('loads a file’s model, or says what is wrong with the file', async () => {
		const t = setup(new MemoryStore());
		t.built();
		await settle();
		await t.keeper.load(new File([new TextEncoder().encode('emma\n')], 'names.txt'));
		expect(t.keeper.fileError).toMatch(/^Not a model this page can load/);
		const file = new File(
			[encodeModelFile(SNAPSHOT) as Uint8Array<ArrayBuffer>],
			'mine.safetensors'
		);
		await t.keeper.load(file);
		expect(t.keeper.fileError).toBe('');
		expect(t.last('restore').snapshot).toMatchObject({ settings: SNAPSHOT.settings, adam: null });
		t.reply({ type: 'restored', step: 0 });
		expect(t.keeper.note).toBe(
			'Loaded “mine.safetensors”, a model trained for 3 steps. Generate names in FIG.03, or ' +
				'press Start to train it on in a fresh run.'
		);
	});

	it('closing the lesson pauses training, hands the model over, then stops the worker', async () => {
		const store = new MemoryStore();
		const t = setup(store);
		t.built();
		await settle();
		t.session.close();
		expect(t.worker.types.slice(-2)).toEqual(['pause', 'snapshot']);
		expect(t.worker.terminated).toBe(false);
		t.worker.reply({ type: 'snapshot', snapshot: SNAPSHOT });
		await settle();
		expect(t.worker.terminated).toBe(true);
		expect(store.log.at(-1)).toBe('save 3');
		expect(CLOSE_GRACE_MS).toBeGreaterThan(0);
	});
});

describe('asking before a trained model is thrown away', () => {
	const model = (elapsedMs: number) => ({ modelReady: true, step: 1234, elapsedMs });

	it('asks only once the model has trained for a few seconds', () => {
		expect(discardQuestion(model(ASK_AFTER_MS - 1), 'Reset training')).toBeNull();
		expect(discardQuestion(model(12_300), 'Reset training')).toEqual({
			title: 'Throw away the trained model?',
			text: 'The model has trained for 12.3 s (step 1,234). Reset training replaces it with a fresh one.',
			confirm: 'Reset training',
			keep: 'Keep the model'
		});
	});

	it('runs the action at once, or only when the reader says go', () => {
		const m = $state(model(0));
		const guard = new DiscardGuard(m);
		let runs = 0;
		guard.ask('Reset training', () => runs++);
		expect(runs).toBe(1);
		m.elapsedMs = 60_000;
		guard.ask('Reset training', () => runs++);
		expect([runs, guard.question?.confirm]).toEqual([1, 'Reset training']);
		guard.answer(false);
		expect([runs, guard.question]).toEqual([1, null]);
		guard.ask('Reset training', () => runs++);
		guard.answer(true);
		expect(runs).toBe(2);
	});
});
