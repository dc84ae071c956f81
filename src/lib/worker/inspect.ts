/**
 * Looks inside a trained GPT: for a sequence of token ids, every head's pre-softmax attention
 * scores q·k/√d and its softmax weights. The GPT itself returns only the weights, so this walks
 * the same forward pass with the same engine ops and the model's own parameters, and at each
 * layer also computes the scores (a matmul of the head's queries with its keys, scaled, masked,
 * then the engine's softmax). The test beside it checks the weights against GPT.forward's.
 *
 *   const layers = attentionMaps(model, [0, 5, 13, 13, 1]);
 *   layers[0][2].scores[3][1];   // query position 3 · key position 1, over √d
 *   layers[0][2].weights[3][1];  // the same pair after the softmax over row 3
 */
import {
	add,
	causalMask,
	causalSelfAttentionWithWeights,
	embedding,
	linear,
	matmul,
	mul,
	noGrad,
	relu,
	rmsnorm,
	softmax,
	tensor,
	transpose,
	type GPT,
	type Tensor
} from '$lib/engine';
import type { HeadMap } from './protocol';

/** Columns h·D … h·D + D − 1 of a [T, C] tensor, as a [T, D] tensor. */
function headColumns(x: Tensor, head: number, D: number): Tensor {
	const [T, C] = x.shape as [number, number];
	const out = new Float32Array(T * D);
	for (let t = 0; t < T; t++) {
		for (let d = 0; d < D; d++) out[t * D + d] = x.data[t * C + head * D + d]!;
	}
	return tensor(out, [T, D]);
}

function rows(data: Float32Array, T: number): number[][] {
	return Array.from({ length: T }, (_, t) => Array.from(data.subarray(t * T, (t + 1) * T)));
}

/** layers[l][h]: head h of layer l, for the ids as the model reads them (T ≤ blockSize). */
export function attentionMaps(model: GPT, ids: readonly number[]): HeadMap[][] {
	const { nHead, nEmbd, nLayer, blockSize } = model.config;
	if (ids.length < 1 || ids.length > blockSize) {
		throw new Error(`attentionMaps: needs 1 … ${blockSize} token ids, got ${ids.length}`);
	}
	const D = nEmbd / nHead;
	const p = model.stateDict();
	const T = ids.length;
	return noGrad(() => {
		const positions = Array.from({ length: T }, (_, i) => i);
		let x = add(embedding(p.wte!, ids), embedding(p.wpe!, positions));
		const layers: HeadMap[][] = [];
		for (let l = 0; l < nLayer; l++) {
			const w = (name: string) => p[`layer${l}.${name}`]!;
			const h = rmsnorm(x);
			const q = linear(h, w('attn_wq'));
			const k = linear(h, w('attn_wk'));
			const v = linear(h, w('attn_wv'));
			const heads: HeadMap[] = [];
			for (let head = 0; head < nHead; head++) {
				const scores = mul(
					matmul(headColumns(q, head, D), transpose(headColumns(k, head, D))),
					1 / Math.sqrt(D)
				);
				const weights = softmax(causalMask(scores));
				heads.push({
					weights: rows(weights.data, T),
					scores: rows(scores.data, T).map((row, t) => row.map((s, j) => (j <= t ? s : null)))
				});
			}
			layers.push(heads);
			const attn = causalSelfAttentionWithWeights(q, k, v, nHead);
			x = add(x, linear(attn.out, w('attn_wo')));
			x = add(x, linear(relu(linear(rmsnorm(x), w('mlp_fc1'))), w('mlp_fc2')));
		}
		return layers;
	});
}
