import { afterEach, describe, expect, it } from 'vitest';
import fixture from './fixtures/gpt.json';
import { gradcheck } from './gradcheck';
import { GPT, countParameters, type GPTConfig } from './gpt';
import { crossEntropy } from './ops/crossentropy';
import { kernelStats, useKernels, withKernels } from './kernels';
import { STALE_RUN, spaceOf } from './memory';
import { Adam } from './optim';
import { ADAM, MODEL_PRESETS, NAMES_VOCAB_SIZE, defaultGPTConfig, presetConfig } from './presets';
import { Rng } from './rng';
import { noGrad } from './tensor';
import { forEachKernelSet } from './test-kernels';
import { Vocab } from './vocab';

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

forEachKernelSet('GPT against the numpy reference', () => {
	for (const c of fixture.cases as ReferenceCase[]) {
		const config = c.config;
		const model = new GPT(config, new Rng(0));
		model.loadStateDict(c.weights);
		const inputs = c.ids.slice(0, -1);

		it(`logits and attention match numpy (${c.label})`, () => {
			const { logits, trace } = model.forward(inputs, { trace: true });
			expect(logits.shape).toEqual([inputs.length, config.vocabSize]);
			expect(maxAbsDiff(logits.data, c.logits.flat())).toBeLessThan(1e-4);
			expect(trace.layers.length).toBe(config.nLayer);
			const weights = trace.layers.flatMap((layer) =>
				layer.heads.flatMap((head) => Array.from(head.weights.data))
			);
			expect(maxAbsDiff(weights, c.attention.flat(3))).toBeLessThan(1e-5);
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

describe('GPT forward trace', () => {
	const config = { ...defaultGPTConfig, nLayer: 2 };
	const model = new GPT(config, new Rng(4));
	const ids = [0, 5, 13, 13, 1];
	const rows = (data: Float32Array, width: number, row: number) =>
		Array.from(data.subarray(row * width, (row + 1) * width));

	it('names every stage with its shape, in the order the model computes them', () => {
		const { logits, trace } = model.forward(ids, { trace: true });
		expect(trace.logits).toBe(logits);
		expect(logits.shape).toEqual([5, 27]);
		for (const stage of [trace.tokenEmbedding, trace.positionEmbedding, trace.embedding]) {
			expect(stage.shape).toEqual([5, 16]);
		}
		expect(trace.layers).toHaveLength(2);
		for (const layer of trace.layers) {
			const { heads, mlpHidden, mlpActivation, ...widthC } = layer;
			for (const stage of Object.values(widthC)) expect(stage.shape).toEqual([5, 16]);
			expect(mlpHidden.shape).toEqual([5, 64]);
			expect(mlpActivation.shape).toEqual([5, 64]);
			expect(heads).toHaveLength(4);
			for (const head of heads) {
				expect(head.scores.shape).toEqual([5, 5]);
				expect(head.weights.shape).toEqual([5, 5]);
			}
		}
		expect(trace.finalNorm.shape).toEqual([5, 16]);
	});

	it('each stage is what the model computed from the one before it', () => {
		const { trace } = model.forward(ids, { trace: true });
		const state = model.stateDict();
		expect(rows(trace.tokenEmbedding.data, 16, 1)).toEqual(rows(state.wte!.data, 16, 5));
		expect(rows(trace.positionEmbedding.data, 16, 3)).toEqual(rows(state.wpe!.data, 16, 3));
		const [first, second] = trace.layers;
		const sums: [Float32Array, Float32Array, Float32Array][] = [
			[trace.tokenEmbedding.data, trace.positionEmbedding.data, trace.embedding.data],
			[trace.embedding.data, first!.attentionProjection.data, first!.attentionResidual.data],
			[first!.attentionResidual.data, first!.mlpProjection.data, first!.mlpResidual.data],
			[first!.mlpResidual.data, second!.attentionProjection.data, second!.attentionResidual.data]
		];
		for (const [a, b, total] of sums) {
			for (let i = 0; i < total.length; i++) expect(total[i]).toBe(Math.fround(a[i]! + b[i]!));
		}
		const { mlpHidden, mlpActivation, q, k, heads } = first!;
		for (let i = 0; i < mlpHidden.size; i++) {
			expect(mlpActivation.data[i]).toBe(Math.max(mlpHidden.data[i]!, 0));
		}
		// head 2 reads columns 8 … 11: its score of query 3 against key 1, and a masked one
		let dot = 0;
		for (let d = 8; d < 12; d++) dot += q.data[3 * 16 + d]! * k.data[1 * 16 + d]!;
		expect(heads[2]!.scores.data[3 * 5 + 1]).toBeCloseTo(dot / 2, 5);
		expect(heads[2]!.scores.data[1 * 5 + 3]).toBe(-Infinity);
		expect(heads[2]!.weights.data[1 * 5 + 3]).toBe(0);
	});

	it('asking for the trace changes neither the logits nor any parameter’s gradient', () => {
		const run = (trace: boolean) => {
			for (const p of model.parameters()) p.grad = null;
			const logits = trace ? model.forward(ids, { trace }).logits : model.forward(ids);
			crossEntropy(logits, [5, 13, 13, 1, 0]).backward();
			return [logits.data, ...model.parameters().map((p) => p.grad!)].map((a) => Array.from(a));
		};
		expect(run(true)).toEqual(run(false));
	});

	it('after backward, the logits’ gradient is (p − y) / N, as cross-entropy promises', () => {
		const targets = [5, 13, 13, 1, 0];
		const { logits, trace } = model.forward(ids, { trace: true });
		crossEntropy(logits, targets).backward();
		const p = noGrad(() => model.forward(ids)).data;
		const probs = Array.from({ length: 5 }, (_, t) => {
			const row = rows(p, 27, t);
			const z = row.map((x) => Math.exp(x - Math.max(...row)));
			const total = z.reduce((a, b) => a + b);
			return z.map((x) => x / total);
		});
		for (let t = 0; t < 5; t++) {
			for (let v = 0; v < 27; v++) {
				const y = v === targets[t] ? 1 : 0;
				expect(trace.logits.grad![t * 27 + v]).toBeCloseTo((probs[t]![v]! - y) / 5, 6);
			}
		}
		for (const head of trace.layers[1]!.heads) {
			expect(head.weights.grad).not.toBeNull();
			expect(head.scores.grad![0 * 5 + 1]).toBe(0); // masked: the loss cannot depend on it
		}
	});

	it('a traced stage’s gradient agrees with finite differences of the loss', () => {
		// Nudging fc1[j, c] moves mlpHidden[t, j] by mlpNorm[t, c] at every position t, and
		// nudging wpe[t, c] moves embedding[t, c] alone: the chain rule ties each parameter's
		// finite difference to the gradient the trace holds at that stage.
		const tiny = new GPT({ vocabSize: 5, nEmbd: 4, nHead: 2, nLayer: 1, blockSize: 4 }, new Rng(9));
		for (const p of tiny.parameters()) {
			for (let i = 0; i < p.size; i++) p.data[i] = Math.round(p.data[i]! * 6 * 1024) / 1024;
		}
		const seq = [0, 3, 1, 4, 2];
		const { logits, trace } = tiny.forward(seq.slice(0, -1), { trace: true });
		crossEntropy(logits, seq.slice(1)).backward();
		const { mlpHidden, mlpNorm } = trace.layers[0]!;
		const state = tiny.stateDict();
		const h = 2 ** -10;
		const numeric = (param: Float32Array, i: number) => {
			const original = param[i]!;
			param[i] = original + h;
			const up = noGrad(() => tiny.loss(seq).item());
			param[i] = original - h;
			const down = noGrad(() => tiny.loss(seq).item());
			param[i] = original;
			return (up - down) / (2 * h);
		};
		for (const [j, c] of [
			[0, 0],
			[5, 2],
			[11, 3]
		] as const) {
			let chain = 0;
			for (let t = 0; t < 4; t++) chain += mlpHidden.grad![t * 16 + j]! * mlpNorm.data[t * 4 + c]!;
			expect(Math.abs(numeric(state['layer0.mlp_fc1']!.data, j * 4 + c) - chain)).toBeLessThan(
				2e-3
			);
		}
		for (const [t, c] of [
			[0, 1],
			[3, 2]
		] as const) {
			const chain = trace.embedding.grad![t * 4 + c]!;
			expect(Math.abs(numeric(state.wpe!.data, t * 4 + c) - chain)).toBeLessThan(2e-3);
		}
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
		expect(Vocab.names().decode(a)).toMatch(/^[a-z]*$/);
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
		expect(Vocab.names().decode(m.generate(new Rng(1)))).toBe('a'.repeat(16));
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

describe('GPT memory: a training step in one WebAssembly memory', () => {
	afterEach(() => useKernels('auto'));

	const configs: [string, GPTConfig][] = [
		['microgpt', presetConfig('micro', NAMES_VOCAB_SIZE)],
		['the larger preset', presetConfig('larger', NAMES_VOCAB_SIZE)],
		[
			'three layers of three heads',
			{ vocabSize: 11, nEmbd: 12, nHead: 3, nLayer: 3, blockSize: 9 }
		],
		['one head, five tokens', { vocabSize: 27, nEmbd: 8, nHead: 1, nLayer: 2, blockSize: 5 }]
	];

	for (const [label, config] of configs) {
		it(`${label}: a full-length step copies nothing and fits the model’s arena`, () => {
			useKernels('wasm');
			const model = new GPT(config, new Rng(1));
			const opt = new Adam(model.parameters(), { lr: 0.01, ...ADAM });
			const ids = Array.from(
				{ length: config.blockSize + 1 },
				(_, i) => (i * 7) % config.vocabSize
			);
			const before = { ...kernelStats };
			for (let step = 0; step < 2; step++) {
				opt.zeroGrad();
				const loss = model.loss(ids);
				loss.backward();
				opt.step();
				expect(Number.isFinite(loss.item())).toBe(true);
			}
			expect(kernelStats.copiedFloats - before.copiedFloats, 'floats copied').toBe(0);
			expect(kernelStats.arenaMisses - before.arenaMisses, 'arena misses').toBe(0);
			expect(kernelStats.simdCalls).toBeGreaterThan(before.simdCalls);
			for (const p of model.parameters()) {
				expect(spaceOf(p.data)).toBe(model.space);
				expect(spaceOf(p.grad!)).toBe(model.space);
			}
		});
	}

	it('both kernel sets train microgpt along the same losses', () => {
		const losses = (set: 'typescript' | 'wasm') =>
			withKernels(set, () => {
				const model = new GPT(defaultGPTConfig, new Rng(42));
				const opt = new Adam(model.parameters(), { lr: MODEL_PRESETS.micro.lr, ...ADAM });
				const ids = Vocab.names().encode('bartholomewjohn');
				return Array.from({ length: 20 }, () => {
					opt.zeroGrad();
					const loss = model.loss(ids);
					loss.backward();
					opt.step();
					return loss.item();
				});
			});
		const wasm = losses('wasm');
		losses('typescript').forEach((loss, step) =>
			expect(Math.abs(wasm[step]! - loss) / loss, `step ${step}`).toBeLessThan(1e-5)
		);
	});

	it('a loss used after the model’s next loss() throws, rather than read reused memory', () => {
		const model = new GPT(defaultGPTConfig, new Rng(1));
		const first = model.loss([0, 5, 13, 13, 1, 0]);
		const value = first.item();
		const second = model.loss([0, 1, 2, 3]);
		expect(() => first.item()).toThrow(STALE_RUN);
		expect(() => first.backward()).toThrow(STALE_RUN);
		second.backward();
		expect(model.loss([0, 5, 13, 13, 1, 0]).item()).toBe(value);
	});
});
