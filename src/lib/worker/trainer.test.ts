import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODEL_PRESETS, TRAINING, noGrad, presetParameters, useKernels } from '$lib/engine';
import {
	HELD_OUT_MEASURED,
	MAX_TEXT_BYTES,
	measuredHeldOut,
	prepareText,
	splitBigram,
	splitHeldOut,
	type Split
} from './dataset';
import { MAX_LINE_LENGTH, type FromWorker, type ToWorker, type TrainSettings } from './protocol';
import { CHUNK_MS, Trainer, TrainerCore, heldOutInterval } from './trainer';

/** The lesson's real training set, as the page fetches it. */
const namesText = readFileSync(new URL('../../../static/data/names.txt', import.meta.url), 'utf8');
const check = prepareText(namesText, MAX_LINE_LENGTH);
if (!check.ok) throw new Error(check.message);
const { lines, chars } = check.dataset;
const settings: TrainSettings = {
	preset: 'micro',
	seed: TRAINING.seed,
	lr: MODEL_PRESETS.micro.lr,
	steps: 40,
	batch: 1
};
/** The names split as the worker splits them. */
const split = splitHeldOut(lines);
/** A short list, all of it for training. */
const whole = (items: string[]): Split => ({ train: items, heldOut: [] });

const NAMES_URL = 'https://trenchcoat.test/data/names.txt';

/**
 * A core with a fake clock (every reading advances 1 ms), a queue of scheduled chunks, and a
 * fake fetch that serves the names and counts its calls. `hold` keeps the next fetch pending
 * until the test calls the release it returns.
 */
function harness() {
	const sent: FromWorker[] = [];
	const queue: (() => void)[] = [];
	const fetched: string[] = [];
	let clock = 0;
	let failWith: Error | null = null;
	let held: Promise<void> | null = null;
	const core = new TrainerCore({
		post: (m) => sent.push(m),
		now: () => clock++,
		schedule: (run) => queue.push(run),
		fetchText: async (url) => {
			fetched.push(url);
			if (held) await held;
			if (failWith) throw failWith;
			return namesText;
		}
	});
	const runNext = () => queue.shift()?.();
	const last = <T extends FromWorker['type']>(type: T) =>
		sent.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
	const types = () => sent.map((m) => m.type);
	const fail = (e: Error | null) => (failWith = e);
	const hold = () => {
		let release!: () => void;
		held = new Promise<void>((resolve) => (release = resolve));
		return () => {
			held = null;
			release();
		};
	};
	/** Settings, then the names: the model is built. */
	const init = async () => {
		await core.handle({ type: 'settings', settings });
		await core.handle({ type: 'names', id: 0, url: NAMES_URL });
	};
	return { core, sent, queue, fetched, runNext, last, types, fail, hold, init };
}

const text = (id: number, body: string | Blob): ToWorker => ({ type: 'text', id, text: body });

describe('the presets', () => {
	it('microgpt has 4,192 parameters and the larger model 102,784 on the 27-token names vocabulary', () => {
		expect(presetParameters('micro', 27)).toBe(4192);
		expect(presetParameters('larger', 27)).toBe(102_784);
	});
});

describe('a training run', () => {
	it('is the same loss curve for the same seed and settings', () => {
		const a = new Trainer(settings, split, chars);
		const b = new Trainer(settings, split, chars);
		for (let i = 0; i < 20; i++) expect(b.trainStep()).toBe(a.trainStep());
		const c = new Trainer({ ...settings, seed: 43 }, split, chars);
		expect(c.trainStep()).not.toBe(a.losses[0]);
	});

	it('reads each item between boundaries, cut to blockSize + 1 tokens', () => {
		const t = new Trainer(settings, whole(['ab', 'b'.repeat(20)]), ['a', 'b']);
		expect(t.sequences[0]).toEqual([0, 1, 2, 0]);
		expect(t.sequences[1]).toEqual([0, ...new Array<number>(16).fill(2)]);
	});

	it('starts near ln of the vocabulary size, guessing uniformly', () => {
		const t = new Trainer(settings, split, chars);
		expect(Math.abs(t.trainStep() - Math.log(27))).toBeLessThan(0.2);
	});

	it('marks sampled names that are not training items as new', () => {
		const t = new Trainer(settings, whole(['ab', 'ba']), ['a', 'b']);
		for (let i = 0; i < 40; i++) t.trainStep();
		const samples = t.sample(30, 1, 7);
		expect(samples.length).toBe(30);
		for (const s of samples) expect(s.isNew).toBe(s.text !== 'ab' && s.text !== 'ba');
		expect(t.sample(5, 1, 7)).toEqual(samples.slice(0, 5));
	});

	it('refuses to draw a heat map for characters outside the vocabulary or too long a name', () => {
		const t = new Trainer(settings, split, chars);
		expect(() => t.attention('Emma')).toThrow(/vocabulary: “E”/);
		expect(() => t.attention('a'.repeat(16))).toThrow(/at most 15/);
		expect(() => t.attention('')).toThrow(/at least one/);
	});
});

