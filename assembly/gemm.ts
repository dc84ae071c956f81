/**
 * The engine's matrix product in 128-bit SIMD: C (M×N) += A (M×K) · B (K×N), where entry (i, j)
 * of each operand sits at `pointer + 4·(i·rowStride + j·colStride)` bytes, exactly as a `Matrix`
 * in src/lib/engine/ops/gemm.ts describes it. One entry point serves every layout the engine
 * uses, each by the loop that suits its memory order:
 *
 *   B and C stored by rows (A·B, Aᵀ·B, P·V, dSᵀ·Q)   gemmRows: 4 rows × 8 columns of C at a time,
 *                                                    each A value broadcast against B's row
 *   A and B stored along k (A·Bᵀ, Q·Kᵀ, G·Vᵀ)         gemmDots: 2 rows × 4 columns of C, as dot
 *                                                    products four k at a time
 *   anything else                                    gemmAny: one entry at a time
 *
 * WebAssembly's baseline SIMD has no fused multiply-add, so each step is a multiply and an add,
 * rounded in float32 like the TypeScript kernel's stores (its sums are float64; results agree
 * to about 1e-6 of the largest entry).
 */

export function gemm(
	c: usize,
	cRow: i32,
	cCol: i32,
	a: usize,
	aRow: i32,
	aK: i32,
	b: usize,
	bK: i32,
	bCol: i32,
	M: i32,
	K: i32,
	N: i32
): void {
	if (bCol == 1 && cCol == 1) gemmRows(c, cRow, a, aRow, aK, b, bK, M, K, N);
	else if (aK == 1 && bK == 1) gemmDots(c, cRow, cCol, a, aRow, b, bCol, M, K, N);
	else gemmAny(c, cRow, cCol, a, aRow, aK, b, bK, bCol, M, K, N);
}

/** Adds `sum` into the four floats at `p`. */
function addTo(p: usize, sum: v128): void {
	v128.store(p, f32x4.add(v128.load(p), sum));
}

/**
 * B's and C's rows are contiguous. A 4×8 tile of C lives in eight registers while k runs: each
 * step loads two vectors of B's row k and broadcasts four values of A's column k, so every load
 * feeds four or two multiply-adds. Leftovers: a 4-wide column strip, then single columns; single
 * rows below the last full tile.
 */
function gemmRows(
	c: usize,
	cRow: i32,
	a: usize,
	aRow: i32,
	aK: i32,
	b: usize,
	bK: i32,
	M: i32,
	K: i32,
	N: i32
): void {
	const cr = (<usize>cRow) << 2;
	const ar = (<usize>aRow) << 2;
	const ak = (<usize>aK) << 2;
	const bk = (<usize>bK) << 2;
	let j = 0;
	// B's 8-column panel (K × 32 bytes) stays in L1 while every row tile of A streams past it
	for (; j + 8 <= N; j += 8) {
		const bj = b + ((<usize>j) << 2);
		const cj = c + ((<usize>j) << 2);
		let i = 0;
		for (; i + 4 <= M; i += 4) {
			let pa = a + <usize>i * ar;
			let pb = bj;
			let c00 = f32x4.splat(0);
			let c01 = f32x4.splat(0);
			let c10 = f32x4.splat(0);
			let c11 = f32x4.splat(0);
			let c20 = f32x4.splat(0);
			let c21 = f32x4.splat(0);
			let c30 = f32x4.splat(0);
			let c31 = f32x4.splat(0);
			for (let k = 0; k < K; k++) {
				const b0 = v128.load(pb);
				const b1 = v128.load(pb, 16);
				let x = v128.load32_splat(pa);
				c00 = f32x4.add(c00, f32x4.mul(x, b0));
				c01 = f32x4.add(c01, f32x4.mul(x, b1));
				x = v128.load32_splat(pa + ar);
				c10 = f32x4.add(c10, f32x4.mul(x, b0));
				c11 = f32x4.add(c11, f32x4.mul(x, b1));
				x = v128.load32_splat(pa + 2 * ar);
				c20 = f32x4.add(c20, f32x4.mul(x, b0));
				c21 = f32x4.add(c21, f32x4.mul(x, b1));
				x = v128.load32_splat(pa + 3 * ar);
				c30 = f32x4.add(c30, f32x4.mul(x, b0));
				c31 = f32x4.add(c31, f32x4.mul(x, b1));
				pa += ak;
				pb += bk;
			}
			let pc = cj + <usize>i * cr;
			addTo(pc, c00);
			addTo(pc + 16, c01);
			pc += cr;
			addTo(pc, c10);
			addTo(pc + 16, c11);
			pc += cr;
			addTo(pc, c20);
			addTo(pc + 16, c21);
			pc += cr;
			addTo(pc, c30);
			addTo(pc + 16, c31);
		}
		for (; i < M; i++) {
			let pa = a + <usize>i * ar;
			let pb = bj;
			let c0 = f32x4.splat(0);
			let c1 = f32x4.splat(0);
			for (let k = 0; k < K; k++) {
				const x = v128.load32_splat(pa);
				c0 = f32x4.add(c0, f32x4.mul(x, v128.load(pb)));
				c1 = f32x4.add(c1, f32x4.mul(x, v128.load(pb, 16)));
				pa += ak;
				pb += bk;
			}
			const pc = cj + <usize>i * cr;
			addTo(pc, c0);
			addTo(pc + 16, c1);
		}
	}
	if (j + 4 <= N) {
		const bj = b + ((<usize>j) << 2);
		const cj = c + ((<usize>j) << 2);
		let i = 0;
		for (; i + 4 <= M; i += 4) {
			let pa = a + <usize>i * ar;
			let pb = bj;
			let c0 = f32x4.splat(0);
			let c1 = f32x4.splat(0);
			let c2 = f32x4.splat(0);
			let c3 = f32x4.splat(0);
			for (let k = 0; k < K; k++) {
				const w = v128.load(pb);
				c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(pa), w));
				c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(pa + ar), w));
				c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(pa + 2 * ar), w));
				c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(pa + 3 * ar), w));
				pa += ak;
				pb += bk;
			}
			const pc = cj + <usize>i * cr;
			addTo(pc, c0);
			addTo(pc + cr, c1);
			addTo(pc + 2 * cr, c2);
			addTo(pc + 3 * cr, c3);
		}
		for (; i < M; i++) {
			let pa = a + <usize>i * ar;
			let pb = bj;
			let c0 = f32x4.splat(0);
			for (let k = 0; k < K; k++) {
				c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
				pa += ak;
				pb += bk;
			}
			addTo(cj + <usize>i * cr, c0);
		}
		j += 4;
	}
	for (; j < N; j++) {
		for (let i = 0; i < M; i++) {
			let pa = a + <usize>i * ar;
			let pb = b + ((<usize>j) << 2);
			let s: f32 = 0;
			for (let k = 0; k < K; k++) {
				s += load<f32>(pa) * load<f32>(pb);
				pa += ak;
				pb += bk;
			}
			const pc = c + <usize>i * cr + ((<usize>j) << 2);
			store<f32>(pc, load<f32>(pc) + s);
		}
	}
}

