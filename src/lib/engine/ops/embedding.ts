/**
 * embedding(weight [V,C], ids) → [T,C]: row ids[t] of the table, for each position t.
 * Backward adds each output row's gradient into the row it was copied from (a repeated id
 * collects the gradient of every position that used it).
 */
import { Tensor, formatShape, result } from '../tensor';
import { allocate } from '../memory';

export function embedding(weight: Tensor, ids: ArrayLike<number>): Tensor {
	if (weight.shape.length !== 2) {
		throw new Error(`embedding: weight must be [V, C], got shape ${formatShape(weight.shape)}`);
	}
	const V = weight.shape[0]!;
	const C = weight.shape[1]!;
	const T = ids.length;
	const rows = new Int32Array(T);
	for (let t = 0; t < T; t++) {
		const id = ids[t]!;
		if (!Number.isInteger(id) || id < 0 || id >= V) {
			throw new Error(
				`embedding: id ${id} at position ${t} is outside the table of ${V} rows; ` +
					`ids must be integers in 0 … ${V - 1} (check the tokenizer and vocabSize)`
			);
		}
		rows[t] = id;
	}
	const W = weight.data;
	const out = allocate(T * C);
	for (let t = 0; t < T; t++) {
		const src = rows[t]! * C;
		for (let c = 0; c < C; c++) out[t * C + c] = W[src + c]!;
	}
	return result('embedding', out, [T, C], [weight], (res) => () => {
		const G = res.grad!;
		const gW = weight.grad!;
		for (let t = 0; t < T; t++) {
			const src = t * C;
			const dst = rows[t]! * C;
			for (let c = 0; c < C; c++) gW[dst + c]! += G[src + c]!;
		}
	});
}
