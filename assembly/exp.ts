/**
 * e^x in float32, from arithmetic alone. AssemblyScript's own Mathf.exp reads a lookup table
 * that the module would have to keep in linear memory, and this module owns none of its memory
 * (the engine's tensors start at address 64), so it brings its own: Cody and Waite's range
 * reduction and Cephes' expf polynomial, within about one unit in the last place (the
 * TypeScript kernels use Math.exp in float64; results agree to ~1e-7 relative).
 */

const LOG2E: f32 = 1.4426950408889634;
/** ln 2 split in two, so that n·LN2_HI is exact for the n that occur. */
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;

/** 2^k for −126 ≤ k ≤ 127, built from its bits. */
function pow2(k: i32): f32 {
	return reinterpret<f32>((k + 127) << 23);
}

export function expf(x: f32): f32 {
	if (x != x) return x;
	if (x > 88.72283935546875) return Infinity;
	if (x < -103.97208404541015625) return 0;
	const n = f32.nearest(x * LOG2E);
	const r = x - n * LN2_HI - n * LN2_LO;
	let p: f32 = 1.98756915e-4;
	p = p * r + 1.3981999507e-3;
	p = p * r + 8.3334519073e-3;
	p = p * r + 4.1665795894e-2;
	p = p * r + 1.6666665459e-1;
	p = p * r + 5.0000001201e-1;
	p = p * r * r + r + 1;
	// 2^n in two halves, so that results below 2^−126 come out as subnormals rather than 0
	const k = <i32>n;
	const half = k >> 1;
	return p * pow2(half) * pow2(k - half);
}
