/**
 * rmsnorm over rows of C floats, four at a time: the kernel behind src/lib/engine/ops/rmsnorm.ts
 * (whose TypeScript loops are the reference). With r = (mean(x²) + ε)^(−1/2) per row, y = r·x and
 * dx = r·dy − (r³ / C)·(dy · x)·x.
 */

/** Σ of the n floats at p times the n floats at q (n a multiple of 4 handled by vectors). */
function dot(p: usize, q: usize, n: i32): f32 {
	const end = (<usize>(n & ~3)) << 2;
	let s = f32x4.splat(0);
	for (let o: usize = 0; o < end; o += 16) {
		s = f32x4.add(s, f32x4.mul(v128.load(p + o), v128.load(q + o)));
	}
	let total =
		f32x4.extract_lane(s, 0) +
		f32x4.extract_lane(s, 1) +
		(f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
	for (let o = end; o < (<usize>n) << 2; o += 4) total += load<f32>(p + o) * load<f32>(q + o);
	return total;
}

/** out = x·r row by row; each row's r goes to `scales` for the backward pass. */
export function rmsnorm(x: usize, out: usize, scales: usize, rows: i32, C: i32, eps: f32): void {
	const rowBytes = (<usize>C) << 2;
	const end = (<usize>(C & ~3)) << 2;
	for (let r = 0; r < rows; r++) {
		const px = x + <usize>r * rowBytes;
		const po = out + <usize>r * rowBytes;
		const scale: f32 = 1 / Mathf.sqrt(dot(px, px, C) / <f32>C + eps);
		store<f32>(scales + ((<usize>r) << 2), scale);
		const s = f32x4.splat(scale);
		for (let o: usize = 0; o < end; o += 16) v128.store(po + o, f32x4.mul(v128.load(px + o), s));
		for (let o = end; o < rowBytes; o += 4) store<f32>(po + o, load<f32>(px + o) * scale);
	}
}

/** gx += r·g − (r³/C)(g · x)·x, row by row. */
export function rmsnormBackward(
	x: usize,
	g: usize,
	gx: usize,
	scales: usize,
	rows: i32,
	C: i32
): void {
	const rowBytes = (<usize>C) << 2;
	const end = (<usize>(C & ~3)) << 2;
	for (let r = 0; r < rows; r++) {
		const base = <usize>r * rowBytes;
		const scale = load<f32>(scales + ((<usize>r) << 2));
		const k = (scale * scale * scale * dot(g + base, x + base, C)) / <f32>C;
		const vs = f32x4.splat(scale);
		const vk = f32x4.splat(k);
		for (let o: usize = 0; o < end; o += 16) {
			const p = base + o;
			const change = f32x4.sub(f32x4.mul(vs, v128.load(g + p)), f32x4.mul(vk, v128.load(x + p)));
			v128.store(gx + p, f32x4.add(v128.load(gx + p), change));
		}
		for (let o = end; o < rowBytes; o += 4) {
			const p = base + o;
			store<f32>(gx + p, load<f32>(gx + p) + scale * load<f32>(g + p) - k * load<f32>(x + p));
		}
	}
}
