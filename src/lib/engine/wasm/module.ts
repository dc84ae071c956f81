/**
 * The engine's WebAssembly kernels (AssemblyScript in assembly/, compiled by
 * scripts/build-kernels.mjs): the compiled module, and an instance of it on any memory.
 *
 * The bytes ship inside the JavaScript (base64, about 7 KB), so the module compiles
 * synchronously on first use, in node, in a worker and on the page alike, and the engine's API
 * stays synchronous. Where it cannot compile (no WebAssembly, no 128-bit SIMD, or a
 * Content-Security-Policy without 'wasm-unsafe-eval'), `kernelModule()` is null and the engine
 * keeps to its TypeScript kernels.
 *
 *   const module = kernelModule();
 *   const kernels = module && instantiate(module, memory);
 *   kernels?.gemm(c, cRow, cCol, a, aRow, aK, b, bK, bCol, M, K, N);   // byte addresses
 */
import { KERNELS_WASM } from './kernels.generated.js';

/** What assembly/index.ts exports. Pointers are byte addresses; strides count floats. */
export interface KernelExports {
	/** C (M×N) += A (M×K)·B (K×N); entry (i, j) of X at x + 4·(i·xRow + j·xCol). */
	gemm(
		c: number,
		cRow: number,
		cCol: number,
		a: number,
		aRow: number,
		aK: number,
		b: number,
		bK: number,
		bCol: number,
		M: number,
		K: number,
		N: number
	): void;
	/** Causal self-attention of [T, C] q, k, v into out; P gets the weights, S (unless 0) the scores. */
	attention(
		q: number,
		k: number,
		v: number,
		out: number,
		P: number,
		S: number,
		T: number,
		C: number,
		nHead: number
	): void;
	/** Its gradients (assembly/attention.ts); a gradient pointer of 0 is skipped. */
	attentionBackward(
		q: number,
		k: number,
		v: number,
		G: number,
		P: number,
		dq: number,
		dk: number,
		dv: number,
		dP: number,
		dS: number,
		dZ: number,
		T: number,
		C: number,
		nHead: number
	): void;
	/** rmsnorm of rows × C floats; each row's scale goes to `scales`. */
	rmsnorm(x: number, out: number, scales: number, rows: number, C: number, eps: number): void;
	rmsnormBackward(x: number, g: number, gx: number, scales: number, rows: number, C: number): void;
	/** out = max(x, 0) over n floats. */
	relu(x: number, out: number, n: number): void;
	/** gx += g where x > 0. */
	reluBackward(x: number, g: number, gx: number, n: number): void;
	/** out = a + b over n floats. */
	add(a: number, b: number, out: number, n: number): void;
	/** into += g over n floats. */
	accumulate(g: number, into: number, n: number): void;
	/** One Adam update of n parameters (assembly/adam.ts has the rule). */
	adam(
		p: number,
		g: number,
		m: number,
		v: number,
		n: number,
		beta1: number,
		beta2: number,
		stepSize: number,
		invBias2Sqrt: number,
		eps: number,
		weightDecay: number
	): void;
	/** The SIMD peak loop the bench times: `iterations` × 112 flops. */
	simdPeak(iterations: number): number;
}

/** Flops of one iteration of `simdPeak` (14 chains × 4 lanes × a multiply and an add). */
export const SIMD_PEAK_FLOPS_PER_ITERATION = 112;

let compiled: WebAssembly.Module | null | undefined;

function decode(base64: string): Uint8Array<ArrayBuffer> {
	const text = atob(base64);
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

/** The compiled kernels, or null where WebAssembly with SIMD cannot run here. Compiled once. */
export function kernelModule(): WebAssembly.Module | null {
	if (compiled === undefined) {
		try {
			compiled = new WebAssembly.Module(decode(KERNELS_WASM));
		} catch {
			// No WebAssembly, no SIMD (the module uses it throughout, so it fails validation), or a
			// CSP that refuses compilation: all mean the same here, the TypeScript kernels run.
			compiled = null;
		}
	}
	return compiled;
}

/** An instance of the kernels working on `memory`. */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
	return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}
