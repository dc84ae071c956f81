/**
 * rmsnorm(x) = x / √(mean(x²) + ε) over the last dimension, with ε = 1e-5 and no gain.
 *
 * With r = (mean(x²) + ε)^(−1/2) per row of length C, y = r·x and
 *   dx = r·dy − (r³ / C) · (dy · x) · x
 * (the second term is how changing one x_j changes the scale of the whole row).
 */
import { Tensor, formatShape, result } from '../tensor';
import { allocate } from '../memory';
import { wasmKernels } from '../kernels';
import { kernelsFor } from '../wasm/calls';

export const RMSNORM_EPS = 1e-5;

export function rmsnorm(x: Tensor): Tensor {
	if (x.shape.length === 0) throw new Error('rmsnorm: needs at least one dimension, got a scalar');
	const C = x.shape[x.shape.length - 1]!;
	if (C === 0) throw new Error(`rmsnorm: last dimension is empty in ${formatShape(x.shape)}`);
	const rows = x.size / C;
	const X = x.data;
	const out = allocate(x.size);
	// each row's r, kept for the backward pass: float32, beside the data, for the SIMD kernel
	const rowScales = wasmKernels() ? allocate(rows) : null;
	const kernels = rowScales === null ? null : kernelsFor(X, out, rowScales);
	if (kernels !== null) {
		const r = rowScales!;
		kernels.rmsnorm(X.byteOffset, out.byteOffset, r.byteOffset, rows, C, RMSNORM_EPS);
		return result('rmsnorm', out, x.shape, [x], (res) => () => {
			const G = res.grad!;
			const gX = x.grad!;
			const back = kernelsFor(X, G, gX, r);
			if (back !== null) {
				back.rmsnormBackward(X.byteOffset, G.byteOffset, gX.byteOffset, r.byteOffset, rows, C);
			} else rmsnormBackward(X, G, gX, r, rows, C);
		});
	}
	const scales = new Float64Array(rows);
	for (let r = 0; r < rows; r++) {
		const base = r * C;
		let ss = 0;
		for (let c = 0; c < C; c++) ss += X[base + c]! * X[base + c]!;
		const scale = 1 / Math.sqrt(ss / C + RMSNORM_EPS);
		scales[r] = scale;
		for (let c = 0; c < C; c++) out[base + c] = X[base + c]! * scale;
	}
	return result('rmsnorm', out, x.shape, [x], (res) => () => {
		rmsnormBackward(X, res.grad!, x.grad!, scales, rows, C);
	});
}

/** gX += r·G − (r³/C)(G · X)·X, row by row: the TypeScript kernel of the backward pass. */
function rmsnormBackward(
	X: Float32Array,
	G: Float32Array,
	gX: Float32Array,
	scales: ArrayLike<number>,
	rows: number,
	C: number
): void {
	for (let r = 0; r < rows; r++) {
		const base = r * C;
		const scale = scales[r]!;
		let dot = 0;
		for (let c = 0; c < C; c++) dot += G[base + c]! * X[base + c]!;
		const k = (scale * scale * scale * dot) / C;
		for (let c = 0; c < C; c++) gX[base + c]! += scale * G[base + c]! - k * X[base + c]!;
	}
}
