import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KernelChoice, KernelSet } from '$lib/engine';
import { defaultState } from '$lib/ui/url-state';
import { FakeWorker } from '$lib/worker/fake-worker';
import type { DataSummary, FromWorker, ToWorker, TrainSettings } from '$lib/worker/protocol';
import { GPT, Rng, Vocab, presetConfig } from '$lib/engine';
import { inspectPrediction, type InspectRequest } from '$lib/worker/inspect';
import { ATTENTION_REFRESH_MS, TrainingSession } from './session.svelte';
import { trainSchema } from './transformer';

const NAMES_URL = 'http://127.0.0.1:4173/trenchcoat/data/names.txt';

/** What the worker answers for the names in these tests (four names, seven letters). */
const NAMES_SUMMARY: DataSummary = {
	source: 'names',
	items: 4,
	heldOut: 0,
	measured: 0,
	chars: ['a', 'e', 'i', 'l', 'm', 'o', 'v'],
	bigram: { train: 1.9, heldOut: null },
	notes: []
};

let dispose: (() => void) | null = null;

interface Setup {
	session: TrainingSession;
	workers: FakeWorker[];
}

/** A session in an effect root (as the lesson would make it), with a fake worker. */
function setup(kernels?: KernelChoice): Setup {
	const workers: FakeWorker[] = [];
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
			namesUrl: () => NAMES_URL,
			...(kernels ? { kernels: () => kernels } : {})
		});
	});
	flushSync();
	return { session, workers };
}

type Posted<T extends ToWorker['type']> = Extract<ToWorker, { type: T }>;

/** The last message of `type` the page posted to `worker`. */
function lastPosted<T extends ToWorker['type']>(worker: FakeWorker, type: T): Posted<T> {
	const found = worker.posted.findLast((m) => (m as ToWorker).type === type);
	if (!found) throw new Error(`the page posted no '${type}'`);
	return found as Posted<T>;
}

/** Connects; returns the worker the session started. */
function connected(s: Setup): FakeWorker {
	s.session.connect();
	expect(s.workers).toHaveLength(1);
	return s.workers[0]!;
}

/** Answers the last data request as the worker would: the text is accepted. */
function accept(worker: FakeWorker, summary: DataSummary = NAMES_SUMMARY): void {
	const asked = worker.posted.findLast((m) => ['names', 'text'].includes((m as ToWorker).type));
	worker.reply({ type: 'data', id: (asked as Posted<'names'>).id, summary });
	flushSync();
}

/** Answers the last settings as the worker would: the model is built. */
function ready(worker: FakeWorker, vocabSize = 11, kernels: KernelSet = 'wasm'): TrainSettings {
	const { settings } = lastPosted(worker, 'settings');
	const reply = (m: FromWorker) => worker.reply(m);
	reply({ type: 'ready', settings, parameterCount: 1, vocabSize, items: 4, kernels });
	reply({
		type: 'progress',
		step: 0,
		steps: settings.steps,
		elapsedMs: 0,
		stepsPerSecond: 0,
		running: false
	});
	flushSync();
	return settings;
}

