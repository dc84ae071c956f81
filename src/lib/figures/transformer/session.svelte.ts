/**
 * One training session shared by lesson 2's figures: the worker, the training text, and what the
 * worker last reported. The figures read its reactive fields and call its methods; none of them
 * talks to the worker directly.
 *
 *   const session = getSession();
 *   onMount(() => session.connect());    // first call fetches the names and starts the worker
 *   session.configure({ preset: 'micro', seed: 42, lr: 0.01, steps: 1000 });
 *   session.start();
 *
 * Nothing here runs on the server: the prerendered page shows every figure's idle first frame.
 * Losses arrive in batches; the chart is told to redraw at most once per animation frame.
 */
import { base } from '$app/paths';
import {
	bigramLoss,
	prepareText,
	trainingSequence,
	type Dataset,
	type TextCheck
} from '$lib/worker/dataset';
import { BLOCK_SIZE, Vocab, presetParameters } from '$lib/engine';
import {
	MAX_LINE_LENGTH,
	isFromWorker,
	type FromWorker,
	type HeadMap,
	type Sample,
	type ToWorker,
	type TrainSettings
} from '$lib/worker/protocol';
import { SAMPLE_COUNT, smooth } from './transformer';

export type DataSource = 'names' | 'own';

export interface AttentionView {
	text: string;
	tokens: string[];
	layers: HeadMap[][];
}

export class TrainingSession {
	/** 'loading' until the names arrive; 'failed' if they cannot be fetched. */
	data = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
	dataMessage = $state('');
	source = $state<DataSource>('names');
	dataset = $state.raw<Dataset | null>(null);
	items = $state(0);
	vocabSize = $state(27);
	/** Cross-entropy of the add-one bigram model on the current text, in nats. */
	bigram = $state<number | null>(null);
	/** The settings the current model was built with. */
	settings = $state.raw<TrainSettings | null>(null);
	parameterCount = $state(0);
	modelReady = $state(false);

	step = $state(0);
	steps = $state(0);
	elapsedMs = $state(0);
	stepsPerSecond = $state(0);
	running = $state(false);
	smoothedLoss = $state(NaN);
	/** Bumped at most once per animation frame when new losses arrived. */
	version = $state(0);

	samples = $state.raw<Sample[]>([]);
	sampleTemperature = $state(1);
	attention = $state.raw<AttentionView | null>(null);
	attentionError = $state('');
	/** An error the worker reported; the model before it is still in place unless it died. */
	workerError = $state('');

	/** Per-step losses and their smoothed line; plain arrays, read by the chart on `version`. */
	readonly losses: number[] = [];
	readonly smoothed: number[] = [];

	private worker: Worker | null = null;
	private names: Dataset | null = null;
	private frame = 0;
	private draws = 0;
	private pendingAttention: string | null = null;
	private wanted: TrainSettings | null = null;

	get vocab(): Vocab | null {
		return this.dataset ? new Vocab(this.dataset.chars) : null;
	}

	/** Starts loading the names (once) and the worker. Safe to call from every figure. */
	connect(): void {
		if (this.data !== 'idle') return;
		this.data = 'loading';
		void this.loadNames();
	}

	private async loadNames(): Promise<void> {
		try {
			const response = await fetch(`${base}/data/names.txt`);
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const check = prepareText(await response.text(), MAX_LINE_LENGTH);
			if (!check.ok) throw new Error(check.message);
			this.names = check.dataset;
			this.data = 'ready';
			this.useDataset(check.dataset, 'names');
		} catch (e) {
			this.data = 'failed';
			this.dataMessage = `The names could not be loaded (${e instanceof Error ? e.message : e}). Reload the page to try again.`;
		}
	}

	private useDataset(dataset: Dataset, source: DataSource): void {
		this.dataset = dataset;
		this.source = source;
		this.items = dataset.lines.length;
		const vocab = new Vocab(dataset.chars);
		this.vocabSize = vocab.size;
		this.bigram = bigramLoss(
			dataset.lines.map((line) => trainingSequence(vocab, line, BLOCK_SIZE)),
			vocab.size
		);
		this.rebuild();
	}

	/** The parameter count a preset would have on the current text. */
	parametersFor(preset: TrainSettings['preset']): number {
		return presetParameters(preset, this.vocabSize);
	}

	/** Builds a fresh model when the settings differ from the current model's. */
	configure(settings: TrainSettings): void {
		this.wanted = settings;
		const s = this.settings;
		if (
			s &&
			s.preset === settings.preset &&
			s.seed === settings.seed &&
			s.lr === settings.lr &&
			s.steps === settings.steps
		) {
			return;
		}
		this.rebuild();
	}

	private rebuild(): void {
		if (!this.dataset || !this.wanted) return;
		this.send({
			type: 'init',
			settings: this.wanted,
			lines: this.dataset.lines,
			chars: this.dataset.chars
		});
	}

	start(): void {
		this.send({ type: 'start' });
	}

