/**
 * Lesson 2's training, without any worker plumbing, so node tests can drive it step by step.
 *
 * `Trainer` is one run: a GPT and Adam built from a seed, the training items in a seeded shuffled
 * order, `batch` items per step (microgpt's recipe is one), learning rate decaying linearly to
 * 0, and the loss on a fixed set of held-out items measured every so often.
 * `TrainerCore` is the worker's state machine: it answers ToWorker messages with FromWorker
 * messages, does all the work on the training text (fetching the names, reading a file, checking
 * and preparing the lines, splitting off the held-out items, the bigram baseline), and trains in
 * chunks of about CHUNK_MS, asking its host to schedule the next chunk so that pause and reset
 * messages get in between.
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
	kernelSet,
	linearDecay,
	mul,
	noGrad,
	presetConfig,
	useKernels,
	type AttentionHead
} from '$lib/engine';
import {
	MAX_TEXT_BYTES,
	measuredHeldOut,
	prepareText,
	splitBigram,
	splitHeldOut,
	tooLargeMessage,
	trainingSequence,
	type Dataset,
	type Split
} from './dataset';
import { inspectPrediction, prefixIds, type InspectRequest } from './inspect';
import {
	MAX_LINE_LENGTH,
	isToWorker,
	type DataSource,
	type DataSummary,
	type FromWorker,
	type HeadMap,
	type HeldOutPoint,
	type Inspection,
	type Sample,
	type ToWorker,
	type TrainSettings
} from './protocol';
import type { ModelSnapshot } from './snapshot';
import { restoreTrainer, takeSnapshot } from './snapshot-trainer';

/** Time spent training between two looks at the message queue, in ms. */
export const CHUNK_MS = 30;

/**
 * How many times a run measures its held-out loss after step 0: every steps / HELD_OUT_POINTS
 * steps (rounded), and at the last step. Counted in steps, never in time, so the same seed and
 * settings give the same held-out curve.
 */
export const HELD_OUT_POINTS = 20;

/** The step count between two held-out measurements of a run of `steps` steps. */
export function heldOutInterval(steps: number): number {
	return Math.max(1, Math.round(steps / HELD_OUT_POINTS));
}

export class Trainer {
	readonly settings: TrainSettings;
	readonly vocab: Vocab;
	readonly model: GPT;
	/** Every training item as token ids, in the data's order. */
	readonly sequences: number[][];
	/** The held-out items the loss is measured on, as token ids (see measuredHeldOut). */
	readonly heldOutSequences: number[][];
	/** Loss of every step so far: the mean over the step's items. */
	readonly losses: number[] = [];
	/** The held-out loss, measured at step 0, every heldOutInterval steps and at the last step. */
	readonly heldOut: HeldOutPoint[] = [];
	readonly optimizer: Adam;
	/** The training items' indices in the seeded order the steps read them. */
	readonly order: number[];
	private readonly known: Set<string>;
	private readonly interval: number;