describe('the attention heat maps', () => {
	it('are the model’s own heads: its weights, the softmax of its scores, null above the diagonal', () => {
		const trainer = new Trainer({ ...settings, preset: 'larger' }, split, chars);
		const { tokens, layers } = trainer.attention('emma');
		expect(tokens).toEqual(['◆', 'e', 'm', 'm', 'a']);
		const T = tokens.length;
		const { trace } = trainer.model.forward(trainer.vocab.encode('emma').slice(0, -1), {
			trace: true
		});
		expect(layers.length).toBe(2);
		for (let l = 0; l < 2; l++) {
			expect(layers[l]!.length).toBe(4);
			for (let h = 0; h < 4; h++) {
				const { weights, scores } = layers[l]![h]!;
				const head = trace.layers[l]!.heads[h]!;
				for (let t = 0; t < T; t++) {
					expect(weights[t]).toEqual(Array.from(head.weights.data.subarray(t * T, (t + 1) * T)));
					expect(weights[t]!.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
					const row = scores[t]!.slice(0, t + 1) as number[];
					const z = row.map((x) => Math.exp(x - Math.max(...row)));
					const total = z.reduce((a, b) => a + b);
					for (let s = 0; s <= t; s++) expect(weights[t]![s]!).toBeCloseTo(z[s]! / total, 5);
					expect(scores[t]!.slice(t + 1).every((x) => x === null)).toBe(true);
				}
			}
		}
	});
});

describe('the trainer state machine', () => {
	afterEach(() => useKernels('auto'));

	it('trains with the kernels the page asks for and says which in ready', async () => {
		const { core, last, init } = harness();
		await core.handle({ type: 'kernels', choice: 'typescript' });
		await init();
		expect(last('ready')).toMatchObject({ kernels: 'typescript' });
		await core.handle({ type: 'kernels', choice: 'auto' });
		await core.handle({ type: 'reset' });
		expect(last('ready')).toMatchObject({ kernels: 'wasm' });
	});

	it('ready → start → chunks → pause holds the step count → reset', async () => {
		const { core, sent, queue, runNext, last, init } = harness();
		await init();
		expect(last('ready')).toMatchObject({
			parameterCount: 4192,
			vocabSize: 27,
			items: split.train.length,
			kernels: 'wasm'
		});
		core.handle({ type: 'start' });
		expect(queue.length).toBe(1);
		runNext();
		const batch = last('losses')!;
		expect(batch.from).toBe(0);
		// the fake clock ticks 1 ms per reading, so a chunk stops after about CHUNK_MS steps
		expect(batch.losses.length).toBeGreaterThan(1);
		expect(batch.losses.length).toBeLessThanOrEqual(CHUNK_MS);
		const stepAfterChunk = last('progress')!.step;
		expect(stepAfterChunk).toBe(batch.losses.length);

		core.handle({ type: 'pause' });
		expect(last('progress')).toMatchObject({ step: stepAfterChunk, running: false });
		// the chunk scheduled before the pause must not train
		while (queue.length) runNext();
		expect(core.trainer!.step).toBe(stepAfterChunk);

		core.handle({ type: 'start' });
		while (queue.length) runNext();
		expect(last('done')).toEqual({ type: 'done', step: 40 });
		const all = sent.flatMap((m) => (m.type === 'losses' ? m.losses : []));
		expect(all).toEqual(core.trainer!.losses);
		const heldOut = sent.flatMap((m) => (m.type === 'losses' ? m.heldOut : []));
		expect(heldOut).toEqual(core.trainer!.heldOut);

		core.handle({ type: 'reset' });
		expect(core.trainer!.step).toBe(0);
		expect(last('progress')).toMatchObject({ step: 0, running: false });
	});

	it('gives the same losses as a Trainer stepped by hand', async () => {
		const { core, queue, runNext, init } = harness();
		await init();
		core.handle({ type: 'start' });
		while (queue.length) runNext();
		const direct = new Trainer(settings, split, chars);
		for (let i = 0; i < settings.steps; i++) direct.trainStep();
		expect(core.trainer!.losses).toEqual(direct.losses);
	});

	it('answers sample and attention requests with the current model', async () => {
		const { core, last, init } = harness();
		await init();
		core.handle({ type: 'sample', count: 5, temperature: 0.5, seed: 1 });
		expect(last('samples')!.samples.length).toBe(5);
		core.handle({ type: 'attention', text: 'emma' });
		const attn = last('attention')!;
		expect(attn.tokens).toEqual(['◆', 'e', 'm', 'm', 'a']);
		expect(attn.layers[0]!.length).toBe(4);
	});

	it('answers a bad message or a failing request with an error and keeps the old model', async () => {
		const { core, last, init } = harness();
		await core.handle({ type: 'start' });
		expect(last('error')!.message).toMatch(/not built yet/);
		await init();
		const before = core.trainer;
		await core.handle({ type: 'nonsense' });
		expect(last('error')!.message).toMatch(/does not understand/);
		await core.handle({ type: 'settings', settings: { ...settings, lr: -1 } });
		expect(last('error')!.message).toMatch(/does not understand/);
		await core.handle({ type: 'attention', text: 'ÆØ' });
		expect(last('error')!.message).toMatch(/vocabulary/);
		expect(core.trainer).toBe(before);
	});
});

describe('the training text, prepared in the worker', () => {
	it('summarises the names: 8,403 items, 840 held out, 26 letters, the bigram losses of the split', async () => {
		const { last, init } = harness();
		await init();
		const { summary, id } = last('data')!;
		expect(id).toBe(0);
		expect(summary).toEqual({
			source: 'names',
			items: 8403,
			heldOut: 840,
			measured: HELD_OUT_MEASURED,
			chars: [...'abcdefghijklmnopqrstuvwxyz'],
			bigram: splitBigram(split, chars),
			notes: []
		});
		expect(summary.chars.length + 1).toBe(27);
	});

	it('builds a model only once it has both a text and the settings, in either order', async () => {
		const { core, types } = harness();
		await core.handle({ type: 'names', id: 0, url: NAMES_URL });
		expect(types()).toEqual(['data']);
		expect(core.trainer).toBeNull();
		await core.handle({ type: 'settings', settings });
		expect(types()).toEqual(['data', 'ready', 'progress']);
		await core.handle({ type: 'settings', settings: { ...settings, seed: 7 } });
		expect(core.trainer!.settings.seed).toBe(7);
		expect(types().filter((t) => t === 'ready')).toHaveLength(2);
	});

	it('fetches the names once and keeps them: back to the names fetches nothing', async () => {
		const { core, fetched, last, init } = harness();
		await init();
		const names = last('data')!.summary;
		await core.handle(text(1, 'paris\nrome'));
		expect(last('data')!.summary.source).toBe('own');
		await core.handle({ type: 'names', id: 2, url: NAMES_URL });
		expect(last('data')).toEqual({ type: 'data', id: 2, summary: names });
		expect(core.trainer!.sequences.length).toBe(split.train.length);
		expect(fetched).toEqual([NAMES_URL]);
	});

	it('asks once for names requested twice while the first fetch is on its way', async () => {
		const { core, fetched, hold, types } = harness();
		const release = hold();
		const first = core.handle({ type: 'names', id: 0, url: NAMES_URL });
		const second = core.handle({ type: 'names', id: 1, url: NAMES_URL });
		release();
		await Promise.all([first, second]);
		expect(fetched).toEqual([NAMES_URL]);
		// the first request was overtaken by the second, so only the second is answered
		expect(types()).toEqual(['data']);
	});

	it('refuses names that cannot be fetched, saying what to do, and tries again next time', async () => {
		const { core, fetched, fail, last, init } = harness();
		fail(new Error('HTTP 404'));
		await init();
		expect(last('refused')).toEqual({
			type: 'refused',
			id: 0,
			source: 'names',
			message: 'The names could not be loaded (HTTP 404). Reload the page to try again.'
		});
		expect(core.trainer).toBeNull();
		fail(null);
		await core.handle({ type: 'names', id: 1, url: NAMES_URL });
		expect(last('data')!.summary.items).toBe(8403);
		expect(fetched).toHaveLength(2);
	});

	it('accepts the reader’s text with notes on what it changed, and builds a model on it', async () => {
		const { core, last, init } = harness();
		await init();
		await core.handle(text(1, 'paris\nrome\nreykjavikurborgin\n\t'));
		const check = prepareText('paris\nrome\nreykjavikurborgin\n\t', MAX_LINE_LENGTH);
		if (!check.ok) throw new Error(check.message);
		expect(last('data')).toEqual({
			type: 'data',
			id: 1,
			summary: {
				source: 'own',
				items: 3,
				heldOut: 0,
				measured: 0,
				chars: check.dataset.chars,
				bigram: splitBigram(whole(check.dataset.lines), check.dataset.chars),
				notes: check.notes
			}
		});
		expect(check.notes).toEqual([
			expect.stringMatching(/Removed 1 invisible character/),
			expect.stringMatching(/Cut 1 line to 15 characters/)
		]);
		expect(last('ready')).toMatchObject({ items: 3, vocabSize: 16 });
	});

	it('refuses bad text with the message that says how to fix it, leaving the text and model as they were', async () => {
		const { core, last, types, init } = harness();
		await init();
		const model = core.trainer;
		const before = types().length;
		await core.handle(text(1, ''));
		expect(last('refused')).toEqual({
			type: 'refused',
			id: 1,
			source: 'own',
			message: 'There is nothing to train on yet. Paste a list with one item per line.'
		});
		await core.handle(text(2, 'a'.repeat(MAX_TEXT_BYTES + 1)));
		expect(last('refused')!.message).toMatch(/^That text is 1\.000001 MB; the limit is 1 MB/);
		expect(types().slice(before)).toEqual(['refused', 'refused']);
		expect(core.trainer).toBe(model);
		// a reset rebuilds from the text still in use: the names
		await core.handle({ type: 'reset' });
		expect(core.trainer!.sequences.length).toBe(split.train.length);
	});

	it('reads a file the reader picked', async () => {
		const { core, last, init } = harness();
		await init();
		await core.handle(text(1, new Blob(['oslo\nbergen\r\ntromsø\n'], { type: 'text/plain' })));
		expect(last('data')!.summary).toMatchObject({ source: 'own', items: 3, notes: [] });
		expect(core.trainer!.sample(1, 1, 1)).toHaveLength(1);
		expect(core.trainer!.vocab.has('ø')).toBe(true);
	});

	it('refuses a file over 1 MB by its size, without reading it', async () => {
		const { core, last, init } = harness();
		await init();
		const model = core.trainer;
		let reads = 0;
		class Watched extends Blob {
			override text(): Promise<string> {
				reads++;
				return super.text();
			}
		}
		await core.handle(text(1, new Watched([new Uint8Array(2_500_000)])));
		expect(last('refused')!.message).toBe(
			'That text is 2.50 MB; the limit is 1 MB, so training stays quick in a browser tab. ' +
				'Pick a shorter list.'
		);
		expect(reads).toBe(0);
		expect(core.trainer).toBe(model);
	});

	it('refuses a file that cannot be read, and keeps the model', async () => {
		const { core, last, init } = harness();
		await init();
		const model = core.trainer;
		class Vanished extends Blob {
			override text(): Promise<string> {
				return Promise.reject(new Error('the file was moved'));
			}
		}
		await core.handle(text(1, new Vanished(['oslo'])));
		expect(last('refused')).toEqual({
			type: 'refused',
			id: 1,
			source: 'own',
			message: 'That file could not be read (the file was moved). Pick it again.'
		});
		expect(core.trainer).toBe(model);
	});

	it('drops a slow request that a newer one overtook', async () => {
		const { core, hold, last, types } = harness();
		await core.handle({ type: 'settings', settings });
		const release = hold();
		const names = core.handle({ type: 'names', id: 0, url: NAMES_URL });
		await core.handle(text(1, 'paris\nrome'));
		release();
		await names;
		expect(types().filter((t) => t === 'data')).toEqual(['data']);
		expect(last('data')!.id).toBe(1);
		expect(core.trainer!.sequences.length).toBe(2);
	});
});

describe('the loss on held-out names', () => {
	it('is measured before the first step, every steps / 20 steps and at the last, on the same names', () => {
		const t = new Trainer({ ...settings, steps: 45 }, split, chars);
		expect(t.heldOut).toEqual([]);
		while (!t.done) t.trainStep();
		// heldOutInterval(45) rounds 2.25 to 2
		expect(heldOutInterval(45)).toBe(2);
		const expected = [0, ...Array.from({ length: 22 }, (_, i) => 2 * (i + 1)), 45];
		expect(t.heldOut.map((p) => p.step)).toEqual(expected);
		expect(t.heldOutSequences).toHaveLength(HELD_OUT_MEASURED);
		const names = new Set(measuredHeldOut(split));
		expect(split.train.some((line) => names.has(line))).toBe(false);
	});

	it('is the mean of the model’s loss over the measured held-out names, and changes nothing', () => {
		const t = new Trainer(settings, split, chars);
		for (let i = 0; i < 5; i++) t.trainStep();
		const byHand = noGrad(() => {
			let sum = 0;
			for (const ids of t.heldOutSequences) sum += t.model.loss(ids).item();
			return sum / t.heldOutSequences.length;
		});
		expect(t.heldOutLoss()).toBe(byHand);
		const twin = new Trainer(settings, split, chars);
		for (let i = 0; i < 5; i++) twin.trainStep();
		twin.heldOutLoss();
		expect(twin.trainStep()).toBe(t.trainStep());
	});

	it('starts near ln 27 and falls as the model trains', () => {
		const t = new Trainer({ ...settings, steps: 200 }, split, chars);
		while (!t.done) t.trainStep();
		expect(Math.abs(t.heldOut[0]!.loss - Math.log(27))).toBeLessThan(0.1);
		expect(t.heldOut.at(-1)!.loss).toBeLessThan(t.heldOut[0]!.loss - 0.3);
	});

	it('is not measured when nothing is held out', () => {
		const t = new Trainer(settings, whole(['ab', 'ba']), ['a', 'b']);
		t.trainStep();
		expect(t.heldOut).toEqual([]);
		expect(t.heldOutLoss()).toBeNaN();
	});
});

describe('several names per step', () => {
	it('takes the mean loss over the batch, and its gradient is the mean of the names’ gradients', () => {
		const batched = new Trainer({ ...settings, batch: 3 }, split, chars);
		const ids = [0, 1, 2].map((b) => batched.sequences[batched.order[b]!]!);
		const twin = new Trainer({ ...settings, batch: 3 }, split, chars);
		const losses = noGrad(() => ids.map((seq) => twin.model.loss(seq).item()));
		// the gradient of the mean, by hand: each name's gradient, summed, over 3
		const grads = twin.model.parameters().map((p) => new Float64Array(p.size));
		for (const seq of ids) {
			for (const p of twin.model.parameters()) p.grad?.fill(0);
			twin.model.loss(seq).backward();
			twin.model.parameters().forEach((p, i) => {
				for (let j = 0; j < p.size; j++) grads[i]![j]! += p.grad![j]! / 3;
			});
		}
		const mean = batched.trainStep();
		expect(mean).toBeCloseTo((losses[0]! + losses[1]! + losses[2]!) / 3, 6);
		batched.model.parameters().forEach((p, i) => {
			for (let j = 0; j < p.size; j += 97) expect(p.grad![j]).toBeCloseTo(grads[i]![j]!, 6);
		});
	});
});

describe('the Step button’s message', () => {
	it('takes exactly one step while paused, with its loss, and is ignored while training runs', async () => {
		const { core, last, queue, runNext, init } = harness();
		await init();
		await core.handle({ type: 'step' });
		expect(core.trainer!.step).toBe(1);
		expect(last('losses')).toEqual({
			type: 'losses',
			from: 0,
			losses: core.trainer!.losses,
			heldOut: core.trainer!.heldOut
		});
		expect(last('losses')!.heldOut.map((p) => p.step)).toEqual([0]);
		expect(last('progress')).toMatchObject({ step: 1, running: false });
		await core.handle({ type: 'start' });
		runNext();
		const during = core.trainer!.step;
		await core.handle({ type: 'step' });
		expect(core.trainer!.step).toBe(during);
		expect(core.running).toBe(true);
		await core.handle({ type: 'pause' });
		while (queue.length) runNext();
		await core.handle({ type: 'step' });
		expect(core.trainer!.step).toBe(during + 1);
	});
});

describe('following one prediction, in the worker', () => {
	it('answers with the current model’s inspection, and a refused prefix leaves training running', async () => {
		const { core, last, runNext, init } = harness();
		await init();
		await core.handle({ type: 'inspect', prefix: 'emm', next: 'a', seed: 3 });
		const { inspection } = last('inspection')!;
		expect(inspection.tokens).toEqual(['◆', 'e', 'm', 'm']);
		expect(inspection.step).toBe(0);
		await core.handle({ type: 'start' });
		runNext();
		await core.handle({ type: 'inspect', prefix: 'e\u202Em', next: 'a', seed: 3 });
		expect(last('uninspectable')).toEqual({
			type: 'uninspectable',
			prefix: 'e\u202Em',
			next: 'a',
			message: "Not in this model's vocabulary: U+202E (right-to-left override)"
		});
		expect(core.running).toBe(true);
		const before = core.trainer!.step;
		runNext();
		expect(core.trainer!.step).toBeGreaterThan(before);
	});
});
