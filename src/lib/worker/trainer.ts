/**
 * Lesson 2's training, without any worker plumbing, so node tests can drive it step by step.
 *
 * `Trainer` is one run: a GPT and Adam built from a seed, the training items in a seeded shuffled
 * order, one item per step (microgpt's recipe), learning rate decaying linearly to 0.
 * `TrainerCore` is the worker's state machine: it answers ToWorker messages with FromWorker
 * messages, does all the work on the training text (fetching the names, reading a file, checking
 * and preparing the lines, the bigram baseline), and trains in chunks of about CHUNK_MS, asking
 * its host to schedule the next chunk so that pause and reset messages get in between.
 *
 *   const core = new TrainerCore({
 *     post: postMessage,
 *     now: () => performance.now(),
 *     schedule: (run) => setTimeout(run),
 *     fetchText: (url) => fetch(url).then((r) => r.text())
 *   });
 *   core.handle({ type: 'settings', settings });
 *   await core.handle({ type: 'names', id: 0, url });   // → 'data', then 'ready'
 *   core.handle({ type: 'start' });                      // chunks until the last step or a pause
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
import { describeCharacter } from '$lib/ui/reader-text';
import {
	MAX_TEXT_BYTES,
	datasetBigram,
	prepareText,
	tooLargeMessage,
	trainingSequence,
	type Dataset
} from './dataset';
import {
	MAX_LINE_LENGTH,
	isToWorker,
	type DataSource,
	type DataSummary,
	type FromWorker,
	type HeadMap,
	type Sample,
	type ToWorker,
	type TrainSettings
} from './protocol';
import type { ModelSnapshot } from './snapshot';
import { restoreTrainer, takeSnapshot } from './snapshot-trainer';

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
	readonly optimizer: Adam;
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
			const shown = [...new Set(missing)].map(describeCharacter).join(', ');
			throw new Error(`Not in this model's vocabulary: ${shown}`);
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

/** A training text the worker has accepted: its lines for the model, its summary for the page. */
interface Prepared {
	dataset: Dataset;
	summary: DataSummary;
}

/** A text checked for use, or why it cannot be used. */
type Preparation = { ok: true; prepared: Prepared } | { ok: false; message: string };

function prepare(source: DataSource, text: string): Preparation {
	const check = prepareText(text, MAX_LINE_LENGTH);
	if (!check.ok) return check;
	const { dataset, notes } = check;
	const summary: DataSummary = {
		source,
		items: dataset.lines.length,
		chars: dataset.chars,
		bigram: datasetBigram(dataset),
		notes
	};
	return { ok: true, prepared: { dataset, summary } };
}

/** What the worker scope gives the core; tests hand in fakes. */
export interface TrainerHost {
	post: (message: FromWorker) => void;
	/** A clock in ms. */
	now: () => number;
	/** Runs `run` soon, after any messages that are already waiting. */
	schedule: (run: () => void) => void;
	/** The body of a text file, or a rejection saying why not ("HTTP 404"). */
	fetchText: (url: string) => Promise<string>;
}

/**
 * The worker's state machine. Every handler is wrapped so that a failure comes back as an
 * 'error' (or, for a training text, 'refused') message and leaves the previous text and model in
 * place.
 */
export class TrainerCore {
	trainer: Trainer | null = null;
	running = false;
	/** Time spent inside training chunks, in ms. */
	private trainingMs = 0;
	private settings: TrainSettings | null = null;
	private data: Prepared | null = null;
	/** The names, fetched once: "Back to the names" then costs nothing. */
	private names: { url: string; preparation: Promise<Preparation> } | null = null;
	/** Bumped by every data request, so a slow one (a fetch, a file) that was overtaken is dropped. */
	private dataRequests = 0;
	/** Bumped by every build/reset/pause, so a chunk scheduled before one of them does nothing. */
	private generation = 0;

	constructor(private readonly host: TrainerHost) {}

	/** Handles one message; the promise settles once its work is done (a fetch or a file read). */
	async handle(message: unknown): Promise<void> {
		try {
			if (!isToWorker(message)) {
				this.host.post({
					type: 'error',
					message: 'The trainer received a message it does not understand.'
				});
				return;
			}
			await this.dispatch(message);
		} catch (e) {
			this.running = false;
			this.host.post({ type: 'error', message: errorMessage(e) });
		}
	}

	private async dispatch(message: ToWorker): Promise<void> {
		switch (message.type) {
			case 'settings': {
				// Built before anything is replaced: if this throws, the old model keeps working.
				const trainer = this.data ? this.build(message.settings, this.data) : null;
				this.settings = message.settings;
				if (trainer) this.install(trainer);
				return;
			}
			case 'names':
				return this.useData(message.id, 'names', this.loadNames(message.url));
			case 'text':
				return this.useData(message.id, 'own', this.readText(message.text));
			case 'reset':
				if (this.settings && this.data) this.install(this.build(this.settings, this.data));
				return;
			case 'start': {
				const trainer = this.require();
				if (this.running) return;
				if (trainer.done) {
					this.host.post({ type: 'done', step: trainer.step });
					return;
				}
				this.running = true;
				const generation = ++this.generation;
				this.host.schedule(() => this.chunk(generation));
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
				this.host.post({ type: 'samples', samples, temperature: message.temperature });
				return;
			}
			case 'attention': {
				const { tokens, layers } = this.require().attention(message.text);
				this.host.post({ type: 'attention', text: message.text, tokens, layers });
				return;
			}
			case 'snapshot':
				return this.postSnapshot();
			case 'restore':
				return this.restore(message.id, message.snapshot);
		}
	}

