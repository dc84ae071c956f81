/** reshape: the same values in the same row-major order, seen with a different shape. */
import { Tensor, formatShape, result, sizeOf, type Shape } from '../tensor';

/** One dimension may be −1, meaning "whatever makes the sizes match". */
export function reshape(x: Tensor, shape: Shape): Tensor {
	const target = shape.slice();
	const free = target.indexOf(-1);
	if (free !== -1) {
		const known = -sizeOf(target);
		if (target.indexOf(-1, free + 1) !== -1 || known === 0 || x.size % known !== 0) {
			throw new Error(`reshape: cannot infer the −1 in ${formatShape(shape)} for ${x.size} values`);
		}
		target[free] = x.size / known;
	}
	if (sizeOf(target) !== x.size) {
		throw new Error(
			`reshape: shape ${formatShape(x.shape)} (${x.size} values) cannot become ` +
				`${formatShape(shape)} (${sizeOf(target)} values)`
		);
	}
	// The data array is shared (a view), as in torch.reshape of a contiguous tensor.
	return result('reshape', x.data, target, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) gX[i]! += G[i]!;
	});
}
