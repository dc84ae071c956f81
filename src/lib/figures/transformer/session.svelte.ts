/**
 * Lesson 2's training session: the one owner of the training settings (the `train.` URL state),
 * the training text, the worker and what the worker last reported. The lesson makes one (see
 * session-context.ts) and FIG.02–05 read it; none of them talks to the worker directly, and each
 * works without the others on the page.
 *
 *   const session = new TrainingSession({ settings: useUrlState('train', trainSchema),
 *     createWorker: () => new Worker(…), loadNames: () => fetch(…).then((r) => r.text()) });
 *   session.connect();          // once mounted: fetches the names; the worker builds a model
 *   session.start();
 *   session.layout              // the loss chart, redrawn at most once per animation frame
 *   session.close();            // when the lesson unmounts: the worker and pending frame stop
 *
 * Construct it while a component initialises: it owns an effect that builds a fresh model
 * whenever a setting changes. Nothing here runs on the server, so the prerendered page shows
 * every figure's idle first frame.
 */
import { untrack } from 'svelte';
import { BLOCK_SIZE, MODEL_PRESETS, NAMES_VOCAB_SIZE, Vocab, type PresetId } from '$lib/engine';
import { FrameBatch } from '$lib/ui/frame-batch';
import { WorkerClient, errorText, type WorkerFailure, type WorkerLike } from '$lib/worker/client';
import {
	bigramLoss,
	prepareText,
	trainingSequence,
	type Dataset,
	type TextCheck
} from '$lib/worker/dataset';
import {
	MAX_LINE_LENGTH,
	isFromWorker,
	type FromWorker,
	type Sample,
	type ToWorker,
	type TrainSettings
} from '$lib/worker/protocol';
import type { AttentionMaps } from './attention-map';
import type { DataSource } from './own-text';
import { trainingStatus, type DataState } from './training-lab';
import {
	SAMPLE_COUNT,
	chartLayout,
	checkTypedName,
	smooth,
	typedInt,
	uniformLoss,
	SEED_RANGE,
	STEPS_RANGE,
	type TrainUiState
} from './transformer';

/** Shortest time between two heat-map refreshes while training runs, in ms. */
export const ATTENTION_REFRESH_MS = 700;

export interface TrainingSessionOptions {
	/** The `train.` URL state: the session owns it, the figures change it through the session. */
	settings: { readonly state: TrainUiState; reset(): void };
	/** Makes the training worker; see WorkerClient for why it is written at the call site. */
	createWorker: () => WorkerLike;
	/** The names' text. */
	loadNames: () => Promise<string>;
}

export class TrainingSession {
	/** The reader's settings, in the URL; a change builds a fresh model. */
	readonly settings: TrainUiState;

	data = $state<DataState>('idle');
	dataMessage = $state('');
	source = $state<DataSource>('names');
	items = $state(0);
	vocabSize = $state(NAMES_VOCAB_SIZE);
	/** Cross-entropy of the add-one bigram model on the current text, in nats. */
	bigram = $state<number | null>(null);
	/** The settings the current model was built with. */
	builtWith = $state.raw<TrainSettings | null>(null);
	modelReady = $state(false);

	step = $state(0);
	elapsedMs = $state(0);
	stepsPerSecond = $state(0);
	running = $state(false);
	/** The last point of the smoothed line; updated with the chart. */
	smoothedLoss = $state(NaN);

	samples = $state.raw<Sample[]>([]);
	sampleTemperature = $state(1);
	attention = $state.raw<AttentionMaps | null>(null);
	/** An error the worker reported; the model before it is still in place unless it died. */
	workerError = $state('');

	/** JavaScript runs and the session has been connected (false in the prerendered page). */
	readonly connected = $derived(this.data !== 'idle');
	readonly status = $derived(trainingStatus(this));
	readonly layout = $derived.by(() => {
		void this.#version;
		return chartLayout(
			this.#losses,
			this.#smoothed,
			this.totalSteps,
			uniformLoss(this.vocabSize),
			this.bigram
		);
	});

	/** The step count of the current run: the built model's, else the one asked for. */
	get totalSteps(): number {
		return this.builtWith?.steps ?? this.settings.steps;
	}

	/** The current model has trained all its steps. */
	get done(): boolean {
		return this.modelReady && this.builtWith !== null && this.step >= this.builtWith.steps;
	}