/** The four lanes of each of x0 … x3 summed: [Σx0, Σx1, Σx2, Σx3]. */
function sums4(x0: v128, x1: v128, x2: v128, x3: v128): v128 {
	const lo = f32x4.add(
		v128.shuffle<f32>(x0, x1, 0, 4, 1, 5),
		v128.shuffle<f32>(x0, x1, 2, 6, 3, 7)
	);
	const hi = f32x4.add(
		v128.shuffle<f32>(x2, x3, 0, 4, 1, 5),
		v128.shuffle<f32>(x2, x3, 2, 6, 3, 7)
	);
	return f32x4.add(v128.shuffle<f32>(lo, hi, 0, 1, 4, 5), v128.shuffle<f32>(lo, hi, 2, 3, 6, 7));
}

/** The four lanes of x summed. */
function sum1(x: v128): f32 {
	return (
		f32x4.extract_lane(x, 0) +
		f32x4.extract_lane(x, 1) +
		(f32x4.extract_lane(x, 2) + f32x4.extract_lane(x, 3))
	);
}

/** Σ over the k < K not covered by whole vectors (K mod 4 of them). */
function tailDot(pa: usize, pb: usize, from: i32, K: i32): f32 {
	let s: f32 = 0;
	for (let k = from; k < K; k++) {
		const o = (<usize>k) << 2;
		s += load<f32>(pa + o) * load<f32>(pb + o);
	}
	return s;
}

/** Adds the lanes of `sums` into C(i, j … j+3), four entries `step` bytes apart. */
function addLanes(pc: usize, step: usize, sums: v128): void {
	store<f32>(pc, load<f32>(pc) + f32x4.extract_lane(sums, 0));
	store<f32>(pc + step, load<f32>(pc + step) + f32x4.extract_lane(sums, 1));
	store<f32>(pc + 2 * step, load<f32>(pc + 2 * step) + f32x4.extract_lane(sums, 2));
	store<f32>(pc + 3 * step, load<f32>(pc + 3 * step) + f32x4.extract_lane(sums, 3));
}

/**
 * A's rows and B's columns are contiguous along k: C(i, j) is the dot product of two runs of K
 * floats. A 2×4 tile keeps eight vector partial sums (each four k apart), folded into lanes at
 * the end; K mod 4 leftovers are added one by one.
 */
