/**
 * Lesson 2's training session: the one owner of the training settings (the `train.` URL state),
 * the choice of training text, the worker and what the worker last reported. The lesson makes one
 * (see session-context.ts) and FIG.02–06 read it; none of them talks to the worker directly, and
 * each works without the others on the page.
 *
 * The text itself never passes through the page's hands: the worker fetches the names, reads the
 * reader's text or file, checks and prepares it, splits off the held-out items, and answers with
 * a summary (items, characters, bigram baselines, notes), which is all the page keeps. A megabyte
 * list costs the page nothing.
 *
 *   const session = new TrainingSession({ settings: useUrlState('train', trainSchema),
 *     createWorker: () => new Worker(…),
 *     namesUrl: () => new URL('/data/names.txt', location.href).href });
 *   session.connect();          // once mounted: the worker fetches the names and builds a model
 *   session.trainOn(file);      // the reader's list; `textOutcome` says how it went
 *   session.start();            // or session.stepOnce(), one step at a time
 *   session.layout              // the loss chart, redrawn at most once per animation frame
 *   session.followInspection(() => ({ prefix: 'emm', next: 'a', seed: 0 }));   // FIG.05
 *   session.requestSnapshot();  // the model as data, to `onmodel` (model-keeper.svelte.ts)
 *   session.restore(snapshot);  // go on from a kept or loaded model
 *   session.close();            // the lesson unmounts: training pauses, the model is handed
 *                               // to `onmodel`, then the worker and pending frame stop
 *
 * Construct it while a component initialises: it owns an effect that builds a fresh model
 * whenever a setting changes. Nothing here runs on the server, so the prerendered page shows
 * every figure's idle first frame.
 */
import { untrack } from 'svelte';
import {
	MODEL_PRESETS,
	NAMES_VOCAB_SIZE,
	type KernelChoice,
	type KernelSet,
	type PresetId
} from '$lib/engine';
import { FrameBatch } from '$lib/ui/frame-batch';
import { WorkerClient, type WorkerFailure, type WorkerLike } from '$lib/worker/client';
import {
	MAX_LINE_LENGTH,
	isFromWorker,
	type DataSource,
	type DataSummary,
	type FromWorker,
	type HeldOutPoint,
	type Inspection,
	type Sample,
	type ToWorker,
	type TrainSettings
} from '$lib/worker/protocol';
import type { BigramBaseline } from '$lib/worker/dataset';
import type { InspectRequest } from '$lib/worker/inspect';
import type { ModelSnapshot } from '$lib/worker/snapshot';
import type { AttentionMaps } from './attention-map';
import type { TextOutcome } from './own-text';
import { trainingStatus, type DataState } from './training-lab';
import {
	SAMPLE_COUNT,
	chartLayout,
	checkPrefix,
	checkTypedName,
	smooth,
	typedSetting,
	uniformLoss,
	type TrainUiState
} from './transformer';

/** Shortest time between two heat-map (or step-through) refreshes while training runs, in ms. */
export const ATTENTION_REFRESH_MS = 700;

/** How long a closing session waits for the worker's last snapshot before stopping it, in ms. */
export const CLOSE_GRACE_MS = 2000;

/** The worker's answers about keeping a model, for model-keeper.svelte.ts. */
export type ModelMessage = Extract<FromWorker, { type: 'snapshot' | 'restored' | 'unrestored' }>;

export interface TrainingSessionOptions {
	/** The `train.` URL state: the session owns it, the figures change it through the session. */
	settings: { readonly state: TrainUiState; reset(): void };
	/** Makes the training worker; see WorkerClient for why it is written at the call site. */
	createWorker: () => WorkerLike;
	/** The absolute URL of the names (the worker resolves nothing against the page). */
	namesUrl: () => string;
	/** Which kernels the worker trains with (the page address's `?kernels=`); 'auto' if absent. */
	kernels?: () => KernelChoice;
}

/** A text the page asked the worker to train on; kept so a restarted worker can be asked again. */
type DataInput = { source: 'names' } | { source: 'own'; text: string | Blob };

export class TrainingSession {
	/** The reader's settings, in the URL; a change builds a fresh model. */
	readonly settings: TrainUiState;

	data = $state<DataState>('idle');
	dataMessage = $state('');
	source = $state<DataSource>('names');
	/** Items of the current text, training and held-out together. */
	items = $state(0);
	/** Of those, the items held out of training, and the ones the held-out loss is measured on. */
	heldOutItems = $state(0);
	measuredItems = $state(0);
	vocabSize = $state(NAMES_VOCAB_SIZE);
	/** The add-one bigram model counted on the current text's training items, in nats. */
	bigram = $state.raw<BigramBaseline | null>(null);
	/** What became of the reader's last request in FIG.06. */
	textOutcome = $state.raw<TextOutcome>({ kind: 'none' });
	/** The settings the current model was built with. */
	builtWith = $state.raw<TrainSettings | null>(null);
	modelReady = $state(false);
	/** The kernels the current model trains with, as the worker reports them. */
	kernels = $state<KernelSet | null>(null);