	pause(): void {
		this.send({ type: 'pause' });
	}

	/** Back to step 0 with the same settings: the same seed gives the same curve again. */
	reset(): void {
		this.send({ type: 'reset' });
	}

	sample(temperature: number): void {
		const seed = ((this.settings?.seed ?? 0) * 1000 + this.draws++) % Number.MAX_SAFE_INTEGER;
		this.send({ type: 'sample', count: SAMPLE_COUNT, temperature, seed });
	}

	requestAttention(text: string): void {
		if (!this.modelReady) {
			this.pendingAttention = text;
			return;
		}
		this.send({ type: 'attention', text });
	}

	/** Checks the reader's text; only text that passes replaces the training set. */
	trainOn(text: string): TextCheck {
		const check = prepareText(text, MAX_LINE_LENGTH);
		if (check.ok) this.useDataset(check.dataset, 'own');
		return check;
	}

	backToNames(): void {
		if (this.names) this.useDataset(this.names, 'names');
	}

	/** A fresh worker, rebuilt from the current text and settings. */
	restart(): void {
		this.worker?.terminate();
		this.worker = null;
		this.workerError = '';
		this.settings = null;
		this.rebuild();
	}

	private ensureWorker(): Worker {
		if (this.worker) return this.worker;
		// Vite only bundles a worker written as `new URL(literal, import.meta.url)`; this URL is
		// read once, so it has no reason to be reactive.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const worker = new Worker(new URL('../../worker/train.worker.ts', import.meta.url), {
			type: 'module'
		});
		worker.onmessage = (event: MessageEvent<unknown>) => {
			if (this.worker !== worker) return;
			if (isFromWorker(event.data)) this.receive(event.data);
			else this.workerError = 'The trainer sent a message the page does not understand.';
		};
		worker.onerror = (event) => {
			event.preventDefault();
			if (this.worker !== worker) return;
			this.fail(`The trainer stopped: ${event.message || 'it could not start'}.`);
		};
		worker.onmessageerror = () => this.fail('A message from the trainer could not be read.');
		this.worker = worker;
		return worker;
	}

	private fail(message: string): void {
		this.worker?.terminate();
		this.worker = null;
		this.running = false;
		this.modelReady = false;
		this.workerError = message;
	}

	private send(message: ToWorker): void {
		if (typeof Worker === 'undefined') return;
		try {
			this.ensureWorker().postMessage(message);
		} catch (e) {
			this.fail(`The trainer could not be reached: ${e instanceof Error ? e.message : e}`);
		}
	}

	private receive(message: FromWorker): void {
		switch (message.type) {
			case 'ready':
				this.settings = message.settings;
				this.parameterCount = message.parameterCount;
				this.vocabSize = message.vocabSize;
				this.items = message.items;
				this.modelReady = true;
				this.workerError = '';
				this.losses.length = 0;
				this.smoothed.length = 0;
				this.smoothedLoss = NaN;
				this.samples = [];
				this.attention = null;
				this.redraw();
				if (this.pendingAttention !== null) {
					const text = this.pendingAttention;
					this.pendingAttention = null;
					this.requestAttention(text);
				}
				return;
			case 'losses': {
				// The worker sends every step in order; a gap would mean a lost batch, so trust
				// `from` and overwrite rather than append.
				this.losses.length = message.from;
				for (const loss of message.losses) this.losses.push(loss);
				smooth(this.losses, Math.min(message.from, this.smoothed.length), this.smoothed);
				this.smoothed.length = this.losses.length;
				this.redraw();
				return;
			}
			case 'progress':
				this.step = message.step;
				this.steps = message.steps;
				this.elapsedMs = message.elapsedMs;
				this.stepsPerSecond = message.stepsPerSecond;
				this.running = message.running;
				// Stopped: show the exact last value now rather than on the next frame, so the
				// read-out never lags behind a status that says training has finished.
				if (!message.running) this.smoothedLoss = this.smoothed.at(-1) ?? NaN;
				return;
			case 'samples':
				this.samples = message.samples;
				this.sampleTemperature = message.temperature;
				return;
			case 'attention':
				this.attention = { text: message.text, tokens: message.tokens, layers: message.layers };
				this.attentionError = '';
				return;
			case 'error':
				this.workerError = message.message;
				return;
			case 'done':
				this.running = false;
				this.step = message.step;
				this.smoothedLoss = this.smoothed.at(-1) ?? NaN;
				return;
		}
	}

	private redraw(): void {
		if (this.frame) return;
		this.frame = requestAnimationFrame(() => {
			this.frame = 0;
			this.smoothedLoss = this.smoothed.at(-1) ?? NaN;
			this.version++;
		});
	}
}

let session: TrainingSession | null = null;

/** The page's one session; on the server a throwaway one that never leaves its first frame. */
export function getSession(): TrainingSession {
	if (typeof window === 'undefined') return new TrainingSession();
	session ??= new TrainingSession();
	return session;
}
