import { describe, expect, it } from 'vitest';
import { GPT, Rng, Vocab, crossEntropy, embedding, presetConfig } from '$lib/engine';
import { END_LABEL, inspectPrediction, prefixIds } from './inspect';

const vocab = Vocab.names();

/** A freshly built model: its random weights exercise every stage as well as trained ones. */
function model(preset: 'micro' | 'larger' = 'micro'): GPT {
	return new GPT(presetConfig(preset, vocab.size), new Rng(7));
}

const norm = (values: ArrayLike<number>) => {
	let sum = 0;
	for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
	return Math.sqrt(sum);
};

/** The plain route, with no trace: forward, the last row's cross-entropy, backward. */
function plainBackward(gpt: GPT, ids: number[], target: number) {
	for (const p of gpt.parameters()) p.grad?.fill(0);
	const logits = gpt.forward(ids);
	const loss = crossEntropy(embedding(logits, [ids.length - 1]), [target]);
	loss.backward();
	const grads = Object.fromEntries(
		Object.entries(gpt.stateDict()).map(([name, p]) => [name, p.grad!.slice()])
	);
	return { logits: logits.data.slice(), loss: loss.item(), grads };
}

describe('following one prediction through the model', () => {
	it('reads the start marker and the prefix, and its logits are forward’s own', () => {
		const gpt = model();
		const inspection = inspectPrediction(gpt, vocab, { prefix: 'emm', next: 'a', seed: 1 }, 0);
		expect(inspection.tokens).toEqual(['◆', 'e', 'm', 'm']);
		const ids = prefixIds(vocab, 'emm');
		expect(ids).toEqual([0, 5, 13, 13]);
		expect(Array.from(inspection.logits.values)).toEqual(Array.from(gpt.forward(ids).data));
		expect([inspection.logits.rows, inspection.logits.cols]).toEqual([4, 27]);
	});

	it('its loss and every weight’s gradient equal a plain backward() through the last position', () => {
		for (const preset of ['micro', 'larger'] as const) {
			const gpt = model(preset);
			const ids = prefixIds(vocab, 'emm');
			const plain = plainBackward(gpt, ids, 1);
			const inspection = inspectPrediction(gpt, vocab, { prefix: 'emm', next: 'a', seed: 1 }, 0);
			expect(inspection.loss).toBe(plain.loss);
			expect(inspection.weights.map((w) => w.name)).toEqual(Object.keys(plain.grads));
			for (const w of inspection.weights) {
				expect(w.norm, w.name).toBeCloseTo(norm(plain.grads[w.name]!), 6);
				expect(w.norm, w.name).toBeGreaterThan(0);
			}
			// Position t reads row t of wpe and nothing else does, so the traced gradient at the
			// position embedding is that row's gradient, exactly.
			const C = gpt.config.nEmbd;
			expect(Array.from(inspection.positionEmbedding.grad)).toEqual(
				Array.from(plain.grads.wpe!.subarray(0, ids.length * C))
			);
		}
	});

	it('the gradient at the logits is p − y on the last row and zero on the others', () => {
		const inspection = inspectPrediction(model(), vocab, { prefix: 'ol', next: 'i', seed: 1 }, 0);
		const { probs, logits, target } = inspection;
		expect(target).toBe(vocab.encode('i')[1]);
		const last = logits.values.subarray(2 * 27);
		const top = Math.max(...last);
		const exps = Array.from(last, (z) => Math.exp(z - top));
		const total = exps.reduce((a, b) => a + b);
		for (let v = 0; v < 27; v++) {
			expect(probs[v]).toBeCloseTo(exps[v]! / total, 6);
			expect(logits.grad[2 * 27 + v]).toBeCloseTo(probs[v]! - (v === target ? 1 : 0), 6);
		}
		expect(Array.from(logits.grad.subarray(0, 2 * 27)).every((g) => g === 0)).toBe(true);
		expect(inspection.loss).toBeCloseTo(-Math.log(probs[target]!), 5);
	});

	it('copies every traced stage with its gradient, attention per head', () => {
		const inspection = inspectPrediction(
			model(),
			vocab,
			{ prefix: 'ava', next: END_LABEL, seed: 1 },
			0
		);
		expect(inspection.target).toBe(0);
		const [layer] = inspection.layers;
		expect(inspection.layers).toHaveLength(1);
		expect(layer!.scores).toHaveLength(4);
		expect([layer!.mlpHidden.rows, layer!.mlpHidden.cols]).toEqual([4, 64]);
		// masked scores stay −∞ and get no gradient; the weights' rows sum to 1
		const scores = layer!.scores[0]!;
		expect(scores.values[0 * 4 + 1]).toBe(-Infinity);
		expect(scores.grad[0 * 4 + 1]).toBe(0);
		const weights = layer!.weights[2]!;
		for (let t = 0; t < 4; t++) {
			const row = weights.values.subarray(t * 4, t * 4 + 4);
			expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
		}
		expect(norm(layer!.q.grad)).toBeGreaterThan(0);
	});

	it('draws the sampled letter from its own distribution, the same for the same seed', () => {
		const gpt = model();
		const a = inspectPrediction(gpt, vocab, { prefix: '', next: 'e', seed: 5 }, 0);
		const b = inspectPrediction(gpt, vocab, { prefix: '', next: 'e', seed: 5 }, 0);
		expect(a.tokens).toEqual(['◆']);
		expect(a.sampled).toBe(b.sampled);
		expect(a.sampled).toBe(new Rng(5).categorical(a.probs));
	});

	it('refuses a prefix with characters outside the vocabulary, naming hostile ones by code point', () => {
		const gpt = model();
		const inspect = (prefix: string, next = 'a') =>
			inspectPrediction(gpt, vocab, { prefix, next, seed: 1 }, 0);
		expect(() => inspect('Emma')).toThrow("Not in this model's vocabulary: “E”");
		expect(() => inspect('em\u202Ema')).toThrow("Not in this model's vocabulary: U+202E");
		expect(() => inspect('a b')).toThrow("Not in this model's vocabulary: space");
		expect(() => inspect('<script>')).toThrow(/“<”, “>”/);
		expect(() => inspect('a'.repeat(16))).toThrow('at most 15 characters');
		expect(() => inspect('em', 'ab')).toThrow(/one character of the vocabulary or ◆/);
		expect(() => inspect('em', 'É')).toThrow(/one character of the vocabulary or ◆/);
		expect(() => inspect('em', '')).toThrow(/one character of the vocabulary or ◆/);
	});
});
