/**
 * Elementwise kernels of the training step, four floats at a time: the ReLU and the residual
 * connection's sum, forward and backward. Every pointer is a byte address of n floats; the
 * TypeScript versions beside each op (src/lib/engine/ops/) are the reference.
 */

/** out = max(x, 0), with NaN → 0 as in the TypeScript op (`x > 0 ? x : 0`). */
export function relu(x: usize, out: usize, n: i32): void {
	const zero = f32x4.splat(0);
	const end = (<usize>(n & ~3)) << 2;
	// pmax(0, x) is `0 < x ? x : 0`, lane by lane: exactly the TypeScript op, NaN and −0 included
	for (let o: usize = 0; o < end; o += 16) v128.store(out + o, f32x4.pmax(zero, v128.load(x + o)));
	for (let o = end; o < (<usize>n) << 2; o += 4) {
		const v = load<f32>(x + o);
		store<f32>(out + o, v > 0 ? v : 0);
	}
}

/** gx += g where x > 0: the ReLU's gradient, without a branch per element. */
export function reluBackward(x: usize, g: usize, gx: usize, n: i32): void {
	const zero = f32x4.splat(0);
	const end = (<usize>(n & ~3)) << 2;
	for (let o: usize = 0; o < end; o += 16) {
		const open = f32x4.gt(v128.load(x + o), zero);
		v128.store(gx + o, f32x4.add(v128.load(gx + o), v128.and(v128.load(g + o), open)));
	}
	for (let o = end; o < (<usize>n) << 2; o += 4) {
		if (load<f32>(x + o) > 0) store<f32>(gx + o, load<f32>(gx + o) + load<f32>(g + o));
	}
}

/** out = a + b. */
export function add(a: usize, b: usize, out: usize, n: i32): void {
	const end = (<usize>(n & ~3)) << 2;
	for (let o: usize = 0; o < end; o += 16) {
		v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
	}
	for (let o = end; o < (<usize>n) << 2; o += 4) {
		store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
	}
}

/** into += g: how a sum passes its gradient to each of its terms. */
export function accumulate(g: usize, into: usize, n: i32): void {
	const end = (<usize>(n & ~3)) << 2;
	for (let o: usize = 0; o < end; o += 16) {
		v128.store(into + o, f32x4.add(v128.load(into + o), v128.load(g + o)));
	}
	for (let o = end; o < (<usize>n) << 2; o += 4) {
		store<f32>(into + o, load<f32>(into + o) + load<f32>(g + o));
	}
}