	/** Bumped at most once per animation frame when new losses arrived. */
	#version = $state(0);
	/** Per-step losses and their smoothed line: plain arrays, read by `layout` on `#version`. */
	readonly #losses: number[] = [];
	readonly #smoothed: number[] = [];
	readonly #options: TrainingSessionOptions;
	readonly #client: WorkerClient<ToWorker, FromWorker>;
	readonly #redraw: FrameBatch;
	/** The text the current model trains on, and the names to go back to. */
	#dataset = $state.raw<Dataset | null>(null);
	#vocab = $derived(this.#dataset ? new Vocab(this.#dataset.chars) : null);
	#names: Dataset | null = null;
	#draws = 0;
	#closed = false;

	constructor(options: TrainingSessionOptions) {
		this.#options = options;
		this.settings = options.settings.state;
		this.#client = new WorkerClient({
			create: options.createWorker,
			accepts: isFromWorker,
			onmessage: (message) => this.#receive(message),
			onfailure: (failure) => this.#failed(failure)
		});
		this.#redraw = new FrameBatch(() => {
			this.smoothedLoss = this.#smoothed.at(-1) ?? NaN;
			this.#version++;
		});
		// Any change of setting builds a fresh model (the inputs are locked while training runs).
		$effect(() => {
			const { preset, seed, lr, steps } = this.settings;
			untrack(() => this.#configure({ preset, seed, lr, steps }));
		});
	}

	/** Starts loading the names (once); the worker starts when they arrive. */
	connect(): void {
		if (this.data !== 'idle' || this.#closed) return;
		this.data = 'loading';
		void this.#loadNames();
	}

	/** Stops the worker and any pending redraw for good: the lesson is gone. */
	close(): void {
		this.#closed = true;
		this.#client.terminate();
		this.#redraw.cancel();
		this.running = false;
	}

	async #loadNames(): Promise<void> {
		try {
			const check = prepareText(await this.#options.loadNames(), MAX_LINE_LENGTH);
			if (!check.ok) throw new Error(check.message);
			this.#names = check.dataset;
			this.data = 'ready';
			this.#use(check.dataset, 'names');
		} catch (e) {
			this.data = 'failed';
			this.dataMessage = `The names could not be loaded (${errorText(e)}). Reload the page to try again.`;
		}
	}

	#use(dataset: Dataset, source: DataSource): void {
		this.#dataset = dataset;
		this.source = source;
		this.items = dataset.lines.length;
		const vocab = new Vocab(dataset.chars);
		this.vocabSize = vocab.size;
		this.bigram = bigramLoss(
			dataset.lines.map((line) => trainingSequence(vocab, line, BLOCK_SIZE)),
			vocab.size
		);
		this.#rebuild();
	}

	/** A preset comes with the learning rate it trains well at. */
	choosePreset(preset: PresetId): void {
		this.settings.preset = preset;
		this.settings.lr = MODEL_PRESETS[preset].lr;
	}

	/** A seed or step count as typed; text that is not a number is ignored. */
	typeSetting(key: 'seed' | 'steps', raw: string): void {
		const value = typedInt(raw, key === 'seed' ? SEED_RANGE : STEPS_RANGE);
		if (value !== null) this.settings[key] = value;
	}

	/** Default settings and a fresh start, for FIG.02's Reset. */
	restoreDefaults(): void {
		this.#options.settings.reset();
		this.reset();
	}

	#configure(wanted: TrainSettings): void {
		const built = this.builtWith;
		if (
			built &&
			built.preset === wanted.preset &&
			built.seed === wanted.seed &&
			built.lr === wanted.lr &&
			built.steps === wanted.steps
		) {
			return;
		}
		this.#rebuild();
	}

	#rebuild(): void {
		if (!this.#dataset) return;
		const { preset, seed, lr, steps } = this.settings;
		this.#send({
			type: 'init',
			settings: { preset, seed, lr, steps },
			lines: this.#dataset.lines,
			chars: this.#dataset.chars
		});
	}

	start(): void {
		this.#send({ type: 'start' });
	}

	pause(): void {
		this.#send({ type: 'pause' });
	}

	/** Back to step 0 with the same settings: the same seed gives the same curve again. */
	reset(): void {
		this.#send({ type: 'reset' });
	}

	/** Draws names; each draw has its own seed, derived from the training seed. */
	sample(temperature: number): void {
		const seed = ((this.builtWith?.seed ?? 0) * 1000 + this.#draws++) % Number.MAX_SAFE_INTEGER;
		this.#send({ type: 'sample', count: SAMPLE_COUNT, temperature, seed });
	}

	/** Why `name` cannot be drawn as heat maps, or null when it can (or the text is not known yet). */
	nameProblem(name: string): string | null {
		const vocab = this.#vocab;
		return vocab ? checkTypedName(name, (ch) => vocab.has(ch), MAX_LINE_LENGTH) : null;
	}

	/**
	 * Keeps the heat maps of `name()` current: asks the worker again when the name or the model
	 * changes, and as training moves on, at most every ATTENTION_REFRESH_MS. Call while a
	 * component initialises; it stops when that component goes.
	 */
	followAttention(name: () => string): void {
		let lastAsk = -Infinity;
		$effect(() => {
			const text = name();
			const ready = this.modelReady;
			const running = this.running;
			void this.step;
			void this.builtWith;
			const problem = this.nameProblem(text);
			untrack(() => {
				if (!ready || problem !== null) return;
				const now = performance.now();
				const fresh = this.attention?.text === text;
				if (running && fresh && now - lastAsk < ATTENTION_REFRESH_MS) return;
				lastAsk = now;
				this.#send({ type: 'attention', text });
			});
		});
	}

	/** Checks the reader's text; only text that passes replaces the training set. */
	trainOn(text: string): TextCheck {
		const check = prepareText(text, MAX_LINE_LENGTH);
		if (check.ok) this.#use(check.dataset, 'own');
		return check;
	}

	backToNames(): void {
		if (this.#names) this.#use(this.#names, 'names');
	}

	/** A fresh worker, rebuilt from the current text and settings. */
	restart(): void {
		this.#client.terminate();
		this.workerError = '';
		this.builtWith = null;
		this.#rebuild();
	}

	#send(message: ToWorker): void {
		if (!this.#closed) this.#client.post(message);
	}

	#failed(failure: WorkerFailure): void {
		switch (failure.kind) {
			case 'unexpected':
				// The trainer is still there; only this message is lost.
				this.workerError = 'The trainer sent a message the page does not understand.';
				return;
			case 'crashed':
				return this.#stop(`The trainer stopped: ${failure.message || 'it could not start'}.`);
			case 'unreadable':
				return this.#stop('A message from the trainer could not be read.');
			case 'unreachable':
				return this.#stop(`The trainer could not be reached: ${failure.message}`);
		}
	}

	#stop(message: string): void {
		this.#client.terminate();
		this.running = false;
		this.modelReady = false;
		this.workerError = message;
	}

	#receive(message: FromWorker): void {
		switch (message.type) {
			case 'ready':
				this.builtWith = message.settings;
				this.vocabSize = message.vocabSize;
				this.items = message.items;
				this.modelReady = true;
				this.workerError = '';
				this.#losses.length = 0;
				this.#smoothed.length = 0;
				this.smoothedLoss = NaN;
				this.samples = [];
				this.attention = null;
				this.#redraw.request();
				return;
			case 'losses':
				// The worker sends every step in order; a gap would mean a lost batch, so trust
				// `from` and overwrite rather than append.
				this.#losses.length = message.from;
				for (const loss of message.losses) this.#losses.push(loss);
				smooth(this.#losses, Math.min(message.from, this.#smoothed.length), this.#smoothed);
				this.#smoothed.length = this.#losses.length;
				this.#redraw.request();
				return;
			case 'progress':
				this.step = message.step;
				this.elapsedMs = message.elapsedMs;
				this.stepsPerSecond = message.stepsPerSecond;
				this.running = message.running;
				// Stopped: show the exact last value now rather than on the next frame, so the
				// read-out never lags behind a status that says training has finished.
				if (!message.running) this.smoothedLoss = this.#smoothed.at(-1) ?? NaN;
				return;
			case 'samples':
				this.samples = message.samples;
				this.sampleTemperature = message.temperature;
				return;
			case 'attention':
				this.attention = { text: message.text, tokens: message.tokens, layers: message.layers };
				return;
			case 'error':
				this.workerError = message.message;
				return;
			case 'done':
				this.running = false;
				this.step = message.step;
				this.smoothedLoss = this.#smoothed.at(-1) ?? NaN;
				return;
		}
	}
}
