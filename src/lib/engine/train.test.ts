import { describe, expect, it } from 'vitest';
import names from './fixtures/names.json';
import { GPT } from './gpt';
import { ADAM, MODEL_PRESETS, TRAINING, defaultGPTConfig } from './presets';
import { Adam, linearDecay } from './optim';
import { Rng } from './rng';
import { noGrad } from './tensor';
import { Vocab } from './vocab';

function meanLoss(model: GPT, docs: number[][]): number {
	return noGrad(() => {
		let total = 0;
		for (const ids of docs) total += model.loss(ids).item();
		return total / docs.length;
	});
}

describe('training', () => {
	it('Adam trains microgpt on a few hundred names from ln 27 to below 2.7', () => {
		const vocab = Vocab.names();
		const docs = names.names.map((name) => vocab.encode(name));
		expect(docs.length).toBeGreaterThanOrEqual(300);
		const rng = new Rng(TRAINING.seed);
		const model = new GPT(defaultGPTConfig, rng);
		const before = meanLoss(model, docs);
		expect(Math.abs(before - Math.log(27))).toBeLessThan(0.1);

		// microgpt's recipe: one name per step, its Adam, lr decaying linearly to 0
		const steps = 600;
		const { lr } = MODEL_PRESETS.micro;
		const opt = new Adam(model.parameters(), { lr, ...ADAM });
		const order = rng.shuffle([...docs.keys()]);
		for (let step = 0; step < steps; step++) {
			opt.lr = linearDecay(lr, step, steps);
			opt.zeroGrad();
			model.loss(docs[order[step % order.length]!]!).backward();
			opt.step();
		}
		const after = meanLoss(model, docs);
		expect(after).toBeLessThan(2.7);

		const sampleName = (rng: Rng) => vocab.decode(model.generate(rng, { temperature: 0.5 }));
		const samples = Array.from({ length: 20 }, () => sampleName(new Rng(7)));
		for (const name of samples) expect(name).toMatch(/^[a-z]{0,16}$/);
		expect(new Set(samples).size).toBe(1); // the same seed gives the same name
		const varied = Array.from({ length: 20 }, (_, i) => sampleName(new Rng(i)));
		expect(varied.filter((name) => name.length > 0).length).toBeGreaterThan(15);
	});
});
