/**
 * Causal multi-head self-attention, fused into one op, plus `causalMask` for composing it from
 * smaller ops (matmul, mul, causalMask, softmax, matmul), as the lesson does for one head.
 *
 * q, k, v are [T, C]; head h owns columns h·D … h·D + D − 1 (D = C / nHead). For each head,
 *   P = softmax(mask(Q Kᵀ / √D)),  out = P V
 * where the mask hides the future: position t attends only to s ≤ t.
 */
import { Tensor, formatShape, result } from '../tensor';
import { gemm } from './gemm';

/** Scores with every entry above the diagonal (key after query) set to −Infinity. */
export function causalMask(scores: Tensor): Tensor {
	const rank = scores.shape.length;
	const T = scores.shape[rank - 1]!;
	if (rank < 2 || scores.shape[rank - 2] !== T) {
		throw new Error(
			`causalMask: needs square [..., T, T] scores, got ${formatShape(scores.shape)}`
		);
	}
	const X = scores.data;
	const out = new Float32Array(X.length);
	for (let base = 0; base < X.length; base += T * T) {
		for (let t = 0; t < T; t++) {
			for (let s = 0; s < T; s++) {
				const i = base + t * T + s;
				out[i] = s <= t ? X[i]! : -Infinity;
			}
		}
	}
	return result('causalMask', out, scores.shape, [scores], (res) => () => {
		const G = res.grad!;
		const gX = scores.grad!;
		for (let base = 0; base < X.length; base += T * T) {
			for (let t = 0; t < T; t++) {
				for (let s = 0; s <= t; s++) gX[base + t * T + s]! += G[base + t * T + s]!;
			}
		}
	});
}

export interface AttentionResult {
	/** [T, C]: the heads' outputs side by side. */
	out: Tensor;
	/** [nHead, T, T] row-major: weights[h][t][s] is how much position t attends to s (0 for s > t). */
	weights: Float32Array;
}

function checkSameShape(name: string, t: Tensor, q: Tensor): void {
	if (t.shape.length !== 2 || t.shape[0] !== q.shape[0] || t.shape[1] !== q.shape[1]) {
		throw new Error(
			`causalSelfAttention: ${name} has shape ${formatShape(t.shape)} but q has ` +
				`${formatShape(q.shape)}; q, k and v must have the same shape`
		);
	}
}

function checkInputs(q: Tensor, k: Tensor, v: Tensor, nHead: number): void {
	if (q.shape.length !== 2) {
		throw new Error(`causalSelfAttention: q must be [T, C], got ${formatShape(q.shape)}`);
	}
	checkSameShape('k', k, q);
	checkSameShape('v', v, q);
	const C = q.shape[1]!;
	if (!Number.isInteger(nHead) || nHead < 1 || C % nHead !== 0) {
		throw new Error(`causalSelfAttention: ${C} channels do not split into ${nHead} heads`);
	}
}

/**
 * Fused causal attention that also returns the attention weights (for heat maps; read them, do
 * not modify them: the backward pass uses the same array).
 *
 * Each head's products are `gemm` calls on that head's columns (a subarray starting at column
 * h·D, row stride C). They compute the full T×T square, upper triangle included: the masked
 * probabilities are exactly 0, so they add nothing, and the blocked kernel on the full square is
 * faster than a loop that skips it.
 */
export function causalSelfAttentionWithWeights(
	q: Tensor,
	k: Tensor,
	v: Tensor,
	nHead: number
): AttentionResult {
	checkInputs(q, k, v, nHead);
	const T = q.shape[0]!;
	const C = q.shape[1]!;
	const D = C / nHead;
	const scale = 1 / Math.sqrt(D);
	const P = new Float32Array(nHead * T * T);
	const out = new Float32Array(T * C);
	for (let h = 0; h < nHead; h++) {
		const hd = h * D;
		const Ph = P.subarray(h * T * T, (h + 1) * T * T);
		// scores S = Q_h K_hᵀ, into P
		gemm(Ph, q.data.subarray(hd), k.data.subarray(hd), T, D, T, C, 1, 1, C);
		// P = softmax over s ≤ t of S · scale; 0 for s > t
		for (let t = 0; t < T; t++) {
			const row = t * T;
			let max = -Infinity;
			for (let s = 0; s <= t; s++) max = Math.max(max, Ph[row + s]! * scale);
			let total = 0;
			for (let s = 0; s <= t; s++) {
				const e = Math.exp(Ph[row + s]! * scale - max);
				Ph[row + s] = e;
				total += e;
			}
			for (let s = 0; s <= t; s++) Ph[row + s]! /= total;
			for (let s = t + 1; s < T; s++) Ph[row + s] = 0;
		}
		// out_h = P V_h
		gemm(out.subarray(hd), Ph, v.data.subarray(hd), T, T, D, T, 1, C, 1, C);
	}
	const outTensor = result('attention', out, [T, C], [q, k, v], (res) => () => {
		const G = res.grad!;
		const dP = new Float32Array(T * T);
		for (let h = 0; h < nHead; h++) {
			const hd = h * D;
			const Ph = P.subarray(h * T * T, (h + 1) * T * T);
			const Gh = G.subarray(hd);
			// dV_h += Pᵀ G_h
			if (v.requiresGrad) gemm(v.grad!.subarray(hd), Ph, Gh, T, T, D, 1, T, C, 1, C);
			if (!q.requiresGrad && !k.requiresGrad) continue;
			// dP = G_h V_hᵀ, then through the softmax: dS = P (dP − Σ_s P dP) · scale, in place
			dP.fill(0);
			gemm(dP, Gh, v.data.subarray(hd), T, D, T, C, 1, 1, C);
			for (let t = 0; t < T; t++) {
				const row = t * T;
				let dot = 0;
				for (let s = 0; s <= t; s++) dot += Ph[row + s]! * dP[row + s]!;
				for (let s = 0; s <= t; s++) dP[row + s] = Ph[row + s]! * (dP[row + s]! - dot) * scale;
				for (let s = t + 1; s < T; s++) dP[row + s] = 0;
			}
			// dQ_h += dS K_h,  dK_h += dSᵀ Q_h
			if (q.requiresGrad)
				gemm(q.grad!.subarray(hd), dP, k.data.subarray(hd), T, T, D, T, 1, C, 1, C);
			if (k.requiresGrad)
				gemm(k.grad!.subarray(hd), dP, q.data.subarray(hd), T, T, D, 1, T, C, 1, C);
		}
	});
	return { out: outTensor, weights: P };
}

/** Fused causal multi-head self-attention of [T, C] queries, keys and values → [T, C]. */
export function causalSelfAttention(q: Tensor, k: Tensor, v: Tensor, nHead: number): Tensor {
	return causalSelfAttentionWithWeights(q, k, v, nHead).out;
}