	step = $state(0);
	elapsedMs = $state(0);
	stepsPerSecond = $state(0);
	running = $state(false);
	/** The last point of the smoothed line; updated with the chart. */
	smoothedLoss = $state(NaN);
	/** The held-out losses measured so far in this run. */
	heldOut = $state.raw<HeldOutPoint[]>([]);

	samples = $state.raw<Sample[]>([]);
	sampleTemperature = $state(1);
	attention = $state.raw<AttentionMaps | null>(null);
	/** The last prediction the worker followed through the model, for FIG.05. */
	inspection = $state.raw<Inspection | null>(null);
	/** The last prediction the worker refused to follow, and why. */
	inspectRefusal = $state.raw<{ prefix: string; next: string; message: string } | null>(null);
	/** An error the worker reported; the model before it is still in place unless it died. */
	workerError = $state('');
	/** Hears snapshots and restores (set by the model keeper); null when nothing keeps the model. */
	onmodel: ((message: ModelMessage) => void) | null = null;

	/** JavaScript runs and the session has been connected (false in the prerendered page). */
	readonly connected = $derived(this.data !== 'idle');
	readonly status = $derived(trainingStatus(this));
	readonly layout = $derived.by(() => {
		void this.#version;
		return chartLayout(
			this.#losses,
			this.#smoothed,
			this.heldOut,
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
	/** The current text's characters, for the heat map's check; null until the worker says. */
	#chars = $state.raw<readonly string[] | null>(null);
	/** The text the worker trains on, as the page asked for it. */
	#input: DataInput | null = null;
	/** Data requests the worker has not answered yet, oldest first. */
	#asked: { id: number; input: DataInput }[] = [];
	#nextRequest = 0;
	/** The settings last sent, so an unchanged setting sends nothing. */
	#sentSettings: TrainSettings | null = null;
	#draws = 0;
	#closed = false;
	/** Stops the worker if its last snapshot does not come in time. */
	#closing: ReturnType<typeof setTimeout> | undefined;

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
			const { preset, seed, lr, steps, batch } = this.settings;
			void [preset, seed, lr, steps, batch];
			untrack(() => this.#sendSettings());
		});
	}

	/** Starts the worker and asks it for the names (once). */
	connect(): void {
		if (this.data !== 'idle' || this.#closed) return;
		this.data = 'loading';
		this.#sendKernels();
		this.#sendSettings();
		this.#ask({ source: 'names' });
	}

	/**
	 * The lesson is gone: training pauses, and the worker stops for good once it has handed over
	 * the model for keeping (when something keeps it), so the reader finds it again on return.
	 */
	close(): void {
		if (this.#closed) return;
		this.#redraw.cancel();
		this.running = false;
		if (this.modelReady && this.onmodel) {
			this.#send({ type: 'pause' });
			this.#send({ type: 'snapshot' });
			this.#closed = true;
			this.#closing = setTimeout(() => this.#terminate(), CLOSE_GRACE_MS);
			return;
		}
		this.#closed = true;
		this.#terminate();
	}

	#terminate(): void {
		clearTimeout(this.#closing);
		this.#client.terminate();
	}

	/** Asks the worker for the current model; the answer goes to `onmodel`. */
	requestSnapshot(): void {
		if (this.modelReady) this.#send({ type: 'snapshot' });
	}

	/**
	 * Goes on from a saved or loaded model: its settings become the reader's (without building
	 * another model) and its text the training text. The worker answers 'restored' or
	 * 'unrestored' through `onmodel`.
	 */
	restore(snapshot: ModelSnapshot): void {
		const input: DataInput =
			snapshot.source === 'own'
				? { source: 'own', text: (snapshot.lines ?? []).join('\n') }
				: { source: 'names' };
		const id = this.#nextRequest++;
		this.#asked.push({ id, input });
		this.#sentSettings = { ...snapshot.settings };
		Object.assign(this.settings, snapshot.settings);
		this.#send({ type: 'restore', id, snapshot });
	}

	/** A preset comes with the learning rate it trains well at and its items per step. */
	choosePreset(preset: PresetId): void {
		this.settings.preset = preset;
		this.settings.lr = MODEL_PRESETS[preset].lr;
		this.settings.batch = MODEL_PRESETS[preset].batch;
	}

	/**
	 * A seed, step count or batch as typed: the model uses it, rounded and clamped into range, or
	 * keeps the last value for text that is not a number. Returns why the value differs from the text.
	 */
	typeSetting(key: 'seed' | 'steps' | 'batch', raw: string): string | null {
		const { value, note } = typedSetting(raw, key, this.settings[key]);
		this.settings[key] = value;
		return note;
	}

	/** Default settings and a fresh start, for FIG.02's Reset. */
	restoreDefaults(): void {
		this.#options.settings.reset();
		this.reset();
	}

	/** Tells a new worker which kernels to train with, before anything else. */
	#sendKernels(): void {
		this.#send({ type: 'kernels', choice: this.#options.kernels?.() ?? 'auto' });
	}

	/** Sends the settings unless the worker already has them; nothing before connect(). */
	#sendSettings(): void {
		if (this.data === 'idle') return;
		const { preset, seed, lr, steps, batch } = this.settings;
		const sent = this.#sentSettings;
		if (
			sent &&
			sent.preset === preset &&
			sent.seed === seed &&
			sent.lr === lr &&
			sent.steps === steps &&
			sent.batch === batch
		) {
			return;
		}
		this.#sentSettings = { preset, seed, lr, steps, batch };
		this.#send({ type: 'settings', settings: this.#sentSettings });
	}

	/** Asks the worker to train on `input`; the answer comes back as 'data' or 'refused'. */
	#ask(input: DataInput): void {
		const id = this.#nextRequest++;
		this.#asked.push({ id, input });
		if (input.source === 'names') {
			this.#send({ type: 'names', id, url: this.#options.namesUrl() });
		} else this.#send({ type: 'text', id, text: input.text });
	}

