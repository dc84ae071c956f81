/**
 * Calling the WebAssembly kernels on Float32Arrays (memory.ts explains where tensors live).
 *
 * - `gemm` takes operands from anywhere: each is passed by its address when it already lives
 *   in the memory the kernel runs on, and copied through scratch otherwise, because a product
 *   does O(n³) work on O(n²) numbers and the copy is cheap beside it.
 * - The other kernels (attention, rmsnorm, relu, sums, Adam) do as much work as there are
 *   numbers, so a copy would cost as much as the kernel saves: they run only when every array
 *   already shares one space (`kernelsFor`), as all of a training step's do, and the op uses its
 *   TypeScript loop otherwise.
 */
import { kernelStats, wasmKernels } from '../kernels';
import type { Matrix } from '../ops/gemm';
import type { AdamStep } from '../optim';
import { sharedScratch, spaceOf, type Space } from '../memory';
import type { KernelExports } from './module';

const FLOAT_BYTES = 4;

/**
 * The WebAssembly kernels, if they are the chosen set and every array given (nulls aside) lives
 * in one space, the same buffer; null means "use the TypeScript loop". Counts the call.
 */
export function kernelsFor(...arrays: (Float32Array | null)[]): KernelExports | null {
	if (!wasmKernels()) return null;
	const buffer = arrays[0]!.buffer;
	for (let i = 1; i < arrays.length; i++) {
		if (arrays[i] !== null && arrays[i]!.buffer !== buffer) return null;
	}
	const kernels = spaceOf(arrays[0]!)?.kernels() ?? null;
	if (kernels !== null) kernelStats.simdCalls++;
	return kernels;
}

/** The byte address of `data`'s first float, or 0 ("not wanted") for null. */
export function address(data: Float32Array | null): number {
	return data === null ? 0 : data.byteOffset;
}

/** How many floats from its offset a rows × cols matrix with these strides reaches. */
function extent(m: Matrix, rows: number, cols: number): number {
	return (rows - 1) * m.rowStride + (cols - 1) * m.colStride + 1;
}

/**
 * The byte address of `data[offset]` inside `space`: where it already is, or a copy of the
 * `span` floats from there in scratch. −1 when scratch is full.
 */
function place(space: Space, data: Float32Array, offset: number, span: number): number {
	if (spaceOf(data) === space) return data.byteOffset + offset * FLOAT_BYTES;
	const at = space.takeScratch(span);
	if (at < 0) return -1;
	space.floats.set(data.subarray(offset, offset + span), at);
	kernelStats.copiedFloats += span;
	return at * FLOAT_BYTES;
}

function run(
	kernels: KernelExports,
	C: Matrix,
	A: Matrix,
	B: Matrix,
	c: number,
	a: number,
	b: number,
	M: number,
	K: number,
	N: number
): void {
	kernels.gemm(
		c,
		C.rowStride,
		C.colStride,
		a,
		A.rowStride,
		A.colStride,
		b,
		B.rowStride,
		B.colStride,
		M,
		K,
		N
	);
}

/** C (M×N) += A (M×K) · B (K×N) by the SIMD kernel; see `gemm` in ops/gemm.ts. */
export function gemmWasm(
	C: Matrix,
	A: Matrix,
	B: Matrix,
	M: number,
	K: number,
	N: number
): boolean {
	if (M === 0 || N === 0 || K === 0) return true;
	const home = kernelsFor(C.data, A.data, B.data);
	if (home !== null) {
		// the training step's case: all three already in one memory
		const c = C.data.byteOffset + C.offset * FLOAT_BYTES;
		const a = A.data.byteOffset + A.offset * FLOAT_BYTES;
		const b = B.data.byteOffset + B.offset * FLOAT_BYTES;
		run(home, C, A, B, c, a, b, M, K, N);
		return true;
	}
	const spanC = extent(C, M, N);
	const spanA = extent(A, M, K);
	const spanB = extent(B, K, N);
	// run where the operands already are: C first (it is read and written), then the weights
	let space = spaceOf(C.data) ?? spaceOf(B.data) ?? spaceOf(A.data) ?? sharedScratch();
	for (let attempt = 0; attempt < 2; attempt++) {
		const kernels = space.kernels();
		if (kernels === null) return false;
		space.clearScratch();
		const c = place(space, C.data, C.offset, spanC);
		const a = c < 0 ? -1 : place(space, A.data, A.offset, spanA);
		const b = a < 0 ? -1 : place(space, B.data, B.offset, spanB);
		if (b < 0) {
			// a model's scratch is sized for its own shapes; anything bigger goes to the shared one
			space = sharedScratch();
			continue;
		}
		run(kernels, C, A, B, c, a, b, M, K, N);
		kernelStats.simdCalls++;
		if (spaceOf(C.data) !== space) {
			const from = c / FLOAT_BYTES;
			C.data.set(space.floats.subarray(from, from + spanC), C.offset);
			kernelStats.copiedFloats += spanC;
		}
		return true;
	}
	return false;
}

/** One Adam update by the SIMD kernel, when the parameter, gradient and moments share a space. */
export function adamWasm(
	p: Float32Array,
	g: Float32Array,
	m: Float32Array,
	v: Float32Array,
	s: AdamStep
): boolean {
	const kernels = kernelsFor(p, g, m, v);
	if (kernels === null) return false;
	kernels.adam(
		p.byteOffset,
		g.byteOffset,
		m.byteOffset,
		v.byteOffset,
		p.length,
		s.beta1,
		s.beta2,
		s.stepSize,
		s.invBias2Sqrt,
		s.eps,
		s.weightDecay
	);
	return true;
}