	private postSnapshot(): void {
		const trainer = this.require();
		const { summary, dataset } = this.data!;
		const lines = summary.source === 'own' ? dataset.lines : null;
		const snapshot = takeSnapshot(trainer, {
			source: summary.source,
			lines,
			elapsedMs: this.trainingMs
		});
		this.host.post({ type: 'snapshot', snapshot });
	}

	/**
	 * Goes on from a snapshot, on its own lines or the names: the text, then the model, then its
	 * loss history and progress, then 'restored'. Anything wrong leaves the current model in place
	 * and answers 'unrestored' with the reason.
	 */
	private async restore(id: number, snapshot: ModelSnapshot): Promise<void> {
		const request = ++this.dataRequests;
		let prepared: Preparation;
		if (snapshot.source === 'own') prepared = prepare('own', (snapshot.lines ?? []).join('\n'));
		else if (this.names) prepared = await this.names.preparation;
		else prepared = { ok: false, message: 'The names have not been loaded yet.' };
		if (request !== this.dataRequests) return;
		let trainer: Trainer;
		try {
			if (!prepared.ok) throw new Error(prepared.message);
			trainer = restoreTrainer(snapshot, prepared.prepared.dataset.lines);
		} catch (e) {
			this.host.post({ type: 'unrestored', message: errorMessage(e) });
			return;
		}
		this.data = prepared.prepared;
		this.settings = snapshot.settings;
		this.host.post({ type: 'data', id, summary: prepared.prepared.summary });
		this.install(trainer);
		this.trainingMs = snapshot.elapsedMs;
		if (trainer.step > 0)
			this.host.post({ type: 'losses', from: 0, losses: trainer.losses.slice() });
		this.postProgress();
		this.host.post({ type: 'restored', step: trainer.step });
	}

	/**
	 * Makes a prepared text the training text and builds a model on it (when the settings are
	 * known), or says why not. A request overtaken by a later one while it loaded is dropped.
	 */
	private async useData(
		id: number,
		source: DataSource,
		loading: Promise<Preparation>
	): Promise<void> {
		const request = ++this.dataRequests;
		const preparation = await loading;
		if (request !== this.dataRequests) return;
		if (!preparation.ok) {
			this.host.post({ type: 'refused', id, source, message: preparation.message });
			return;
		}
		const { prepared } = preparation;
		const trainer = this.settings ? this.build(this.settings, prepared) : null;
		this.data = prepared;
		this.host.post({ type: 'data', id, summary: prepared.summary });
		if (trainer) this.install(trainer);
	}

	private loadNames(url: string): Promise<Preparation> {
		if (this.names?.url !== url) {
			const preparation = this.host.fetchText(url).then(
				(text) => prepare('names', text),
				(e: unknown) => ({ ok: false as const, message: errorMessage(e) })
			);
			this.names = { url, preparation };
		}
		return this.names.preparation.then((preparation) => {
			if (preparation.ok) return preparation;
			// Not kept: the next request tries again.
			this.names = null;
			return {
				ok: false,
				message: `The names could not be loaded (${preparation.message}). Reload the page to try again.`
			};
		});
	}

	/** A file is measured before it is read, so a huge one costs nothing. */
	private async readText(text: string | Blob): Promise<Preparation> {
		if (typeof text === 'string') return prepare('own', text);
		if (text.size > MAX_TEXT_BYTES) {
			return { ok: false, message: tooLargeMessage(text.size, 'Pick a shorter list.') };
		}
		try {
			return prepare('own', await text.text());
		} catch (e) {
			// A file changed or deleted since it was picked cannot be read.
			return {
				ok: false,
				message: `That file could not be read (${errorMessage(e)}). Pick it again.`
			};
		}
	}

	private build(settings: TrainSettings, { dataset }: Prepared): Trainer {
		return new Trainer(settings, dataset.lines, dataset.chars);
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
		this.host.post({
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
		const { post, now } = this.host;
		try {
			const from = trainer.step;
			const start = now();
			do trainer.trainStep();
			while (!trainer.done && now() - start < CHUNK_MS);
			this.trainingMs += now() - start;
			post({ type: 'losses', from, losses: trainer.losses.slice(from) });
		} catch (e) {
			this.running = false;
			post({ type: 'error', message: `Training stopped: ${errorMessage(e)}` });
			this.postProgress();
			return;
		}
		if (trainer.done) {
			this.running = false;
			this.postProgress();
			post({ type: 'done', step: trainer.step });
			return;
		}
		this.postProgress();
		this.host.schedule(() => this.chunk(generation));
	}

	private postProgress(): void {
		const trainer = this.trainer;
		if (!trainer) return;
		this.host.post({
			type: 'progress',
			step: trainer.step,
			steps: trainer.settings.steps,
			elapsedMs: this.trainingMs,
			stepsPerSecond: this.trainingMs > 0 ? (trainer.step / this.trainingMs) * 1000 : 0,
			running: this.running
		});
	}
}
