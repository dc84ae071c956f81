import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODEL_PRESETS, TRAINING, presetParameters } from '$lib/engine';
import { prepareText } from './dataset';
import {
	MAX_LINE_LENGTH,
	isToWorker,
	type FromWorker,
	type ToWorker,
	type TrainSettings
} from './protocol';
import { CHUNK_MS, Trainer, TrainerCore } from './trainer';

/** The lesson's real training set, as the page fetches it. */
const namesText = readFileSync(new URL('../../../static/data/names.txt', import.meta.url), 'utf8');
const check = prepareText(namesText, MAX_LINE_LENGTH);
if (!check.ok) throw new Error(check.message);
const { lines, chars } = check.dataset;
const settings: TrainSettings = {
	preset: 'micro',
	seed: TRAINING.seed,
	lr: MODEL_PRESETS.micro.lr,
	steps: 40
};

/** A core with a fake clock (every reading advances 1 ms) and a queue of scheduled chunks. */
function harness() {
	const sent: FromWorker[] = [];
	const queue: (() => void)[] = [];
	let clock = 0;
	const core = new TrainerCore(
		(m) => sent.push(m),
		() => clock++,
		(run) => queue.push(run)
	);
	const runNext = () => queue.shift()?.();
	const last = <T extends FromWorker['type']>(type: T) =>
		sent.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
	return { core, sent, queue, runNext, last };
}

const init: ToWorker = { type: 'init', settings, lines, chars };

describe('the presets', () => {
	it('microgpt has 4,192 parameters and the larger model 102,784 on the 27-token names vocabulary', () => {
		expect(presetParameters('micro', 27)).toBe(4192);
		expect(presetParameters('larger', 27)).toBe(102_784);
	});
});

describe('a training run', () => {
	it('is the same loss curve for the same seed and settings', () => {
		const a = new Trainer(settings, lines, chars);
		const b = new Trainer(settings, lines, chars);
		for (let i = 0; i < 20; i++) expect(b.trainStep()).toBe(a.trainStep());
		const c = new Trainer({ ...settings, seed: 43 }, lines, chars);
		expect(c.trainStep()).not.toBe(a.losses[0]);
	});

	it('reads each item between boundaries, cut to blockSize + 1 tokens', () => {
		const t = new Trainer(settings, ['ab', 'b'.repeat(20)], ['a', 'b']);
		expect(t.sequences[0]).toEqual([0, 1, 2, 0]);
		expect(t.sequences[1]).toEqual([0, ...new Array<number>(16).fill(2)]);
	});

	it('starts near ln of the vocabulary size, guessing uniformly', () => {
		const t = new Trainer(settings, lines, chars);
		expect(Math.abs(t.trainStep() - Math.log(27))).toBeLessThan(0.2);
	});

	it('marks sampled names that are not training items as new', () => {
		const t = new Trainer(settings, ['ab', 'ba'], ['a', 'b']);
		for (let i = 0; i < 40; i++) t.trainStep();
		const samples = t.sample(30, 1, 7);
		expect(samples.length).toBe(30);
		for (const s of samples) expect(s.isNew).toBe(s.text !== 'ab' && s.text !== 'ba');
		expect(t.sample(5, 1, 7)).toEqual(samples.slice(0, 5));
	});

	it('refuses to draw a heat map for characters outside the vocabulary or too long a name', () => {
		const t = new Trainer(settings, lines, chars);
		expect(() => t.attention('Emma')).toThrow(/vocabulary: E/);
		expect(() => t.attention('a'.repeat(16))).toThrow(/at most 15/);
		expect(() => t.attention('')).toThrow(/at least one/);
	});
});

describe('the attention heat maps', () => {
	it('are the model’s own heads: its weights, the softmax of its scores, null above the diagonal', () => {
		const trainer = new Trainer({ ...settings, preset: 'larger' }, lines, chars);
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
	it('init → ready with the parameter count, start → chunks → pause holds the step count → reset', () => {
		const { core, sent, queue, runNext, last } = harness();
		core.handle(init);
		expect(last('ready')).toMatchObject({
			parameterCount: 4192,
			vocabSize: 27,
			items: lines.length
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

		core.handle({ type: 'reset' });
		expect(core.trainer!.step).toBe(0);
		expect(last('progress')).toMatchObject({ step: 0, running: false });
	});

	it('gives the same losses as a Trainer stepped by hand', () => {
		const { core, queue, runNext } = harness();
		core.handle(init);
		core.handle({ type: 'start' });
		while (queue.length) runNext();
		const direct = new Trainer(settings, lines, chars);
		for (let i = 0; i < settings.steps; i++) direct.trainStep();
		expect(core.trainer!.losses).toEqual(direct.losses);
	});

	it('answers sample and attention requests with the current model', () => {
		const { core, last } = harness();
		core.handle(init);
		core.handle({ type: 'sample', count: 5, temperature: 0.5, seed: 1 });
		expect(last('samples')!.samples.length).toBe(5);
		core.handle({ type: 'attention', text: 'emma' });
		const attn = last('attention')!;
		expect(attn.tokens).toEqual(['◆', 'e', 'm', 'm', 'a']);
		expect(attn.layers[0]!.length).toBe(4);
	});

	it('answers a bad message or a failing request with an error and keeps the old model', () => {
		const { core, last } = harness();
		core.handle({ type: 'start' });
		expect(last('error')!.message).toMatch(/not built yet/);
		core.handle(init);
		const before = core.trainer;
		core.handle({ type: 'nonsense' });
		expect(last('error')!.message).toMatch(/does not understand/);
		core.handle({ type: 'init', settings, lines: [], chars: [] });
		expect(last('error')!.message).toMatch(/nothing to train on/);
		core.handle({ type: 'attention', text: 'ÆØ' });
		expect(last('error')!.message).toMatch(/vocabulary/);
		expect(core.trainer).toBe(before);
	});

	it('accepts only well-formed requests', () => {
		expect(isToWorker({ type: 'start' })).toBe(true);
		expect(isToWorker({ type: 'init', settings: { ...settings, lr: -1 }, lines, chars })).toBe(
			false
		);
		expect(
			isToWorker({ type: 'init', settings: { ...settings, preset: 'huge' }, lines, chars })
		).toBe(false);
		expect(isToWorker({ type: 'sample', count: 0, temperature: 1, seed: 1 })).toBe(false);
		expect(isToWorker(null)).toBe(false);
	});
});
