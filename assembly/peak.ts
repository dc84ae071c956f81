/**
 * The machine's 128-bit SIMD peak for this kind of code, as `npm run bench` measures it: 14
 * independent chains of x ← x·m + d on four float32 lanes each, so that no step waits for the
 * one before it and the loop is limited only by how many vector multiplies and adds the core
 * can start per cycle. Each iteration is 14 × 4 × 2 = 112 flops.
 */
export function simdPeak(iterations: i32): f32 {
	const m = f32x4.splat(0.9999999);
	const d = f32x4.splat(1e-7);
	let x0 = f32x4.splat(1);
	let x1 = f32x4.splat(2);
	let x2 = f32x4.splat(3);
	let x3 = f32x4.splat(4);
	let x4 = f32x4.splat(5);
	let x5 = f32x4.splat(6);
	let x6 = f32x4.splat(7);
	let x7 = f32x4.splat(8);
	let x8 = f32x4.splat(9);
	let x9 = f32x4.splat(10);
	let x10 = f32x4.splat(11);
	let x11 = f32x4.splat(12);
	let x12 = f32x4.splat(13);
	let x13 = f32x4.splat(14);
	for (let i = 0; i < iterations; i++) {
		x0 = f32x4.add(f32x4.mul(x0, m), d);
		x1 = f32x4.add(f32x4.mul(x1, m), d);
		x2 = f32x4.add(f32x4.mul(x2, m), d);
		x3 = f32x4.add(f32x4.mul(x3, m), d);
		x4 = f32x4.add(f32x4.mul(x4, m), d);
		x5 = f32x4.add(f32x4.mul(x5, m), d);
		x6 = f32x4.add(f32x4.mul(x6, m), d);
		x7 = f32x4.add(f32x4.mul(x7, m), d);
		x8 = f32x4.add(f32x4.mul(x8, m), d);
		x9 = f32x4.add(f32x4.mul(x9, m), d);
		x10 = f32x4.add(f32x4.mul(x10, m), d);
		x11 = f32x4.add(f32x4.mul(x11, m), d);
		x12 = f32x4.add(f32x4.mul(x12, m), d);
		x13 = f32x4.add(f32x4.mul(x13, m), d);
	}
	// every chain feeds the result, so none of them can be optimised away
	const a = f32x4.add(f32x4.add(f32x4.add(x0, x1), f32x4.add(x2, x3)), f32x4.add(x4, x5));
	const b = f32x4.add(f32x4.add(f32x4.add(x6, x7), f32x4.add(x8, x9)), f32x4.add(x10, x11));
	return f32x4.extract_lane(f32x4.add(f32x4.add(a, b), f32x4.add(x12, x13)), 0);
}