/** Connected, the names accepted and a model built. */
function running(s: Setup): FakeWorker {
	const worker = connected(s);
	accept(worker);
	ready(worker);
	return worker;
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
	it('starts nothing in the prerendered page, then asks the worker for the names and a model', () => {
		const s = setup();
		expect(s.session.status).toBe('Training needs JavaScript.');
		expect(s.workers).toHaveLength(0);
		const worker = connected(s);
		expect(s.session.status).toBe('Loading the names and building the model…');
		expect(worker.posted).toEqual([
			{ type: 'kernels', choice: 'auto' },
			{
				type: 'settings',
				settings: { preset: 'micro', seed: 42, lr: 0.01, steps: 1000, batch: 1 }
			},
			{ type: 'names', id: 0, url: NAMES_URL }
		]);
		accept(worker);
		expect(s.session.items).toBe(4);
		expect(s.session.vocabSize).toBe(8);
		expect(s.session.bigram).toEqual({ train: 1.9, heldOut: null });
		ready(worker, 8);
		expect(s.session.status).toBe('Ready: press Start.');
	});

	it('keeps only the worker’s summary: the heat map checks names against its characters', () => {
		const s = setup();
		const worker = connected(s);
		expect(s.session.nameProblem('Zed')).toBeNull();
		accept(worker);
		expect(s.session.nameProblem('emma')).toBeNull();
		expect(s.session.nameProblem('Zed')).toMatch(/no token for “Z”, “d”/);
	});

	it('says so when the names cannot be loaded', () => {
		const s = setup();
		const worker = connected(s);
		const message = 'The names could not be loaded (HTTP 404). Reload the page to try again.';
		worker.reply({ type: 'refused', id: 0, source: 'names', message });
		flushSync();
		expect(s.session.data).toBe('failed');
		expect(s.session.status).toBe(message);
	});

	it('owns the settings: a change builds a fresh model, and a preset brings its learning rate', () => {
		const s = setup();
		const worker = running(s);
		s.session.typeSetting('seed', '7.4');
		flushSync();
		expect(worker.posted.at(-1)).toMatchObject({ type: 'settings', settings: { seed: 7 } });
		s.session.typeSetting('steps', 'lots');
		flushSync();
		expect(s.session.settings.steps).toBe(1000);
		s.session.choosePreset('larger');
		flushSync();
		expect(s.session.settings).toMatchObject({ preset: 'larger', lr: 0.003 });
		expect(worker.posted.at(-1)).toMatchObject({
			type: 'settings',
			settings: { preset: 'larger', lr: 0.003 }
		});
	});

	it('sends nothing before it connects, and nothing for a setting that did not change', () => {
		const s = setup();
		s.session.settings.seed = 7;
		flushSync();
		expect(s.workers).toHaveLength(0);
		const worker = running(s);
		s.session.settings.seed = 7;
		flushSync();
		expect(worker.types).toEqual(['kernels', 'settings', 'names']);
		expect(lastPosted(worker, 'settings').settings.seed).toBe(7);
	});

	it('restores the default settings and starts the run again', () => {
		const s = setup();
		const worker = connected(s);
		s.session.settings.steps = 300;
		flushSync();
		accept(worker);
		ready(worker);
		s.session.restoreDefaults();
		flushSync();
		expect(s.session.settings.steps).toBe(1000);
		expect(worker.types).toEqual(['kernels', 'settings', 'names', 'settings', 'reset', 'settings']);
	});

	it('keeps the step count in one place: the built model’s, else the one asked for', () => {
		const s = setup();
		s.session.settings.steps = 300;
		expect(s.session.totalSteps).toBe(300);
		const worker = running(s);
		s.session.settings.steps = 500;
		flushSync();
		expect(s.session.totalSteps).toBe(300);
		ready(worker);
		expect(s.session.totalSteps).toBe(500);
	});

	it('follows a run from Start to Finished', () => {
		const s = setup();
		const worker = running(s);
		const { settings } = lastPosted(worker, 'settings');
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

	it('redraws the chart at most once per frame, and shows the last loss at once when stopped', () => {
		const s = setup();
		const worker = running(s);
		vi.advanceTimersToNextFrame();
		const before = s.session.layout;
		expect(before.line).toBe('');
		worker.reply({ type: 'losses', from: 0, losses: [2.5, 2.4], heldOut: [] });
		worker.reply({ type: 'losses', from: 2, losses: [2.3], heldOut: [] });
		flushSync();
		expect(s.session.layout).toBe(before);
		expect(s.session.smoothedLoss).toBeNaN();
		vi.advanceTimersToNextFrame();
		expect(s.session.layout.line).toMatch(/^M/);
		expect(s.session.smoothedLoss).toBeGreaterThan(2.3);
		worker.reply({ type: 'losses', from: 3, losses: [1], heldOut: [] });
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

	it('draws the bigram line from the worker’s summary', () => {
		const s = setup();
		const worker = running(s);
		const bigramLine = () => s.session.layout.references.find((r) => /bigram/.test(r.label));
		expect(bigramLine()?.label).toMatch(/1\.90/);
		s.session.trainOn('paris\nrome');
		accept(worker, { ...NAMES_SUMMARY, source: 'own', bigram: { train: 2.5, heldOut: 2.2 } });
		expect(bigramLine()?.label).toMatch(/2\.20/);
	});

	it('draws names seeded from the training seed, without the training figure on the page', () => {
		const s = setup();
		const worker = running(s);
		s.session.sample(0.8);
		s.session.sample(0.8);
		expect(worker.posted.slice(-2)).toEqual([
			{ type: 'sample', count: 12, temperature: 0.8, seed: 42_000 },
			{ type: 'sample', count: 12, temperature: 0.8, seed: 42_001 }
		]);
		worker.reply({ type: 'samples', samples: [{ text: 'ema', isNew: true }], temperature: 0.8 });
		expect(s.session.samples).toEqual([{ text: 'ema', isNew: true }]);
	});

	it('follows the typed name’s heat maps: once ready, again as training moves, not too often', () => {
		const s = setup();
		const typed = $state({ name: 'emma' });
		const stop = $effect.root(() => s.session.followAttention(() => typed.name));
		try {
			const worker = connected(s);
			accept(worker);
			flushSync();
			expect(worker.types).toEqual(['kernels', 'settings', 'names']);
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

	it('sends the reader’s text as it is, and reports the worker’s answer', () => {
		const s = setup();
		const worker = running(s);
		s.session.trainOn('paris\nrome');
		expect(worker.posted.at(-1)).toEqual({ type: 'text', id: 1, text: 'paris\nrome' });
		expect(s.session.textOutcome).toEqual({ kind: 'checking', file: null });
		const own: DataSummary = { ...NAMES_SUMMARY, source: 'own', items: 2 };
		accept(worker, own);
		expect(s.session.textOutcome).toEqual({ kind: 'accepted', summary: own, file: null });
		expect([s.session.source, s.session.items]).toEqual(['own', 2]);
	});

	it('hands a picked file to the worker unread, and names it in the report', () => {
		const s = setup();
		const worker = running(s);
		const file = new File(['oslo\nbergen'], 'cities.txt', { type: 'text/plain' });
		s.session.trainOn(file);
		expect(lastPosted(worker, 'text').text).toBe(file);
		expect(s.session.textOutcome).toEqual({ kind: 'checking', file: 'cities.txt' });
	});

	it('keeps the text and model in use when the worker refuses the reader’s text', () => {
		const s = setup();
		const worker = running(s);
		s.session.trainOn('');
		worker.reply({
			type: 'refused',
			id: 1,
			source: 'own',
			message: 'There is nothing to train on yet.'
		});
		flushSync();
		expect(s.session.textOutcome).toEqual({
			kind: 'refused',
			message: 'There is nothing to train on yet.'
		});
		expect([s.session.source, s.session.items, s.session.data]).toEqual(['names', 4, 'ready']);
		expect(s.session.modelReady).toBe(true);
	});

	it('reports only the answer to the reader’s latest request', () => {
		const s = setup();
		const worker = running(s);
		s.session.trainOn('paris');
		s.session.trainOn('');
		// the worker had already taken the first text before the second arrived
		worker.reply({ type: 'data', id: 1, summary: { ...NAMES_SUMMARY, source: 'own', items: 1 } });
		flushSync();
		expect(s.session.textOutcome.kind).toBe('checking');
		expect(s.session.items).toBe(1);
		worker.reply({ type: 'refused', id: 2, source: 'own', message: 'Nothing.' });
		flushSync();
		expect(s.session.textOutcome).toEqual({ kind: 'refused', message: 'Nothing.' });
	});

	it('goes back to the names, and its Reset forgets the reader’s text', () => {
		const s = setup();
		const worker = running(s);
		s.session.trainOn('paris\nrome');
		accept(worker, { ...NAMES_SUMMARY, source: 'own' });
		s.session.backToNames();
		expect(s.session.textOutcome).toEqual({ kind: 'back' });
		expect(worker.posted.at(-1)).toEqual({ type: 'names', id: 2, url: NAMES_URL });
		accept(worker);
		expect(s.session.source).toBe('names');
		s.session.forgetOwnText();
		expect(worker.types.at(-1)).toBe('names');
		expect(s.session.textOutcome).toEqual({ kind: 'none' });
		s.session.trainOn('oslo');
		s.session.forgetOwnText();
		// the reader's text is still being checked: the names are asked for after it
		expect(worker.types.slice(-2)).toEqual(['text', 'names']);
	});

	it('stops a crashed trainer, says so, and restarts it with the same settings and text', () => {
		const s = setup();
		const worker = running(s);
		const file = new Blob(['oslo\nbergen']);
		s.session.trainOn(file);
		accept(worker, { ...NAMES_SUMMARY, source: 'own' });
		worker.crash('out of memory');
		expect(worker.terminated).toBe(true);
		expect(s.session.workerError).toBe('The trainer stopped: out of memory.');
		expect(s.session.modelReady).toBe(false);
		s.session.restart();
		expect(s.workers).toHaveLength(2);
		expect(s.workers[1]!.types).toEqual(['kernels', 'settings', 'text']);
		expect(lastPosted(s.workers[1]!, 'text').text).toBe(file);
		expect(s.session.workerError).toBe('');
	});

	it('asks every worker it starts for the page’s kernels, and keeps the set the model reports', () => {
		const s = setup('typescript');
		const worker = connected(s);
		expect(worker.posted[0]).toEqual({ type: 'kernels', choice: 'typescript' });
		expect(s.session.kernels).toBeNull();
		accept(worker);
		ready(worker, 8, 'typescript');
		expect(s.session.kernels).toBe('typescript');
		worker.crash('out of memory');
		s.session.restart();
		expect(s.workers[1]!.posted[0]).toEqual({ type: 'kernels', choice: 'typescript' });
	});

	it('keeps a trainer that sent one message it should not have', () => {
		const s = setup();
		const worker = running(s);
		worker.reply({ type: 'nonsense' });
		expect(s.session.workerError).toBe('The trainer sent a message the page does not understand.');
		expect(worker.terminated).toBe(false);
		expect(s.session.modelReady).toBe(true);
	});

	it('on close, stops the worker and the pending redraw, and never starts another', () => {
		const s = setup();
		const worker = running(s);
		vi.advanceTimersToNextFrame();
		worker.reply({ type: 'losses', from: 0, losses: [2.5], heldOut: [] });
		const layout = s.session.layout;
		s.session.close();
		expect(worker.terminated).toBe(true);
		vi.advanceTimersToNextFrame();
		expect(s.session.layout).toBe(layout);
		s.session.start();
		s.session.restart();
		s.session.trainOn('paris');
		expect(s.workers).toHaveLength(1);
	});

	it('starts no worker when it closes before it connects', () => {
		const s = setup();
		s.session.close();
		s.session.connect();
		expect(s.workers).toHaveLength(0);
	});

	it('keeps the held-out losses of the run, and forgets them when a new model is built', () => {
		const s = setup();
		const worker = running(s);
		worker.reply({
			type: 'losses',
			from: 0,
			losses: [2.5],
			heldOut: [{ step: 0, loss: 3.3 }]
		});
		worker.reply({
			type: 'losses',
			from: 1,
			losses: [2.4, 2.3],
			heldOut: [{ step: 3, loss: 2.9 }]
		});
		expect(s.session.heldOut).toEqual([
			{ step: 0, loss: 3.3 },
			{ step: 3, loss: 2.9 }
		]);
		vi.advanceTimersToNextFrame();
		expect(s.session.layout.heldOutPoints).toHaveLength(2);
		expect(s.session.layout.table.map((row) => row.heldOut)).toEqual(['3.300', '2.900']);
		ready(worker);
		expect(s.session.heldOut).toEqual([]);
	});

	it('asks for one step, and a preset brings its learning rate and names per step', () => {
		const s = setup();
		const worker = running(s);
		s.session.stepOnce();
		expect(worker.posted.at(-1)).toEqual({ type: 'step' });
		s.session.choosePreset('larger');
		flushSync();
		expect(lastPosted(worker, 'settings').settings).toMatchObject({
			preset: 'larger',
			lr: 0.003,
			batch: 4
		});
		s.session.typeSetting('batch', '99');
		flushSync();
		expect(s.session.settings.batch).toBe(32);
	});

	it('follows the reader’s prediction through the model, and keeps the worker’s refusal of one', () => {
		const s = setup();
		const asked = $state<{ value: InspectRequest | null }>({
			value: { prefix: 'emm', next: 'a', seed: 1 }
		});
		const stop = $effect.root(() => s.session.followInspection(() => asked.value));
		try {
			const worker = running(s);
			flushSync();
			expect(worker.posted.at(-1)).toEqual({ type: 'inspect', prefix: 'emm', next: 'a', seed: 1 });
			const vocab = new Vocab(NAMES_SUMMARY.chars);
			const model = new GPT(presetConfig('micro', vocab.size), new Rng(1));
			const inspection = inspectPrediction(model, vocab, { prefix: 'emm', next: 'a', seed: 1 }, 0);
			worker.reply({ type: 'inspection', inspection });
			expect(s.session.inspection?.tokens).toEqual(['◆', 'e', 'm', 'm']);
			worker.reply({ type: 'uninspectable', prefix: 'emm', next: 'a', message: 'No.' });
			expect(s.session.inspectRefusal).toEqual({ prefix: 'emm', next: 'a', message: 'No.' });
			asked.value = null;
			flushSync();
			expect(worker.types.filter((t) => t === 'inspect')).toHaveLength(1);
			expect(s.session.prefixProblem('Emm')).toMatch(/no token for “E”/);
			expect(s.session.prefixProblem('')).toBeNull();
		} finally {
			stop();
		}
	});
});