	/** The request answered, and any older one (the worker drops a request overtaken by a newer). */
	#answered(id: number): DataInput | undefined {
		const input = this.#asked.find((asked) => asked.id === id)?.input;
		this.#asked = this.#asked.filter((asked) => asked.id > id);
		return input;
	}

	/** The last request is this one: its answer is the one FIG.06 reports. */
	#isLatest(id: number): boolean {
		return id === this.#nextRequest - 1;
	}

	start(): void {
		this.#send({ type: 'start' });
	}

	/** One training step; the worker ignores it while training runs. */
	stepOnce(): void {
		this.#send({ type: 'step' });
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
		const chars = this.#chars;
		return chars ? checkTypedName(name, (ch) => chars.includes(ch), MAX_LINE_LENGTH) : null;
	}

	/**
	 * Keeps the heat maps of `name()` current: asks the worker again when the name or the model
	 * changes, and as training moves on, at most every ATTENTION_REFRESH_MS. Call while a
	 * component initialises; it stops when that component goes.
	 */
	followAttention(name: () => string): void {
		this.#follow(
			() => {
				const text = name();
				return this.nameProblem(text) === null ? text : null;
			},
			(text) => this.attention?.text === text,
			(text) => this.#send({ type: 'attention', text })
		);
	}

	/** Why `prefix` cannot be followed through the model, or null when it can (or the text is not known). */
	prefixProblem(prefix: string): string | null {
		const chars = this.#chars;
		return chars ? checkPrefix(prefix, (ch) => chars.includes(ch), MAX_LINE_LENGTH) : null;
	}

	/** The characters of the current text's vocabulary, once the worker has said. */
	get chars(): readonly string[] | null {
		return this.#chars;
	}

	/**
	 * Keeps FIG.05's prediction current: asks the worker to follow `request()` through the model
	 * again when it or the model changes, and as training moves on, at most every
	 * ATTENTION_REFRESH_MS. Call while a component initialises; it stops when that component goes.
	 */
	followInspection(request: () => InspectRequest | null): void {
		this.#follow(
			() => {
				const asked = request();
				return asked && this.prefixProblem(asked.prefix) === null ? asked : null;
			},
			({ prefix, next, seed }) => {
				const shown = this.inspection;
				return (
					shown !== null && shown.prefix === prefix && shown.next === next && shown.seed === seed
				);
			},
			(asked) => this.#send({ type: 'inspect', ...asked })
		);
	}

	/**
	 * Sends `ask(request())` whenever the request or the model changes, and as training moves on
	 * at most every ATTENTION_REFRESH_MS while what is shown (`shown`) answers the same request.
	 * Nothing while the model is not built or `request()` is null (it has a problem).
	 */
	#follow<T>(request: () => T | null, shown: (asked: T) => boolean, ask: (asked: T) => void): void {
		let lastAsk = -Infinity;
		$effect(() => {
			const asked = request();
			const ready = this.modelReady;
			const running = this.running;
			void this.step;
			void this.builtWith;
			untrack(() => {
				if (!ready || asked === null) return;
				const now = performance.now();
				if (running && shown(asked) && now - lastAsk < ATTENTION_REFRESH_MS) return;
				lastAsk = now;
				ask(asked);
			});
		});
	}

	/**
	 * Asks the worker to train on the reader's list, typed or a file; only text that passes its
	 * check replaces the training set. `textOutcome` follows the answer.
	 */
	trainOn(text: string | Blob): void {
		this.textOutcome = {
			kind: 'checking',
			file: typeof File !== 'undefined' && text instanceof File ? text.name : null
		};
		this.#ask({ source: 'own', text });
	}

	/** The names again; the worker kept them, so this is quick. */
	backToNames(): void {
		this.textOutcome = { kind: 'back' };
		this.#ask({ source: 'names' });
	}

	/** FIG.06's Reset: nothing to report, and the names again if the reader's text is in use. */
	forgetOwnText(): void {
		const asked = this.#asked.at(-1)?.input ?? this.#input;
		if (this.source === 'own' || asked?.source === 'own') this.#ask({ source: 'names' });
		this.textOutcome = { kind: 'none' };
	}

	/** A fresh worker, given the current settings and text again (and a text still being checked). */
	restart(): void {
		if (this.data === 'idle') return;
		this.#client.terminate();
		this.workerError = '';
		this.builtWith = null;
		this.#sentSettings = null;
		const pending = this.#asked.at(-1)?.input;
		this.#asked = [];
		this.#sendKernels();
		this.#sendSettings();
		this.#ask(this.#input ?? { source: 'names' });
		if (pending && pending !== this.#input) this.#ask(pending);
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

	#use(summary: DataSummary): void {
		this.source = summary.source;
		this.items = summary.items;
		this.heldOutItems = summary.heldOut;
		this.measuredItems = summary.measured;
		this.vocabSize = summary.chars.length + 1;
		this.bigram = summary.bigram;
		this.#chars = summary.chars;
		this.data = 'ready';
	}

	#refused(id: number, source: DataSource, message: string): void {
		if (source === 'names' && this.#input === null) {
			this.data = 'failed';
			this.dataMessage = message;
		} else if (this.#isLatest(id)) {
			this.textOutcome = { kind: 'refused', message };
		}
	}

	#receive(message: FromWorker): void {
		if (this.#closed) {
			// Only the last snapshot still matters; then the worker can go.
			if (message.type === 'snapshot') {
				this.onmodel?.(message);
				this.#terminate();
			}
			return;
		}
		switch (message.type) {
			case 'data': {
				const input = this.#answered(message.id);
				if (input) this.#input = input;
				this.#use(message.summary);
				const checking = this.textOutcome;
				if (this.#isLatest(message.id) && checking.kind === 'checking') {
					this.textOutcome = { kind: 'accepted', summary: message.summary, file: checking.file };
				}
				return;
			}
			case 'refused':
				this.#answered(message.id);
				return this.#refused(message.id, message.source, message.message);
			case 'ready':
				this.builtWith = message.settings;
				this.kernels = message.kernels;
				this.vocabSize = message.vocabSize;
				this.modelReady = true;
				this.workerError = '';
				this.#losses.length = 0;
				this.#smoothed.length = 0;
				this.smoothedLoss = NaN;
				this.heldOut = [];
				this.samples = [];
				this.attention = null;
				this.inspection = null;
				// Every model draws the same names for the same seed, whatever came before it.
				this.#draws = 0;
				this.#redraw.request();
				return;
			case 'losses':
				// The worker sends every step in order; a gap would mean a lost batch, so trust
				// `from` and overwrite rather than append.
				this.#losses.length = message.from;
				for (const loss of message.losses) this.#losses.push(loss);
				smooth(this.#losses, Math.min(message.from, this.#smoothed.length), this.#smoothed);
				this.#smoothed.length = this.#losses.length;
				if (message.heldOut.length > 0) {
					const first = message.heldOut[0]!.step;
					this.heldOut = [...this.heldOut.filter((p) => p.step < first), ...message.heldOut];
				}
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
			case 'inspection':
				this.inspection = message.inspection;
				this.inspectRefusal = null;
				return;
			case 'uninspectable':
				this.inspectRefusal = {
					prefix: message.prefix,
					next: message.next,
					message: message.message
				};
				return;
			case 'error':
				this.workerError = message.message;
				return;
			case 'done':
				this.running = false;
				this.step = message.step;
				this.smoothedLoss = this.#smoothed.at(-1) ?? NaN;
				return;
			case 'snapshot':
			case 'restored':
			case 'unrestored':
				this.onmodel?.(message);
				return;
		}
	}
}
