import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { backpropagate, tensor, type Tensor } from '../tensor';
import { causalMask, causalSelfAttention, type AttentionHead } from './attention';
import { mul } from './binary';
import { matmul, transpose } from './matmul';
import { softmax } from './softmax';

/** One head composed from small ops, as the lesson writes it. */
function composedHead(q: Tensor, k: Tensor, v: Tensor): Tensor {
	const scores = mul(matmul(q, transpose(k)), 1 / Math.sqrt(q.shape[1]!));
	return matmul(softmax(causalMask(scores)), v);
}

describe('causal attention', () => {
	it('the first position can only attend to itself, so its output is its own value', () => {
		const rng = new Rng(110);
		const [q, k, v] = [0, 1, 2].map(() => gridTensor([4, 8], rng));
		const out = causalSelfAttention(q!, k!, v!, 2);
		for (let c = 0; c < 8; c++) expect(out.data[c]).toBeCloseTo(v!.data[c]!, 6);
	});

	it('attention weights are causal and every row sums to 1', () => {
		const rng = new Rng(111);
		const [q, k, v] = [0, 1, 2].map(() => gridTensor([5, 8], rng));
		const heads: AttentionHead[] = [];
		causalSelfAttention(q!, k!, v!, 4, heads);
		expect(heads.length).toBe(4);
		for (let h = 0; h < 4; h++) {
			expect(heads[h]!.weights.shape).toEqual([5, 5]);
			for (let t = 0; t < 5; t++) {
				let total = 0;
				for (let s = 0; s < 5; s++) {
					const w = heads[h]!.weights.data[t * 5 + s]!;
					if (s > t) expect(w).toBe(0);
					total += w;
				}
				expect(total).toBeCloseTo(1, 6);
			}
		}
	});

	it('equal keys spread attention evenly over the visible past', () => {
		const q = tensor(new Array(3 * 2).fill(1), [3, 2]);
		const k = tensor(new Array(3 * 2).fill(1), [3, 2]);
		const v = tensor([3, 0, 6, 0, 0, 9], [3, 2]);
		expect(causalSelfAttention(q, k, v, 1).toArray()).toEqual([
			[3, 0],
			[4.5, 0],
			[3, 3]
		]);
	});

	it('the fused op equals one head composed from matmul, causalMask and softmax', () => {
		const rng = new Rng(112);
		const [q, k, v] = [0, 1, 2].map(() => gridTensor([6, 4], rng));
		const fused = causalSelfAttention(q!, k!, v!, 1);
		const composed = composedHead(q!, k!, v!);
		for (let i = 0; i < fused.size; i++) expect(fused.data[i]).toBeCloseTo(composed.data[i]!, 6);
	});

	it('asking for the heads changes neither the output nor the gradients', () => {
		const rng = new Rng(115);
		const inputs = [0, 1, 2].map(() => gridTensor([5, 8], rng));
		const seed = Array.from({ length: 40 }, () => rng.normal());
		const run = (heads?: AttentionHead[]) => {
			for (const x of inputs) x.grad = null;
			const out = causalSelfAttention(inputs[0]!, inputs[1]!, inputs[2]!, 2, heads);
			backpropagate(out, seed);
			return [out.data, ...inputs.map((x) => x.grad!)].map((a) => Array.from(a));
		};
		expect(run([])).toEqual(run());
	});

	it('each head hands back q·k/√D with −∞ above the diagonal, and its softmax', () => {
		const rng = new Rng(116);
		const [q, k, v] = [0, 1, 2].map(() => gridTensor([4, 6], rng));
		const heads: AttentionHead[] = [];
		causalSelfAttention(q!, k!, v!, 2, heads);
		for (let h = 0; h < 2; h++) {
			const { scores, weights } = heads[h]!;
			for (let t = 0; t < 4; t++) {
				for (let s = 0; s < 4; s++) {
					let dot = 0;
					for (let d = 0; d < 3; d++)
						dot += q!.data[t * 6 + h * 3 + d]! * k!.data[s * 6 + h * 3 + d]!;
					const score = scores.data[t * 4 + s]!;
					if (s > t) expect(score).toBe(-Infinity);
					else expect(score).toBeCloseTo(dot / Math.sqrt(3), 5);
				}
			}
			const expected = softmax(scores).data;
			for (let i = 0; i < 16; i++) expect(weights.data[i]).toBeCloseTo(expected[i]!, 6);
		}
	});

	it('after backward, each head’s scores and weights hold the gradients a composed head gives', () => {
		const rng = new Rng(117);
		const [q, k, v] = [0, 1, 2].map(() => gridTensor([5, 3], rng));
		const seed = Array.from({ length: 15 }, () => rng.normal());
		const heads: AttentionHead[] = [];
		backpropagate(causalSelfAttention(q!, k!, v!, 1, heads), seed);

		const scores = mul(matmul(q!, transpose(k!)), 1 / Math.sqrt(3));
		const masked = causalMask(scores);
		const weights = softmax(masked);
		backpropagate(matmul(weights, v!), seed);
		const { scores: fusedScores, weights: fusedWeights } = heads[0]!;
		for (let i = 0; i < 25; i++) {
			expect(fusedWeights.grad![i]).toBeCloseTo(weights.grad![i]!, 5);
			expect(fusedScores.grad![i]).toBeCloseTo(masked.grad![i]!, 5);
		}
	});

	it('causalMask hides every key after its query', () => {
		const m = causalMask(tensor([1, 2, 3, 4], [2, 2])).toArray();
		expect(m).toEqual([
			[1, -Infinity],
			[3, 4]
		]);
	});

	it('fused multi-head attention passes gradcheck for q, k and v', () => {
		const rng = new Rng(113);
		const inputs = [0, 1, 2].map(() => gridTensor([5, 8], rng, { scale: 1.5 }));
		gradcheck((q, k, v) => causalSelfAttention(q, k, v, 2), inputs);
	});

	it('the composed head passes gradcheck', () => {
		const rng = new Rng(114);
		const inputs = [0, 1, 2].map(() => gridTensor([4, 3], rng, { scale: 1.5 }));
		gradcheck(composedHead, inputs);
	});

	it('mismatched q, k, v shapes or heads that do not divide the width are errors', () => {
		const a = tensor(new Array(8).fill(0), [2, 4]);
		const b = tensor(new Array(6).fill(0), [2, 3]);
		expect(() => causalSelfAttention(a, b, a, 1)).toThrow(/k has shape \[2,3\] but q has \[2,4\]/);
		expect(() => causalSelfAttention(a, a, a, 3)).toThrow(/4 channels do not split into 3 heads/);
	});
});