	constructor(settings: TrainSettings, split: Split, chars: readonly string[]) {
		if (split.train.length === 0) throw new Error('There is nothing to train on.');
		this.settings = settings;
		this.vocab = new Vocab(chars);
		const config = presetConfig(settings.preset, this.vocab.size);
		const encode = (line: string) => trainingSequence(this.vocab, line, config.blockSize);
		this.sequences = split.train.map(encode);
		this.heldOutSequences = measuredHeldOut(split).map(encode);
		this.known = new Set([...split.train, ...split.heldOut]);
		this.interval = heldOutInterval(settings.steps);
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

	/**
	 * One step on the next `batch` items: each item's loss, divided by the batch, is taken back
	 * through the model in turn, so the weights' gradients add up to the gradient of the mean loss
	 * before Adam moves them. Returns the mean loss; measures the held-out loss when it is due.
	 */
	trainStep(): number {
		const { lr, steps, batch } = this.settings;
		const step = this.step;
		if (step === 0) this.measureHeldOut();
		this.optimizer.lr = linearDecay(lr, step, steps);
		this.optimizer.zeroGrad();
		let total = 0;
		for (let b = 0; b < batch; b++) {
			const ids = this.sequences[this.order[(step * batch + b) % this.order.length]!]!;
			const loss = this.model.loss(ids);
			mul(loss, 1 / batch).backward();
			total += loss.item();
		}
		this.optimizer.step();
		const value = total / batch;
		this.losses.push(value);
		if (this.step % this.interval === 0 || this.done) this.measureHeldOut();
		return value;
	}

	/** The mean loss over the measured held-out items, now; NaN when nothing is held out. */
	heldOutLoss(): number {
		const seqs = this.heldOutSequences;
		if (seqs.length === 0) return NaN;
		return noGrad(() => {
			let sum = 0;
			for (const ids of seqs) sum += this.model.loss(ids).item();
			return sum / seqs.length;
		});
	}

	private measureHeldOut(): void {
		if (this.heldOutSequences.length === 0) return;
		if (this.heldOut.at(-1)?.step === this.step) return;
		this.heldOut.push({ step: this.step, loss: this.heldOutLoss() });
	}

	/** Names drawn from the model; `isNew` when a name is not one of the items, held out or not. */
	sample(count: number, temperature: number, seed: number): Sample[] {
		const rng = new Rng(seed);
		return Array.from({ length: count }, () => {
			const text = this.vocab.decode(this.model.generate(rng, { temperature }));
			return { text, isNew: !this.known.has(text) };
		});
	}

	/** The heat maps for a typed item: the model reads the start boundary, then its characters. */
	attention(text: string): { tokens: string[]; layers: HeadMap[][] } {
		if (Array.from(text).length === 0) throw new Error('Type at least one character.');
		const ids = prefixIds(this.vocab, text);
		const { trace } = noGrad(() => this.model.forward(ids, { trace: true }));
		return {
			tokens: ids.map((id) => this.vocab.label(id)),
			layers: trace.layers.map((layer) => layer.heads.map(headMap))
		};
	}

	/** One prediction through the current model, forward and back (see inspect.ts). */
	inspect(request: InspectRequest): Inspection {
		return inspectPrediction(this.model, this.vocab, request, this.step);
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
 * A training text the worker has accepted: its lines split into training and held-out items for
 * the model, its summary for the page.
 */
interface Prepared {
	dataset: Dataset;
	split: Split;
	summary: DataSummary;
}

/** A text checked for use, or why it cannot be used. */
type Preparation = { ok: true; prepared: Prepared } | { ok: false; message: string };

function prepare(source: DataSource, text: string): Preparation {
	const check = prepareText(text, MAX_LINE_LENGTH);
	if (!check.ok) return check;
	const { dataset, notes } = check;
	const split = splitHeldOut(dataset.lines);
	const summary: DataSummary = {
		source,
		items: dataset.lines.length,
		heldOut: split.heldOut.length,
		measured: measuredHeldOut(split).length,
		chars: dataset.chars,
		bigram: splitBigram(split, dataset.chars),
		notes
	};
	return { ok: true, prepared: { dataset, split, summary } };
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
			case 'kernels':
				// Throws where WebAssembly was asked for and cannot run: the page shows why.
				return useKernels(message.choice);
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
			case 'step': {
				const trainer = this.require();
				if (this.running || trainer.done) return;
				const from = trainer.step;
				const measured = trainer.heldOut.length;
				const start = this.host.now();
				trainer.trainStep();
				this.trainingMs += this.host.now() - start;
				this.postLosses(trainer, from, measured);
				this.postProgress();
				if (trainer.done) this.host.post({ type: 'done', step: trainer.step });
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
			case 'inspect': {
				const { prefix, next, seed } = message;
				const trainer = this.require();
				// A refused prefix is the step-through's business, not the trainer's: training,
				// if it runs, goes on.
				let inspection: Inspection;
				try {
					inspection = trainer.inspect({ prefix, next, seed });
				} catch (e) {
					this.host.post({ type: 'uninspectable', prefix, next, message: errorMessage(e) });
					return;
				}
				this.host.post({ type: 'inspection', inspection });
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
			this.host.post({
				type: 'losses',
				from: 0,
				losses: trainer.losses.slice(),
				heldOut: trainer.heldOut.slice()
			});
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

	private build(settings: TrainSettings, { dataset, split }: Prepared): Trainer {
		return new Trainer(settings, split, dataset.chars);
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
			items: trainer.sequences.length,
			kernels: kernelSet()
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
			const measured = trainer.heldOut.length;
			const start = now();
			do trainer.trainStep();
			while (!trainer.done && now() - start < CHUNK_MS);
			this.trainingMs += now() - start;
			this.postLosses(trainer, from, measured);
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

	/** The losses of the steps from `from` on, and the held-out losses measured meanwhile. */
	private postLosses(trainer: Trainer, from: number, measured: number): void {
		this.host.post({
			type: 'losses',
			from,
			losses: trainer.losses.slice(from),
			heldOut: trainer.heldOut.slice(measured)
		});
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
