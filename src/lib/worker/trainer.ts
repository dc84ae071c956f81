/**
 * Lesson 2's training, without any worker plumbing, so node tests can drive it step by step.
 *
 * `Trainer` is one run: a GPT and Adam built from a seed, the training items in a seeded shuffled
 * order, one item per step (microgpt's recipe), learning rate decaying linearly to 0.
 * `TrainerCore` is the worker's state machine: it answers ToWorker messages with FromWorker
 * messages and trains in chunks of about CHUNK_MS, asking its host to schedule the next chunk so
 * that pause and reset messages get in between.
 *
 *   const core = new TrainerCore(postMessage, () => performance.now(), (run) => setTimeout(run));
 *   core.handle({ type: 'init', settings, lines, chars });
 *   core.handle({ type: 'start' });   // chunks run until the last step or a pause
 */
import {
	ADAM,
	Adam,
	GPT,
	Rng,
	Vocab,
	linearDecay,
	noGrad,
	presetConfig,
	type AttentionHead
} from '$lib/engine';
import { trainingSequence } from './dataset';
import {
	MAX_LINE_LENGTH,
	isToWorker,
	type FromWorker,
	type HeadMap,
	type Sample,
	type ToWorker,
	type TrainSettings
} from './protocol';

/** Time spent training between two looks at the message queue, in ms. */
export const CHUNK_MS = 30;

export class Trainer {
	readonly settings: TrainSettings;
	readonly vocab: Vocab;
	readonly model: GPT;
	/** Every training item as token ids, in the data's order. */
	readonly sequences: number[][];
	/** Loss of every step so far. */
	readonly losses: number[] = [];
	private readonly optimizer: Adam;
	private readonly order: number[];
	private readonly known: Set<string>;

	constructor(settings: TrainSettings, lines: readonly string[], chars: readonly string[]) {
		if (lines.length === 0) throw new Error('There is nothing to train on.');
		this.settings = settings;
		this.vocab = new Vocab(chars);
		const config = presetConfig(settings.preset, this.vocab.size);
		this.sequences = lines.map((line) => trainingSequence(this.vocab, line, config.blockSize));
		this.known = new Set(lines);
		// One generator for everything: the weights are drawn first, then the order of the items,
		// so a seed fixes the whole run.
		const rng = new Rng(settings.seed);
		this.model = new GPT(config, rng);
		this.order = rng.shuffle([...this.sequences.keys()]);
		this.optimizer = new Adam(this.model.parameters(), { lr: settings.lr, ...ADAM });
	}

	get step(): number {
		return this.losses.length;
	}

	get done(): boolean {
		return this.step >= this.settings.steps;
	}

	/** One step on the next item; returns its loss. */
	trainStep(): number {
		const { lr, steps } = this.settings;
		const step = this.step;
		const ids = this.sequences[this.order[step % this.order.length]!]!;
		this.optimizer.lr = linearDecay(lr, step, steps);
		this.optimizer.zeroGrad();
		const loss = this.model.loss(ids);
		loss.backward();
		this.optimizer.step();
		const value = loss.item();
		this.losses.push(value);
		return value;
	}

	/** Names drawn from the model; `isNew` when a name is not one of the training items. */
	sample(count: number, temperature: number, seed: number): Sample[] {
		const rng = new Rng(seed);
		return Array.from({ length: count }, () => {
			const text = this.vocab.decode(this.model.generate(rng, { temperature }));
			return { text, isNew: !this.known.has(text) };
		});
	}

	/** The heat maps for a typed item: the model reads the start boundary, then its characters. */
	attention(text: string): { tokens: string[]; layers: HeadMap[][] } {
		const chars = Array.from(text);
		if (chars.length === 0) throw new Error('Type at least one character.');
		if (chars.length > MAX_LINE_LENGTH) {
			throw new Error(`The model reads at most ${MAX_LINE_LENGTH} characters after the start.`);
		}
		const missing = chars.filter((ch) => !this.vocab.has(ch));
		if (missing.length > 0) {
			throw new Error(`Not in this model's vocabulary: ${[...new Set(missing)].join(' ')}`);
		}
		const ids = this.vocab.encode(text).slice(0, -1);
		const { trace } = noGrad(() => this.model.forward(ids, { trace: true }));
		return {
			tokens: ids.map((id) => this.vocab.label(id)),
			layers: trace.layers.map((layer) => layer.heads.map(headMap))
		};
	}
}

