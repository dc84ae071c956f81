/**
 * Causal multi-head self-attention, fused into one op, plus `causalMask` for composing it from
 * smaller ops (matmul, mul, causalMask, softmax, matmul), as the lesson does for one head.
 *
 * q, k, v are [T, C]; head h owns columns h·D … h·D + D − 1 (D = C / nHead). For each head,
 *   P = softmax(mask(Q Kᵀ / √D)),  out = P V
 * where the mask hides the future: position t attends only to s ≤ t.
 */
import { Tensor, formatShape, result } from '../tensor';
import { allocate } from '../memory';
import { address, kernelsFor } from '../wasm/calls';
import { gemm, rowMajor, transposed } from './gemm';
import { softmaxRow, softmaxRowBackward } from './softmax-row';

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
	const out = allocate(X.length);
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

/** What one head computed, handed back by `causalSelfAttention` when asked. */
export interface AttentionHead {
	/** [T, T]: q_t · k_s / √D for s ≤ t and −Infinity above the diagonal: what the softmax reads. */
	scores: Tensor;
	/** [T, T]: the softmax of each row of `scores`; 0 above the diagonal, every row sums to 1. */
	weights: Tensor;
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

/** Each head's [T, T] block of the scores S and weights P, as tensors sharing their arrays. */
function viewHeads(S: Float32Array, P: Float32Array, nHead: number, T: number): AttentionHead[] {
	const heads: AttentionHead[] = [];
	for (let h = 0; h < nHead; h++) {
		const block = (data: Float32Array) => data.subarray(h * T * T, (h + 1) * T * T);
		heads.push({
			scores: new Tensor(block(S), [T, T], false, 'attention scores'),
			weights: new Tensor(block(P), [T, T], false, 'attention weights')
		});
	}
	return heads;
}

/**
 * Fused causal multi-head self-attention of [T, C] queries, keys and values → [T, C].
 *
 * Pass an array as `heads` to also receive each head's scores and weights (pushed in head
 * order). They are the op's own arrays, not copies: read them, do not modify them. They are not
 * nodes of the graph, but when a gradient flows back through this op, its backward pass sets
 * their `.grad` to the gradient of the loss with respect to them (dZ and dP below). Without
 * `heads`, the scores are never kept.
 *
 * Each head's products are `gemm` calls on that head's columns (offset h·D, row stride C). They
 * compute the full T×T square, upper triangle included: the masked weights are exactly 0, so
 * they add nothing, and the blocked kernel on the full square is faster than a loop that skips it.
 */
export function causalSelfAttention(
	q: Tensor,
	k: Tensor,
	v: Tensor,
	nHead: number,
	heads?: AttentionHead[]
): Tensor {
	checkInputs(q, k, v, nHead);
	const T = q.shape[0]!;
	const C = q.shape[1]!;
	const D = C / nHead;
	const TT = T * T;
	const scale = 1 / Math.sqrt(D);
	const head = (data: Float32Array, h: number) => rowMajor(data, C, h * D);
	const square = (data: Float32Array, h: number) => rowMajor(data, T, h * TT);
	// P holds every head's Q Kᵀ, then (row by row, in place) its softmax weights
	const P = allocate(nHead * TT);
	const S = heads === undefined ? null : allocate(nHead * TT);
	const out = allocate(T * C);
	const kernels = kernelsFor(q.data, k.data, v.data, out, P, S);
	if (kernels !== null) {
		const [Q, K, V] = [q.data, k.data, v.data];
		kernels.attention(
			address(Q),
			address(K),
			address(V),
			address(out),
			address(P),
			address(S),
			T,
			C,
			nHead
		);
	} else {
		for (let h = 0; h < nHead; h++) {
			gemm(square(P, h), head(q.data, h), transposed(head(k.data, h)), T, D, T);
			for (let t = 0; t < T; t++) {
				const row = h * TT + t * T;
				if (S !== null) {
					for (let s = 0; s <= t; s++) S[row + s] = P[row + s]! * scale;
					S.fill(-Infinity, row + t + 1, row + T);
				}
				softmaxRow(P, P, row, t + 1, 1, scale);
				P.fill(0, row + t + 1, row + T);
			}
			// out_h = P_h V_h
			gemm(head(out, h), square(P, h), head(v.data, h), T, T, D);
		}
	}
	const kept = S === null ? null : viewHeads(S, P, nHead, T);
	if (kept !== null) for (let h = 0; h < nHead; h++) heads!.push(kept[h]!);
	return result('attention', out, [T, C], [q, k, v], (res) => () => {
		const G = res.grad!;
		// dP: gradient of the weights; dS: of the unscaled scores Q Kᵀ; dZ: of the scaled scores
		const dP = allocate(nHead * TT);
		const dS = allocate(nHead * TT);
		const dZ = S === null ? null : allocate(nHead * TT);
		const dq = q.requiresGrad ? q.grad! : null;
		const dk = k.requiresGrad ? k.grad! : null;
		const dv = v.requiresGrad ? v.grad! : null;
		const back = kernelsFor(q.data, k.data, v.data, G, P, dP, dS, dZ, dq, dk, dv);
		if (back !== null) {
			back.attentionBackward(
				address(q.data),
				address(k.data),
				address(v.data),
				address(G),
				address(P),
				address(dq),
				address(dk),
				address(dv),
				address(dP),
				address(dS),
				address(dZ),
				T,
				C,
				nHead
			);
		} else {
			for (let h = 0; h < nHead; h++) {
				// dV_h += P_hᵀ G_h
				if (v.requiresGrad) gemm(head(v.grad!, h), transposed(square(P, h)), head(G, h), T, T, D);
				if (!q.requiresGrad && !k.requiresGrad && dZ === null) continue;
				// dP_h = G_h V_hᵀ, then back through each row's softmax (which also applied the scale)
				gemm(square(dP, h), head(G, h), transposed(head(v.data, h)), T, D, T);
				for (let t = 0; t < T; t++) {
					const row = h * TT + t * T;
					softmaxRowBackward(P, dP, dS, row, t + 1, 1, scale);
					if (dZ !== null) softmaxRowBackward(P, dP, dZ, row, t + 1, 1, 1);
				}
				// dQ_h += dS_h K_h,  dK_h += dS_hᵀ Q_h
				if (q.requiresGrad) gemm(head(q.grad!, h), square(dS, h), head(k.data, h), T, T, D);
				if (k.requiresGrad) {
					gemm(head(k.grad!, h), transposed(square(dS, h)), head(q.data, h), T, T, D);
				}
			}
		}
		if (kept === null || dZ === null) return;
		for (let h = 0; h < nHead; h++) {
			kept[h]!.weights.grad = dP.subarray(h * TT, (h + 1) * TT);
			kept[h]!.scores.grad = dZ.subarray(h * TT, (h + 1) * TT);
		}
	});
}
