/**
 * Causal multi-head self-attention, fused into one op, plus `causalMask` for composing it from
 * smaller ops (matmul, mul, causalMask, softmax, matmul), as the lesson does for one head.
 *
 * q, k, v are [T, C]; head h owns columns h·D … h·D + D − 1 (D = C / nHead). For each head,
 *   P = softmax(mask(Q Kᵀ / √D)),  out = P V
 * where the mask hides the future: position t attends only to s ≤ t.
 */
import { Tensor, formatShape, result } from '../tensor';

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

function checkInputs(q: Tensor, k: Tensor, v: Tensor, nHead: number): [number, number] {
	if (q.shape.length !== 2) {
		throw new Error(`causalSelfAttention: q must be [T, C], got ${formatShape(q.shape)}`);
	}
	for (const [name, t] of [
		['k', k],
		['v', v]
	] as const) {
		if (t.shape.length !== 2 || t.shape[0] !== q.shape[0] || t.shape[1] !== q.shape[1]) {
			throw new Error(
				`causalSelfAttention: ${name} has shape ${formatShape(t.shape)} but q has ` +
					`${formatShape(q.shape)}; q, k and v must have the same shape`
			);
		}
	}
	const [T, C] = q.shape as [number, number];
	if (!Number.isInteger(nHead) || nHead < 1 || C % nHead !== 0) {
		throw new Error(`causalSelfAttention: ${C} channels do not split into ${nHead} heads`);
	}
	return [T, C];
}

/** Fused causal attention that also returns the attention weights (for heat maps). */
export function causalSelfAttentionWithWeights(
	q: Tensor,
	k: Tensor,
	v: Tensor,
	nHead: number
): AttentionResult {
	const [T, C] = checkInputs(q, k, v, nHead);
	const D = C / nHead;
	const scale = 1 / Math.sqrt(D);
	const Q = q.data;
	const K = k.data;
	const Vd = v.data;
	const P = new Float32Array(nHead * T * T);
	const out = new Float32Array(T * C);
	for (let h = 0; h < nHead; h++) {
		const hd = h * D;
		for (let t = 0; t < T; t++) {
			const row = (h * T + t) * T;
			const qo = t * C + hd;
			let max = -Infinity;
			for (let s = 0; s <= t; s++) {
				const ko = s * C + hd;
				let dot = 0;
				for (let d = 0; d < D; d++) dot += Q[qo + d]! * K[ko + d]!;
				dot *= scale;
				P[row + s] = dot;
				if (dot > max) max = dot;
			}
			let total = 0;
			for (let s = 0; s <= t; s++) {
				const e = Math.exp(P[row + s]! - max);
				P[row + s] = e;
				total += e;
			}
			const inv = 1 / total;
			for (let s = 0; s <= t; s++) {
				const p = P[row + s]! * inv;
				P[row + s] = p;
				const vo = s * C + hd;
				for (let d = 0; d < D; d++) out[qo + d]! += p * Vd[vo + d]!;
			}
		}
	}
	const outTensor = result('attention', out, [T, C], [q, k, v], (res) => () => {
		const G = res.grad!;
		const gQ = q.requiresGrad ? q.grad! : null;
		const gK = k.requiresGrad ? k.grad! : null;
		const gV = v.requiresGrad ? v.grad! : null;
		const dP = new Float64Array(T);
		for (let h = 0; h < nHead; h++) {
			const hd = h * D;
			for (let t = 0; t < T; t++) {
				const row = (h * T + t) * T;
				const go = t * C + hd;
				// dP[s] = g_t · v_s, and v_s receives p_ts · g_t
				let dot = 0;
				for (let s = 0; s <= t; s++) {
					const vo = s * C + hd;
					const p = P[row + s]!;
					let acc = 0;
					for (let d = 0; d < D; d++) {
						const g = G[go + d]!;
						acc += g * Vd[vo + d]!;
						if (gV !== null) gV[vo + d]! += p * g;
					}
					dP[s] = acc;
					dot += p * acc;
				}
				// Through the softmax: dScore_s = p_s (dP_s − Σ p dP), then through q·k·scale.
				for (let s = 0; s <= t; s++) {
					const dS = P[row + s]! * (dP[s]! - dot) * scale;
					if (dS === 0) continue;
					const ko = s * C + hd;
					for (let d = 0; d < D; d++) {
						if (gQ !== null) gQ[go + d]! += dS * K[ko + d]!;
						if (gK !== null) gK[ko + d]! += dS * Q[go + d]!;
					}
				}
			}
		}
	});
	return { out: outTensor, weights: P };
}

/** Fused causal multi-head self-attention of [T, C] queries, keys and values → [T, C]. */
export function causalSelfAttention(q: Tensor, k: Tensor, v: Tensor, nHead: number): Tensor {
	return causalSelfAttentionWithWeights(q, k, v, nHead).out;
}