/** One head's [T, T] scores and weights as rows; JSON has no −∞, so masked scores go as null. */
function headMap({ scores, weights }: AttentionHead): HeadMap {
	const T = weights.shape[0]!;
	const rows = (data: Float32Array) =>
		Array.from({ length: T }, (_, t) => Array.from(data.subarray(t * T, (t + 1) * T)));
	return {
		weights: rows(weights.data),
		scores: rows(scores.data).map((row, t) => row.map((score, s) => (s <= t ? score : null)))
	};
}

export function errorMessage(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/**
 * The worker's state machine. Every handler is wrapped so that a failure comes back as an
 * 'error' message and leaves the previous model in place.
 */
export class TrainerCore {
	trainer: Trainer | null = null;
	running = false;
	/** Time spent inside training chunks, in ms. */
	private trainingMs = 0;
	private lastInit: Extract<ToWorker, { type: 'init' }> | null = null;
	/** Bumped by every init/reset/pause, so a chunk scheduled before one of them does nothing. */
	private generation = 0;

	constructor(
		private readonly post: (message: FromWorker) => void,
		private readonly now: () => number,
		private readonly schedule: (run: () => void) => void
	) {}

	handle(message: unknown): void {
		try {
			if (!isToWorker(message)) {
				this.post({
					type: 'error',
					message: 'The trainer received a message it does not understand.'
				});
				return;
			}
			this.dispatch(message);
		} catch (e) {
			this.running = false;
			this.post({ type: 'error', message: errorMessage(e) });
		}
	}

	private dispatch(message: ToWorker): void {
		switch (message.type) {
			case 'init': {
				// Built before anything is replaced: if this throws, the old model keeps working.
				const trainer = new Trainer(message.settings, message.lines, message.chars);
				this.lastInit = message;
				this.install(trainer);
				return;
			}
			case 'reset':
				if (this.lastInit) {
					const { settings, lines, chars } = this.lastInit;
					this.install(new Trainer(settings, lines, chars));
				}
				return;
			case 'start': {
				const trainer = this.require();
				if (this.running) return;
				if (trainer.done) {
					this.post({ type: 'done', step: trainer.step });
					return;
				}
				this.running = true;
				const generation = ++this.generation;
				this.schedule(() => this.chunk(generation));
				this.postProgress();
				return;
			}
			case 'pause':
				this.generation++;
				this.running = false;
				if (this.trainer) this.postProgress();
				return;
			case 'sample': {
				const samples = this.require().sample(message.count, message.temperature, message.seed);
				this.post({ type: 'samples', samples, temperature: message.temperature });
				return;
			}
			case 'attention': {
				const { tokens, layers } = this.require().attention(message.text);
				this.post({ type: 'attention', text: message.text, tokens, layers });
				return;
			}
		}
	}

	private require(): Trainer {
		if (!this.trainer)
			throw new Error('The model is not built yet: the training text has not arrived.');
		return this.trainer;
	}

	private install(trainer: Trainer): void {
		this.generation++;
		this.running = false;
		this.trainer = trainer;
		this.trainingMs = 0;
		this.post({
			type: 'ready',
			settings: trainer.settings,
			parameterCount: trainer.model.parameterCount,
			vocabSize: trainer.vocab.size,
			items: trainer.sequences.length
		});
		this.postProgress();
	}

	/** Trains for about CHUNK_MS, posts the new losses in one batch, then schedules the next. */
	chunk(generation: number): void {
		if (generation !== this.generation || !this.running || !this.trainer) return;
		const trainer = this.trainer;
		try {
			const from = trainer.step;
			const start = this.now();
			do trainer.trainStep();
			while (!trainer.done && this.now() - start < CHUNK_MS);
			this.trainingMs += this.now() - start;
			this.post({ type: 'losses', from, losses: trainer.losses.slice(from) });
		} catch (e) {
			this.running = false;
			this.post({ type: 'error', message: `Training stopped: ${errorMessage(e)}` });
			this.postProgress();
			return;
		}
		if (trainer.done) {
			this.running = false;
			this.postProgress();
			this.post({ type: 'done', step: trainer.step });
			return;
		}
		this.postProgress();
		this.schedule(() => this.chunk(generation));
	}

	private postProgress(): void {
		const trainer = this.trainer;
		if (!trainer) return;
		this.post({
			type: 'progress',
			step: trainer.step,
			steps: trainer.settings.steps,
			elapsedMs: this.trainingMs,
			stepsPerSecond: this.trainingMs > 0 ? (trainer.step / this.trainingMs) * 1000 : 0,
			running: this.running
		});
	}
}
