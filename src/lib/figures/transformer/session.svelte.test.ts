import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultState } from '$lib/ui/url-state';
import { FakeWorker } from '$lib/worker/fake-worker';
import type { FromWorker, TrainSettings } from '$lib/worker/protocol';
import { ATTENTION_REFRESH_MS, TrainingSession } from './session.svelte';
import { trainSchema } from './transformer';

const NAMES = 'emma\nolivia\nava\nmia';

let dispose: (() => void) | null = null;

interface Setup {
	session: TrainingSession;
	workers: FakeWorker[];
	/** Resolves or rejects the names request. */
	names: { resolve(text: string): void; reject(e: Error): void };
}

/** A session in an effect root (as the lesson would make it), with a fake worker and names. */
function setup(): Setup {
	const workers: FakeWorker[] = [];
	const names = {} as Setup['names'];
	const state = $state(defaultState(trainSchema));
	let session!: TrainingSession;
	dispose = $effect.root(() => {
		session = new TrainingSession({
			settings: { state, reset: () => Object.assign(state, defaultState(trainSchema)) },
			createWorker: () => {
				const worker = new FakeWorker();
				workers.push(worker);
				return worker;
			},
			loadNames: () =>
				new Promise<string>((resolve, reject) => Object.assign(names, { resolve, reject }))
		});
	});
	flushSync();
	return { session, workers, names };
}

/** Connects and delivers the names; returns the worker the session started. */
async function connected(s: Setup, text = NAMES): Promise<FakeWorker> {
	s.session.connect();
	s.names.resolve(text);
	await vi.waitFor(() => expect(s.workers).toHaveLength(1));
	return s.workers[0]!;
}

/** Answers the last init as the worker would: the model is built. */
function ready(worker: FakeWorker, vocabSize = 11): TrainSettings {
	const init = worker.posted.findLast((m) => (m as { type: string }).type === 'init') as {
		settings: TrainSettings;
	};
	const reply = (m: FromWorker) => worker.reply(m);
	reply({ type: 'ready', settings: init.settings, parameterCount: 1, vocabSize, items: 4 });
	reply({
		type: 'progress',
		step: 0,
		steps: init.settings.steps,
		elapsedMs: 0,
		stepsPerSecond: 0,
		running: false
	});
	flushSync();
	return init.settings;
}

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance'] });
});

afterEach(() => {
	dispose?.();
	dispose = null;
	vi.useRealTimers();
});

