/**
 * The numerically stable softmax of one row, on raw Float32Arrays (no Tensors): the loop behind
 * softmax, logSoftmax, crossEntropy, attention and sampling, written once.
 *
 * A row is n values x[from], x[from + stride], … (stride > 1 reads a column of a wider matrix).
 * Subtracting the row's maximum before exponentiating changes nothing mathematically,
 * softmax(x) = softmax(x − max x), and keeps exp from overflowing: logits of ±1e4 give exact
 * probabilities instead of Infinity/NaN. A row that is entirely −Infinity has no probabilities
 * to give and comes out NaN.
 *
 *   const lse = softmaxRow(logits, probs, 0, 27);   // probs[0 … 26], summing to 1
 *   softmaxRow(scores, scores, t * T, t + 1, 1, 1 / Math.sqrt(D));   // in place, scaled
 */

/**
 * Writes y_k = exp(s·x_k − m) / Σ_j exp(s·x_j − m), with m = max_j s·x_j and s = `scale`, at the
 * row's positions in `y` (which may be `x` itself). Returns log Σ_j exp(s·x_j), the log of the
 * normaliser, so that log y_k = s·x_k − returned value.
 */
export function softmaxRow(
	x: Float32Array,
	/** Where the probabilities go: the row's positions only (may be `x` itself). */
	y: Float32Array,
	/** Index of the row's first value; the row is n values, `stride` apart. */
	from: number,
	n: number,
	stride = 1,
	/** s above: what the row is multiplied by first (1/√D in attention, 1/temperature). */
	scale = 1
): number {
	const end = from + n * stride;
	let max = -Infinity;
	for (let i = from; i < end; i += stride) max = Math.max(max, x[i]! * scale);
	let total = 0;
	for (let i = from; i < end; i += stride) {
		const e = Math.exp(x[i]! * scale - max);
		y[i] = e;
		total += e;
	}
	for (let i = from; i < end; i += stride) y[i]! /= total;
	return max + Math.log(total);
}

/**
 * The softmax's local gradient for one row laid out as in `softmaxRow`: given its output y and
 * the gradient g of the loss with respect to y, adds
 *   dx_k = s · y_k (g_k − Σ_j g_j y_j)
 * into `dx` (which must not be `g`: it accumulates).
 */
export function softmaxRowBackward(
	y: Float32Array,
	g: Float32Array,
	dx: Float32Array,
	from: number,
	n: number,
	stride: number,
	scale: number
): void {
	const end = from + n * stride;
	let dot = 0;
	for (let i = from; i < end; i += stride) dot += g[i]! * y[i]!;
	for (let i = from; i < end; i += stride) dx[i]! += y[i]! * (g[i]! - dot) * scale;
}
