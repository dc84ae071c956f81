/**
 * Reductions: sum and mean, over every element or along one axis.
 *
 * Along an axis the tensor is seen as [outer, n, inner] (n = the axis length), so element
 * (o, k, i) sits at (o·n + k)·inner + i and the result is [outer, inner].
 */
import { Tensor, formatShape, result, sizeOf, type Shape } from '../tensor';
import { allocate } from '../memory';

export interface ReduceOptions {
	/** Keep the reduced axis with length 1 (so the result broadcasts against the input). */
	keepDim?: boolean;
}

export function normaliseAxis(name: string, shape: Shape, axis: number): number {
	const rank = shape.length;
	const a = axis < 0 ? axis + rank : axis;
	if (!Number.isInteger(axis) || a < 0 || a >= rank) {
		throw new Error(
			`${name}: axis ${axis} is out of range for shape ${formatShape(shape)} ` +
				`(use ${-rank} … ${rank - 1})`
		);
	}
	return a;
}

function reduce(
	name: 'sum' | 'mean',
	x: Tensor,
	axis?: number,
	options: ReduceOptions = {}
): Tensor {
	const X = x.data;
	if (axis === undefined) {
		let s = 0;
		for (let i = 0; i < X.length; i++) s += X[i]!;
		const scale = name === 'mean' ? 1 / X.length : 1;
		const shape = options.keepDim ? x.shape.map(() => 1) : [];
		const total = allocate(1);
		total[0] = s * scale;
		return result(name, total, shape, [x], (res) => () => {
			const g = res.grad![0]! * scale;
			const gX = x.grad!;
			for (let i = 0; i < gX.length; i++) gX[i]! += g;
		});
	}
	const ax = normaliseAxis(name, x.shape, axis);
	const n = x.shape[ax]!;
	const outer = sizeOf(x.shape.slice(0, ax));
	const inner = sizeOf(x.shape.slice(ax + 1));
	const scale = name === 'mean' ? 1 / n : 1;
	const shape = options.keepDim
		? x.shape.map((d, i) => (i === ax ? 1 : d))
		: x.shape.filter((_, i) => i !== ax);
	const out = allocate(outer * inner);
	for (let o = 0; o < outer; o++) {
		for (let k = 0; k < n; k++) {
			const base = (o * n + k) * inner;
			for (let i = 0; i < inner; i++) out[o * inner + i]! += X[base + i]!;
		}
	}
	if (scale !== 1) for (let i = 0; i < out.length; i++) out[i]! *= scale;
	return result(name, out, shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let o = 0; o < outer; o++) {
			for (let k = 0; k < n; k++) {
				const base = (o * n + k) * inner;
				for (let i = 0; i < inner; i++) gX[base + i]! += G[o * inner + i]! * scale;
			}
		}
	});
}

/** Sum of all elements (shape []), or along one axis (negative axes count from the end). */
export function sum(x: Tensor, axis?: number, options?: ReduceOptions): Tensor {
	return reduce('sum', x, axis, options);
}

/** Mean of all elements (shape []), or along one axis. */
export function mean(x: Tensor, axis?: number, options?: ReduceOptions): Tensor {
	return reduce('mean', x, axis, options);
}
