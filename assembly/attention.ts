/**
 * Causal multi-head self-attention, forward and backward, in one call each: the kernel behind
 * src/lib/engine/ops/attention.ts (whose TypeScript version is the reference, step for step).
 * q, k, v, out and their gradients are [T, C] with head h in columns h·D … h·D + D − 1; P, S, dP,
 * dS and dZ hold one T×T square per head. A pointer of 0 means "not wanted".
 */
import { expf } from './exp';
import { gemm } from './gemm';

/** y = softmax(scale·x) over the n floats at x, written to y (which may be x). */
function softmaxRow(x: usize, y: usize, n: i32, scale: f32): void {
	const end = (<usize>n) << 2;
	let max: f32 = -Infinity;
	for (let o: usize = 0; o < end; o += 4) max = Mathf.max(max, load<f32>(x + o) * scale);
	let total: f32 = 0;
	for (let o: usize = 0; o < end; o += 4) {
		const e = expf(load<f32>(x + o) * scale - max);
		store<f32>(y + o, e);
		total += e;
	}
	for (let o: usize = 0; o < end; o += 4) store<f32>(y + o, load<f32>(y + o) / total);
}

/** dx += scale · y (g − Σ g·y) over n floats: the softmax's local gradient. */
function softmaxRowBackward(y: usize, g: usize, dx: usize, n: i32, scale: f32): void {
	const end = (<usize>n) << 2;
	let dot: f32 = 0;
	for (let o: usize = 0; o < end; o += 4) dot += load<f32>(g + o) * load<f32>(y + o);
	for (let o: usize = 0; o < end; o += 4) {
		store<f32>(dx + o, load<f32>(dx + o) + load<f32>(y + o) * (load<f32>(g + o) - dot) * scale);
	}
}

/**
 * out += softmax(mask(Q_h K_hᵀ / √D)) V_h for every head h; P receives the weights (0 above the
 * diagonal) and, unless S is 0, S the scaled scores (−∞ above the diagonal). P must start at 0.
 */
export function attention(
	q: usize,
	k: usize,
	v: usize,
	out: usize,
	P: usize,
	S: usize,
	T: i32,
	C: i32,
	nHead: i32
): void {
	const D = C / nHead;
	const TT = T * T;
	const scale: f32 = 1 / Mathf.sqrt(<f32>D);
	for (let h = 0; h < nHead; h++) {
		const column = (<usize>(h * D)) << 2;
		const square = (<usize>(h * TT)) << 2;
		gemm(P + square, T, 1, q + column, C, 1, k + column, 1, C, T, D, T);
		for (let t = 0; t < T; t++) {
			const row = square + ((<usize>(t * T)) << 2);
			if (S != 0) {
				for (let s = 0; s < T; s++) {
					const o = row + ((<usize>s) << 2);
					store<f32>(S + o, s <= t ? load<f32>(P + o) * scale : -Infinity);
				}
			}
			softmaxRow(P + row, P + row, t + 1, scale);
			for (let s = t + 1; s < T; s++) store<f32>(P + row + ((<usize>s) << 2), 0);
		}
		gemm(out + column, C, 1, P + square, T, 1, v + column, C, 1, T, T, D);
	}
}

/**
 * The gradients of `attention` given G, the gradient of its output: adds into dq, dk, dv (each
 * skipped when 0) and writes dS (of the unscaled scores) and, unless 0, dZ (of the scaled
 * scores); dP receives the gradient of the weights. dP, dS and dZ must start at 0.
 */
export function attentionBackward(
	q: usize,
	k: usize,
	v: usize,
	G: usize,
	P: usize,
	dq: usize,
	dk: usize,
	dv: usize,
	dP: usize,
	dS: usize,
	dZ: usize,
	T: i32,
	C: i32,
	nHead: i32
): void {
	const D = C / nHead;
	const TT = T * T;
	const scale: f32 = 1 / Mathf.sqrt(<f32>D);
	for (let h = 0; h < nHead; h++) {
		const column = (<usize>(h * D)) << 2;
		const square = (<usize>(h * TT)) << 2;
		// dV_h += P_hᵀ G_h
		if (dv != 0) gemm(dv + column, C, 1, P + square, 1, T, G + column, C, 1, T, T, D);
		if (dq == 0 && dk == 0 && dZ == 0) continue;
		// dP_h = G_h V_hᵀ, then back through each row's softmax (which also applied the scale)
		gemm(dP + square, T, 1, G + column, C, 1, v + column, 1, C, T, D, T);
		for (let t = 0; t < T; t++) {
			const row = square + ((<usize>(t * T)) << 2);
			softmaxRowBackward(P + row, dP + row, dS + row, t + 1, scale);
			if (dZ != 0) softmaxRowBackward(P + row, dP + row, dZ + row, t + 1, 1);
		}
		// dQ_h += dS_h K_h,  dK_h += dS_hᵀ Q_h
		if (dq != 0) gemm(dq + column, C, 1, dS + square, T, 1, k + column, C, 1, T, T, D);
		if (dk != 0) gemm(dk + column, C, 1, dS + square, 1, T, q + column, C, 1, T, T, D);
	}
}
