import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor, type Tensor } from '../tensor';
import { causalMask, causalSelfAttention, causalSelfAttentionWithWeights } from './attention';
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
		const { weights } = causalSelfAttentionWithWeights(q!, k!, v!, 4);
		expect(weights.length).toBe(4 * 5 * 5);
		for (let h = 0; h < 4; h++) {
			for (let t = 0; t < 5; t++) {
				let total = 0;
				for (let s = 0; s < 5; s++) {
					const w = weights[(h * 5 + t) * 5 + s]!;
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
