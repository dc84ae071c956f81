import { describe, expect, it } from 'vitest';
import names from './fixtures/names.json';
import { GPT, defaultGPTConfig } from './gpt';
import { encodeName, sampleName } from './names';
import { Adam, linearDecay } from './optim';
import { Rng } from './rng';
import { noGrad } from './tensor';

function meanLoss(model: GPT, docs: number[][]): number {
	return noGrad(() => {
		let total = 0;
		for (const ids of docs) total += model.loss(ids).item();
		return total / docs.length;
	});
}

describe('training', () => {
	it('Adam trains microgpt on a few hundred names from ln 27 to below 2.7', () => {
		const docs = names.names.map(encodeName);
		expect(docs.length).toBeGreaterThanOrEqual(300);
		const rng = new Rng(42);
		const model = new GPT(defaultGPTConfig, rng);
		const before = meanLoss(model, docs);
		expect(Math.abs(before - Math.log(27))).toBeLessThan(0.1);

		// microgpt's recipe: one name per step, Adam(0.85, 0.99), lr decaying linearly to 0
		const steps = 600;
		const opt = new Adam(model.parameters(), { lr: 0.01, beta1: 0.85, beta2: 0.99, eps: 1e-8 });
		const order = rng.shuffle([...docs.keys()]);
		for (let step = 0; step < steps; step++) {
			opt.lr = linearDecay(0.01, step, steps);
			opt.zeroGrad();
			model.loss(docs[order[step % order.length]!]!).backward();
			opt.step();
		}
		const after = meanLoss(model, docs);
		expect(after).toBeLessThan(2.7);

		const samples = Array.from({ length: 20 }, () => sampleName(model, new Rng(7), 0.5));
		for (const name of samples) expect(name).toMatch(/^[a-z]{0,16}$/);
		expect(new Set(samples).size).toBe(1); // the same seed gives the same name
		const varied = Array.from({ length: 20 }, (_, i) => sampleName(model, new Rng(i), 0.5));
		expect(varied.filter((name) => name.length > 0).length).toBeGreaterThan(15);
	});
});