function gemmDots(
	c: usize,
	cRow: i32,
	cCol: i32,
	a: usize,
	aRow: i32,
	b: usize,
	bCol: i32,
	M: i32,
	K: i32,
	N: i32
): void {
	const cr = (<usize>cRow) << 2;
	const cc = (<usize>cCol) << 2;
	const ar = (<usize>aRow) << 2;
	const bc = (<usize>bCol) << 2;
	const K4 = K & ~3;
	let i = 0;
	for (; i + 2 <= M; i += 2) {
		const a0 = a + <usize>i * ar;
		const a1 = a0 + ar;
		let j = 0;
		for (; j + 4 <= N; j += 4) {
			const b0 = b + <usize>j * bc;
			const b1 = b0 + bc;
			const b2 = b1 + bc;
			const b3 = b2 + bc;
			let s00 = f32x4.splat(0);
			let s01 = f32x4.splat(0);
			let s02 = f32x4.splat(0);
			let s03 = f32x4.splat(0);
			let s10 = f32x4.splat(0);
			let s11 = f32x4.splat(0);
			let s12 = f32x4.splat(0);
			let s13 = f32x4.splat(0);
			for (let o: usize = 0; o < (<usize>K4) << 2; o += 16) {
				const x0 = v128.load(a0 + o);
				const x1 = v128.load(a1 + o);
				let w = v128.load(b0 + o);
				s00 = f32x4.add(s00, f32x4.mul(x0, w));
				s10 = f32x4.add(s10, f32x4.mul(x1, w));
				w = v128.load(b1 + o);
				s01 = f32x4.add(s01, f32x4.mul(x0, w));
				s11 = f32x4.add(s11, f32x4.mul(x1, w));
				w = v128.load(b2 + o);
				s02 = f32x4.add(s02, f32x4.mul(x0, w));
				s12 = f32x4.add(s12, f32x4.mul(x1, w));
				w = v128.load(b3 + o);
				s03 = f32x4.add(s03, f32x4.mul(x0, w));
				s13 = f32x4.add(s13, f32x4.mul(x1, w));
			}
			let r0 = sums4(s00, s01, s02, s03);
			let r1 = sums4(s10, s11, s12, s13);
			if (K4 < K) {
				r0 = f32x4.add(
					r0,
					f32x4.replace_lane(
						f32x4.replace_lane(
							f32x4.replace_lane(f32x4.splat(tailDot(a0, b0, K4, K)), 1, tailDot(a0, b1, K4, K)),
							2,
							tailDot(a0, b2, K4, K)
						),
						3,
						tailDot(a0, b3, K4, K)
					)
				);
				r1 = f32x4.add(
					r1,
					f32x4.replace_lane(
						f32x4.replace_lane(
							f32x4.replace_lane(f32x4.splat(tailDot(a1, b0, K4, K)), 1, tailDot(a1, b1, K4, K)),
							2,
							tailDot(a1, b2, K4, K)
						),
						3,
						tailDot(a1, b3, K4, K)
					)
				);
			}
			const pc = c + <usize>i * cr + <usize>j * cc;
			if (cCol == 1) {
				addTo(pc, r0);
				addTo(pc + cr, r1);
			} else {
				addLanes(pc, cc, r0);
				addLanes(pc + cr, cc, r1);
			}
		}
		for (; j < N; j++) {
			const bj = b + <usize>j * bc;
			let s0 = f32x4.splat(0);
			let s1 = f32x4.splat(0);
			for (let o: usize = 0; o < (<usize>K4) << 2; o += 16) {
				const w = v128.load(bj + o);
				s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + o), w));
				s1 = f32x4.add(s1, f32x4.mul(v128.load(a1 + o), w));
			}
			const pc = c + <usize>i * cr + <usize>j * cc;
			store<f32>(pc, load<f32>(pc) + sum1(s0) + tailDot(a0, bj, K4, K));
			store<f32>(pc + cr, load<f32>(pc + cr) + sum1(s1) + tailDot(a1, bj, K4, K));
		}
	}
	for (; i < M; i++) {
		const ai = a + <usize>i * ar;
		for (let j = 0; j < N; j++) {
			const bj = b + <usize>j * bc;
			let s = f32x4.splat(0);
			for (let o: usize = 0; o < (<usize>K4) << 2; o += 16) {
				s = f32x4.add(s, f32x4.mul(v128.load(ai + o), v128.load(bj + o)));
			}
			const pc = c + <usize>i * cr + <usize>j * cc;
			store<f32>(pc, load<f32>(pc) + sum1(s) + tailDot(ai, bj, K4, K));
		}
	}
}

/** Any strides at all: one entry of C at a time. The engine's own layouts never land here. */
function gemmAny(
	c: usize,
	cRow: i32,
	cCol: i32,
	a: usize,
	aRow: i32,
	aK: i32,
	b: usize,
	bK: i32,
	bCol: i32,
	M: i32,
	K: i32,
	N: i32
): void {
	for (let i = 0; i < M; i++) {
		for (let j = 0; j < N; j++) {
			let pa = a + ((<usize>(i * aRow)) << 2);
			let pb = b + ((<usize>(j * bCol)) << 2);
			let s: f32 = 0;
			for (let k = 0; k < K; k++) {
				s += load<f32>(pa) * load<f32>(pb);
				pa += (<usize>aK) << 2;
				pb += (<usize>bK) << 2;
			}
			const pc = c + ((<usize>(i * cRow + j * cCol)) << 2);
			store<f32>(pc, load<f32>(pc) + s);
		}
	}
}
