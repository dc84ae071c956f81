import { describe, expect, it } from 'vitest';
import fixture from './fixtures/gpt.json';
import { gradcheck } from './gradcheck';
import { GPT, countParameters, type GPTConfig } from './gpt';
import { defaultGPTConfig } from './presets';
import { decodeTokens } from './names';
import { Rng } from './rng';
import { noGrad } from './tensor';

function maxAbsDiff(actual: ArrayLike<number>, expected: readonly number[]): number {
	expect(actual.length).toBe(expected.length);
	let worst = 0;
	for (let i = 0; i < expected.length; i++) {
		worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
	}
	return worst;
}

function maxAbs(values: readonly number[]): number {
	return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

describe('GPT shape and parameters', () => {
	it('the default config is microgpt’s and has exactly 4,192 parameters', () => {
		expect(defaultGPTConfig).toEqual({
			vocabSize: 27,
			nEmbd: 16,
			nHead: 4,
			nLayer: 1,
			blockSize: 16
		});
		const model = new GPT(defaultGPTConfig, new Rng(1));
		expect(model.parameterCount).toBe(4192);
		expect(model.parameters().reduce((n, p) => n + p.size, 0)).toBe(4192);
		expect(countParameters(defaultGPTConfig)).toBe(4192);
	});

	it('stateDict names every parameter with its [out, in] shape', () => {
		const shapes = Object.fromEntries(
			Object.entries(new GPT(defaultGPTConfig, new Rng(1)).stateDict()).map(([k, t]) => [
				k,
				t.shape
			])
		);
		expect(shapes).toEqual({
			wte: [27, 16],
			wpe: [16, 16],
			'layer0.attn_wq': [16, 16],
			'layer0.attn_wk': [16, 16],
			'layer0.attn_wv': [16, 16],
			'layer0.attn_wo': [16, 16],
			'layer0.mlp_fc1': [64, 16],
			'layer0.mlp_fc2': [16, 64],
			lm_head: [27, 16]
		});
	});

	it('initialisation is reproducible from the seed and has standard deviation near 0.08', () => {
		const a = new GPT(defaultGPTConfig, new Rng(5)).parameters();
		const b = new GPT(defaultGPTConfig, new Rng(5)).parameters();
		let ss = 0;
		let n = 0;
		a.forEach((p, i) => {
			expect(Array.from(p.data)).toEqual(Array.from(b[i]!.data));
			for (const v of p.data) ss += v * v;
			n += p.size;
		});
		expect(Math.sqrt(ss / n)).toBeGreaterThan(0.075);
		expect(Math.sqrt(ss / n)).toBeLessThan(0.085);
	});

	it('a config whose width does not split into the heads is rejected', () => {
		expect(() => new GPT({ ...defaultGPTConfig, nHead: 3 }, new Rng(1))).toThrow(
			/nEmbd 16 is not divisible by nHead 3/
		);
	});
});

interface ReferenceCase {
	label: string;
	config: GPTConfig;
	ids: number[];
	weights: Record<string, number[]>;
	logits: number[][];
	attention: number[][][][];
	loss: number;
	grads: Record<string, number[]>;
}

describe('GPT against the numpy reference', () => {
	for (const c of fixture.cases as ReferenceCase[]) {
		const config = c.config;
		const model = new GPT(config, new Rng(0));
		model.loadStateDict(c.weights);
		const inputs = c.ids.slice(0, -1);

		it(`logits and attention match numpy (${c.label})`, () => {
			const { logits, attention } = model.forward(inputs, { attention: true });
			expect(logits.shape).toEqual([inputs.length, config.vocabSize]);
			expect(maxAbsDiff(logits.data, c.logits.flat())).toBeLessThan(1e-4);
			expect(attention.length).toBe(config.nLayer);
			expect(maxAbsDiff(attention.flat(3), c.attention.flat(3))).toBeLessThan(1e-5);
		});

		it(`loss and every parameter's gradient match numpy (${c.label})`, () => {
			for (const p of model.parameters()) p.grad = null;
			const loss = model.loss(c.ids);
			expect(Math.abs(loss.item() - c.loss)).toBeLessThan(1e-5);
			loss.backward();
			const state = model.stateDict();
			for (const [name, expected] of Object.entries(c.grads)) {
				const grad = state[name]!.grad!;
				// float32 against float64: agree to 1e-4 of the largest entry of that gradient
				const tol = 1e-4 * Math.max(maxAbs(expected), 1e-3);
				expect(maxAbsDiff(grad, expected), name).toBeLessThan(tol);
			}
		});
	}
});

describe('GPT inputs and errors', () => {
	const model = new GPT(defaultGPTConfig, new Rng(2));

	it('forward returns [T, vocabSize] logits and attention[layer][head][t][s]', () => {
		const { logits, attention } = model.forward([0, 5, 13], { attention: true });
		expect(logits.shape).toEqual([3, 27]);
		expect(attention).toHaveLength(1);
		expect(attention[0]).toHaveLength(4);
		expect(attention[0]![2]).toHaveLength(3);
		expect(attention[0]![2]![0]).toHaveLength(3);
		expect(attention[0]![1]![0]![1]).toBe(0);
	});

	it('loss reads blockSize inputs from blockSize + 1 ids', () => {
		const ids = Array.from({ length: 17 }, (_, i) => i % 27);
		expect(Number.isFinite(model.loss(ids).item())).toBe(true);
	});

	it('a sequence longer than blockSize is an error that says to crop it', () => {
		expect(() => model.forward(new Array(17).fill(1))).toThrow(
			/a sequence of 17 tokens is longer than blockSize 16; crop it/
		);
		expect(() => model.loss(new Array(18).fill(1))).toThrow(
			/18 token ids make 17 inputs, more than blockSize 16; crop the sequence to at most 17 ids/
		);
	});

	it('an id outside the vocabulary is an error naming the valid range', () => {
		expect(() => model.forward([0, 27])).toThrow(/token id 27 at position 1 .* 0 … 26/);
		expect(() => model.loss([0, 1, -1])).toThrow(/token id -1/);
	});

	it('loadStateDict rejects an unknown name or a wrong length and changes nothing', () => {
		const before = Array.from(model.stateDict().wte!.data);
		const good = Object.fromEntries(
			Object.entries(model.stateDict()).map(([k, t]) => [k, new Float32Array(t.size)])
		);
		expect(() => model.loadStateDict({ ...good, wtf: [1] })).toThrow(/unknown parameter "wtf"/);
		expect(() => model.loadStateDict({ ...good, wpe: [1, 2, 3] })).toThrow(
			/"wpe" has 3 values but its shape \[16,16\] needs 256/
		);
		const { lm_head: _dropped, ...missing } = good;
		expect(() => model.loadStateDict(missing)).toThrow(/missing parameter "lm_head"/);
		expect(Array.from(model.stateDict().wte!.data)).toEqual(before);
	});

	it('forward inside noGrad builds no graph', () => {
		const logits = noGrad(() => model.forward([0, 1, 2]));
		expect(logits.requiresGrad).toBe(false);
	});
});

describe('GPT generate', () => {
	const model = new GPT(defaultGPTConfig, new Rng(3));

	it('generate is reproducible from the rng seed and never emits the boundary', () => {
		const a = model.generate(new Rng(9), { temperature: 1 });
		const b = model.generate(new Rng(9), { temperature: 1 });
		expect(a).toEqual(b);
		expect(a.length).toBeLessThanOrEqual(16);
		expect(a).not.toContain(0);
		expect(typeof decodeTokens(a)).toBe('string');
	});

	it('generate stops at blockSize or maxTokens when no boundary comes', () => {
		// Every position's residual stream is all ones (blocks contribute nothing), and lm_head
		// gives the letter 'a' a logit of 160: the boundary is never drawn.
		const m = new GPT(defaultGPTConfig, new Rng(3));
		const weights: Record<string, Float32Array> = {};
		for (const [name, t] of Object.entries(m.stateDict())) weights[name] = new Float32Array(t.size);
		weights.wte!.fill(1);
		weights.lm_head!.fill(10, 16, 32);
		m.loadStateDict(weights);
		expect(decodeTokens(m.generate(new Rng(1)))).toBe('a'.repeat(16));
		expect(m.generate(new Rng(1), { maxTokens: 3 })).toEqual([1, 1, 1]);
	});

	it('temperature 0 picks the likeliest token every time', () => {
		const first = model.generate(new Rng(1), { temperature: 0 });
		const second = model.generate(new Rng(2), { temperature: 0 });
		expect(first).toEqual(second);
	});
});

describe('GPT gradient check', () => {
	it('the loss of a tiny GPT passes gradcheck for every parameter', () => {
		const config = { vocabSize: 5, nEmbd: 4, nHead: 2, nLayer: 2, blockSize: 4 };
		const model = new GPT(config, new Rng(9));
		// larger weights than the 0.08 init, so every path carries a gradient worth checking
		for (const p of model.parameters()) {
			for (let i = 0; i < p.size; i++) p.data[i] = Math.round(p.data[i]! * 6 * 1024) / 1024;
		}
		// A smaller step than the default: a step of 2⁻⁷ can push a ReLU input across 0, where the
		// loss has a kink and finite differences are wrong.
		const report = gradcheck(() => model.loss([0, 3, 1, 4, 2]), model.parameters(), {
			eps: 2 ** -10
		});
		expect(report.checked).toBe(model.parameterCount);
	});
});
