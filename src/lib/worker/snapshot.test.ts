import { describe, expect, it } from 'vitest';
import { MODEL_PRESETS } from '$lib/engine';
import { prepareText, splitHeldOut } from './dataset';
import { MAX_LINE_LENGTH, type FromWorker, type TrainSettings } from './protocol';
import { isModelSnapshot, snapshotProblem, type ModelSnapshot } from './snapshot';
import { restoreTrainer, takeSnapshot } from './snapshot-trainer';
import { Trainer, TrainerCore } from './trainer';

const NAMES = 'emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nharper\nevelyn\nabigail\n';
const check = prepareText(NAMES, MAX_LINE_LENGTH);
if (!check.ok) throw new Error(check.message);
const { lines, chars } = check.dataset;
const settings: TrainSettings = {
	preset: 'micro',
	seed: 7,
	lr: MODEL_PRESETS.micro.lr,
	steps: 20,
	batch: 1
};

function trained(steps: number): Trainer {
	const trainer = new Trainer(settings, splitHeldOut(lines), chars);
	for (let i = 0; i < steps; i++) trainer.trainStep();
	return trainer;
}

const snapshotOf = (trainer: Trainer): ModelSnapshot =>
	takeSnapshot(trainer, { source: 'names', lines: null, elapsedMs: 1234 });

describe('a snapshot of a trained model', () => {
	it('survives a structured clone (IndexedDB, postMessage) and passes its own check', () => {
		const copy = structuredClone(snapshotOf(trained(3)));
		expect(snapshotProblem(copy)).toBeNull();
		expect(copy.losses).toHaveLength(3);
		expect(Object.keys(copy.weights)).toEqual(Object.keys(trained(0).model.stateDict()));
	});

	it('goes on exactly as the run it was taken from', () => {
		const straight = trained(20);
		const restored = restoreTrainer(structuredClone(snapshotOf(trained(8))), lines);
		expect(restored.step).toBe(8);
		while (!restored.done) restored.trainStep();
		expect(restored.losses).toEqual(straight.losses);
		expect(restored.sample(5, 1, 3)).toEqual(straight.sample(5, 1, 3));
	});

	it('is refused for a text with other characters than the model’s', () => {
		expect(() => restoreTrainer(snapshotOf(trained(2)), ['zoe', 'quinn'])).toThrow(
			/other characters/
		);
	});

	it('says what is wrong with a corrupt or foreign value, and never throws', () => {
		const good = snapshotOf(trained(2));
		const bad: [unknown, RegExp][] = [
			[null, /not a saved model/],
			['model', /not a saved model/],
			[{ ...good, version: 2 }, /another format \(2\)/],
			[{ ...good, settings: { ...settings, preset: 'huge' } }, /settings/],
			[{ ...good, chars: ['b', 'a'] }, /vocabulary/],
			[{ ...good, source: 'own', lines: null }, /training text is missing/],
			[{ ...good, losses: new Array(21).fill(1) }, /loss history/],
			[{ ...good, elapsedMs: NaN }, /training time/],
			[{ ...good, weights: { ...good.weights, extra: new Float32Array(1) } }, /“extra”/],
			[{ ...good, weights: { ...good.weights, wte: new Float32Array(3) } }, /“wte”/],
			[{ ...good, weights: { ...good.weights, wpe: [1, 2, 3] } }, /“wpe”/],
			[{ ...good, adam: { t: -1, m: [], v: [] } }, /optimiser/]
		];
		for (const [value, why] of bad) {
			expect(snapshotProblem(value)).toMatch(why);
			expect(isModelSnapshot(value)).toBe(false);
		}
		expect(isModelSnapshot({ ...good, adam: null })).toBe(true);
	});
});

describe('the worker saving and restoring a model', () => {
	async function core() {
		const sent: FromWorker[] = [];
		const queue: (() => void)[] = [];
		let clock = 0;
		const c = new TrainerCore({
			post: (m) => sent.push(m),
			now: () => (clock += 5),
			schedule: (run) => queue.push(run),
			fetchText: async () => NAMES
		});
		await c.handle({ type: 'settings', settings });
		await c.handle({ type: 'names', id: 0, url: 'https://trenchcoat.test/names.txt' });
		const last = <T extends FromWorker['type']>(type: T) =>
			sent.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
		const train = () => {
			c.handle({ type: 'start' });
			while (queue.length > 0) queue.shift()!();
		};
		return { core: c, sent, last, train };
	}

	it('answers a snapshot request with the current model, its losses and training time', async () => {
		const w = await core();
		w.train();
		await w.core.handle({ type: 'snapshot' });
		const { snapshot } = w.last('snapshot')!;
		expect(snapshot.losses).toHaveLength(20);
		expect(snapshot.elapsedMs).toBeGreaterThan(0);
		expect(isModelSnapshot(snapshot)).toBe(true);
	});

	it('restores a snapshot: its text, the model, the loss history and progress, then restored', async () => {
		const source = await core();
		source.train();
		await source.core.handle({ type: 'snapshot' });
		const { snapshot } = source.last('snapshot')!;

		const w = await core();
		const before = w.sent.length;
		await w.core.handle({ type: 'restore', id: 1, snapshot: structuredClone(snapshot) });
		expect(w.sent.slice(before).map((m) => m.type)).toEqual([
			'data',
			'ready',
			'progress',
			'losses',
			'progress',
			'restored'
		]);
		expect(w.last('restored')).toEqual({ type: 'restored', step: 20 });
		expect(w.last('losses')!.losses).toEqual(snapshot.losses);
		expect(w.last('progress')).toMatchObject({ step: 20, elapsedMs: snapshot.elapsedMs });
		await w.core.handle({ type: 'sample', count: 4, temperature: 1, seed: 9 });
		await source.core.handle({ type: 'sample', count: 4, temperature: 1, seed: 9 });
		expect(w.last('samples')).toEqual(source.last('samples'));
	});

	it('restores a model trained on the reader’s own lines with those lines', async () => {
		const own = ['paris', 'rome', 'oslo'];
		const ownCheck = prepareText(own.join('\n'), MAX_LINE_LENGTH);
		if (!ownCheck.ok) throw new Error(ownCheck.message);
		const trainer = new Trainer(
			settings,
			splitHeldOut(ownCheck.dataset.lines),
			ownCheck.dataset.chars
		);
		trainer.trainStep();
		const snapshot = takeSnapshot(trainer, { source: 'own', lines: own, elapsedMs: 10 });
		const w = await core();
		await w.core.handle({ type: 'restore', id: 3, snapshot });
		expect(w.last('data')).toMatchObject({ id: 3, summary: { source: 'own', items: 3 } });
		expect(w.last('restored')).toEqual({ type: 'restored', step: 1 });
	});

	it('refuses a snapshot that does not fit the text, leaving the model in place', async () => {
		const w = await core();
		const trainer = new Trainer(settings, splitHeldOut(['zoe', 'quinn']), [...'einoquz'].sort());
		const snapshot = takeSnapshot(trainer, { source: 'names', lines: null, elapsedMs: 0 });
		const before = w.sent.length;
		await w.core.handle({ type: 'restore', id: 1, snapshot });
		expect(w.sent.slice(before)).toEqual([
			{ type: 'unrestored', message: expect.stringMatching(/other characters/) }
		]);
		await w.core.handle({ type: 'snapshot' });
		expect(w.last('snapshot')!.snapshot.chars).toEqual(chars);
	});
});
