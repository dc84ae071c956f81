/**
 * crossEntropy(logits [N,V], targets) = mean over rows of −log softmax(logits[n])[targets[n]].
 *
 * Fused: the forward keeps the probabilities p, and the gradient with respect to the logits is
 * (p − onehot(target)) / N, with no softmax or log in between to lose precision.
 */
import { Tensor, formatShape, result } from '../tensor';
import { allocate } from '../memory';
import { softmaxRow } from './softmax-row';

export function crossEntropy(logits: Tensor, targets: ArrayLike<number>): Tensor {
	if (logits.shape.length !== 2) {
		throw new Error(`crossEntropy: logits must be [N, V], got shape ${formatShape(logits.shape)}`);
	}
	const N = logits.shape[0]!;
	const V = logits.shape[1]!;
	if (targets.length !== N) {
		throw new Error(
			`crossEntropy: ${targets.length} targets for logits of shape ${formatShape(logits.shape)}; ` +
				`give one target per row (${N})`
		);
	}
	if (N === 0) throw new Error('crossEntropy: no rows to average over (N = 0)');
	// copied, so the backward pass is not changed by a caller reusing its array
	const target = new Int32Array(N);
	for (let n = 0; n < N; n++) {
		const t = targets[n]!;
		target[n] = t;
		if (!Number.isInteger(t) || t < 0 || t >= V) {
			throw new Error(`crossEntropy: target ${t} at row ${n} is not a class index in 0 … ${V - 1}`);
		}
	}
	const P = allocate(N * V);
	let loss = 0;
	for (let n = 0; n < N; n++) {
		// −log p_t = log Σ_v exp(x_v) − x_t
		loss += softmaxRow(logits.data, P, n * V, V) - logits.data[n * V + target[n]!]!;
	}
	const mean = allocate(1);
	mean[0] = loss / N;
	return result('crossEntropy', mean, [], [logits], (res) => () => {
		const scale = res.grad![0]! / N;
		const gX = logits.grad!;
		for (let n = 0; n < N; n++) {
			const row = n * V;
			for (let v = 0; v < V; v++) gX[row + v]! += P[row + v]! * scale;
			gX[row + target[n]!]! -= scale;
		}
	});
}