describe('lesson 2’s training session', () => {
	it('starts nothing in the prerendered page, then loads the names and builds a model', async () => {
		const s = setup();
		expect(s.session.status).toBe('Training needs JavaScript.');
		expect(s.workers).toHaveLength(0);
		s.session.connect();
		expect(s.session.status).toBe('Loading the names and building the model…');
		const worker = await connected(s);
		expect(worker.posted[0]).toEqual({
			type: 'init',
			settings: { preset: 'micro', seed: 42, lr: 0.01, steps: 1000 },
			lines: ['emma', 'olivia', 'ava', 'mia'],
			chars: ['a', 'e', 'i', 'l', 'm', 'o', 'v']
		});
		expect(s.session.items).toBe(4);
		expect(s.session.bigram).toBeGreaterThan(0);
		ready(worker, 8);
		expect(s.session.status).toBe('Ready: press Start.');
	});

	it('says so when the names cannot be loaded', async () => {
		const s = setup();
		s.session.connect();
		s.names.reject(new Error('HTTP 404'));
		await vi.waitFor(() => expect(s.session.data).toBe('failed'));
		expect(s.session.status).toBe(
			'The names could not be loaded (HTTP 404). Reload the page to try again.'
		);
		expect(s.workers).toHaveLength(0);
	});

	it('owns the settings: a change builds a fresh model, and a preset brings its learning rate', async () => {
		const s = setup();
		const worker = await connected(s);
		ready(worker);
		s.session.typeSetting('seed', '7.4');
		flushSync();
		expect(worker.posted.at(-1)).toMatchObject({ type: 'init', settings: { seed: 7 } });
		s.session.typeSetting('steps', 'lots');
		flushSync();
		expect(s.session.settings.steps).toBe(1000);
		s.session.choosePreset('larger');
		flushSync();
		expect(s.session.settings).toMatchObject({ preset: 'larger', lr: 0.003 });
		expect(worker.posted.at(-1)).toMatchObject({ type: 'init', settings: { preset: 'larger' } });
	});

	it('does not rebuild a model whose settings did not change', async () => {
		const s = setup();
		const worker = await connected(s);
		ready(worker);
		s.session.settings.seed = 42;
		flushSync();
		expect(worker.types).toEqual(['init']);
	});

	it('restores the default settings and starts the run again', async () => {
		const s = setup();
		const worker = await connected(s);
		s.session.settings.steps = 300;
		flushSync();
		ready(worker);
		s.session.restoreDefaults();
		flushSync();
		expect(s.session.settings.steps).toBe(1000);
		expect(worker.types).toEqual(['init', 'init', 'reset', 'init']);
	});

	it('keeps the step count in one place: the built model’s, else the one asked for', async () => {
		const s = setup();
		s.session.settings.steps = 300;
		expect(s.session.totalSteps).toBe(300);
		const worker = await connected(s);
		ready(worker);
		s.session.settings.steps = 500;
		flushSync();
		expect(s.session.totalSteps).toBe(300);
		ready(worker);
		expect(s.session.totalSteps).toBe(500);
	});

	it('follows a run from Start to Finished', async () => {
		const s = setup();
		const worker = await connected(s);
		const settings = ready(worker);
		s.session.start();
		expect(worker.types.at(-1)).toBe('start');
		const progress = (step: number, running: boolean) =>
			worker.reply({
				type: 'progress',
				step,
				steps: settings.steps,
				elapsedMs: 5,
				stepsPerSecond: 200,
				running
			});
		progress(500, true);
		flushSync();
		expect(s.session.status).toBe('Training…');
		progress(500, false);
		flushSync();
		expect(s.session.status).toBe('Paused.');
		worker.reply({ type: 'done', step: settings.steps });
		flushSync();
		expect(s.session.done).toBe(true);
		expect(s.session.status).toBe(
			'Finished 1,000 steps. Reset to train again, or change a setting.'
		);
	});

	it('redraws the chart at most once per frame, and shows the last loss at once when stopped', async () => {
		const s = setup();
		const worker = await connected(s);
		ready(worker);
		vi.advanceTimersToNextFrame();
		const before = s.session.layout;
		expect(before.line).toBe('');
		worker.reply({ type: 'losses', from: 0, losses: [2.5, 2.4] });
		worker.reply({ type: 'losses', from: 2, losses: [2.3] });
		flushSync();
		expect(s.session.layout).toBe(before);
		expect(s.session.smoothedLoss).toBeNaN();
		vi.advanceTimersToNextFrame();
		expect(s.session.layout.line).toMatch(/^M/);
		expect(s.session.smoothedLoss).toBeGreaterThan(2.3);
		worker.reply({ type: 'losses', from: 3, losses: [1] });
		worker.reply({
			type: 'progress',
			step: 4,
			steps: 1000,
			elapsedMs: 1,
			stepsPerSecond: 1,
			running: false
		});
		expect(s.session.smoothedLoss).toBeLessThan(2.3);
	});

	it('draws names seeded from the training seed, without the training figure on the page', async () => {
		const s = setup();
		const worker = await connected(s);
		ready(worker);
		s.session.sample(0.8);
		s.session.sample(0.8);
		expect(worker.posted.slice(-2)).toEqual([
			{ type: 'sample', count: 12, temperature: 0.8, seed: 42_000 },
			{ type: 'sample', count: 12, temperature: 0.8, seed: 42_001 }
		]);
		worker.reply({ type: 'samples', samples: [{ text: 'ema', isNew: true }], temperature: 0.8 });
		expect(s.session.samples).toEqual([{ text: 'ema', isNew: true }]);
	});

	it('follows the typed name’s heat maps: once ready, again as training moves, not too often', async () => {
		const s = setup();
		const typed = $state({ name: 'emma' });
		const stop = $effect.root(() => s.session.followAttention(() => typed.name));
		try {
			const worker = await connected(s);
			flushSync();
			expect(worker.types).toEqual(['init']);
			const settings = ready(worker);
			expect(worker.posted.at(-1)).toEqual({ type: 'attention', text: 'emma' });
			worker.reply({ type: 'attention', text: 'emma', tokens: ['◆'], layers: [] });
			const asks = () => worker.types.filter((t) => t === 'attention').length;
			const step = (n: number) => {
				worker.reply({
					type: 'progress',
					step: n,
					steps: settings.steps,
					elapsedMs: n,
					stepsPerSecond: 1,
					running: true
				});
				flushSync();
			};
			step(10);
			expect(asks()).toBe(1);
			vi.advanceTimersByTime(ATTENTION_REFRESH_MS);
			step(20);
			expect(asks()).toBe(2);
			typed.name = 'Emma!';
			flushSync();
			expect(s.session.nameProblem(typed.name)).toMatch(/no token for “E”, “!”/);
			expect(asks()).toBe(2);
			typed.name = 'ava';
			flushSync();
			expect(worker.posted.at(-1)).toEqual({ type: 'attention', text: 'ava' });
		} finally {
			stop();
		}
	});

	it('replaces the text with the reader’s own, and goes back to the names', async () => {
		const s = setup();
		const worker = await connected(s);
		expect(s.session.trainOn('').ok).toBe(false);
		expect(worker.types).toEqual(['init']);
		expect(s.session.trainOn('paris\nrome').ok).toBe(true);
		expect(s.session.source).toBe('own');
		expect(worker.posted.at(-1)).toMatchObject({ type: 'init', lines: ['paris', 'rome'] });
		s.session.backToNames();
		expect(s.session.source).toBe('names');
		expect(worker.posted.at(-1)).toMatchObject({ type: 'init', lines: NAMES.split('\n') });
	});

	it('stops a crashed trainer, says so, and restarts it on request', async () => {
		const s = setup();
		const worker = await connected(s);
		ready(worker);
		worker.crash('out of memory');
		expect(worker.terminated).toBe(true);
		expect(s.session.workerError).toBe('The trainer stopped: out of memory.');
		expect(s.session.modelReady).toBe(false);
		s.session.restart();
		expect(s.workers).toHaveLength(2);
		expect(s.workers[1]!.types).toEqual(['init']);
		expect(s.session.workerError).toBe('');
	});

	it('keeps a trainer that sent one message it should not have', async () => {
		const s = setup();
		const worker = await connected(s);
		ready(worker);
		worker.reply({ type: 'nonsense' });
		expect(s.session.workerError).toBe('The trainer sent a message the page does not understand.');
		expect(worker.terminated).toBe(false);
		expect(s.session.modelReady).toBe(true);
	});

	it('on close, stops the worker and the pending redraw, and never starts another', async () => {
		const s = setup();
		const worker = await connected(s);
		ready(worker);
		vi.advanceTimersToNextFrame();
		worker.reply({ type: 'losses', from: 0, losses: [2.5] });
		const layout = s.session.layout;
		s.session.close();
		expect(worker.terminated).toBe(true);
		vi.advanceTimersToNextFrame();
		expect(s.session.layout).toBe(layout);
		s.session.start();
		s.session.restart();
		expect(s.workers).toHaveLength(1);
	});

	it('starts no worker when it closes before the names arrive', async () => {
		const s = setup();
		s.session.connect();
		s.session.close();
		s.names.resolve(NAMES);
		await vi.waitFor(() => expect(s.session.data).toBe('ready'));
		expect(s.workers).toHaveLength(0);
	});
});
