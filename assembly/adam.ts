/**
 * One Adam update of n parameters, four at a time: the same rule as `Adam.step` in
 * src/lib/engine/optim.ts (PyTorch's), with the step's scalars worked out there:
 *
 *   g ← g + weightDecay·p
 *   m ← m + (1 − β1)(g − m),   v ← β2·v + (1 − β2)·g²
 *   p ← p − stepSize · m / (√v · invBias2Sqrt + ε)
 *
 * p, g, m and v are byte addresses of n floats each.
 */
export function adam(
	p: usize,
	g: usize,
	m: usize,
	v: usize,
	n: i32,
	beta1: f32,
	beta2: f32,
	stepSize: f32,
	invBias2Sqrt: f32,
	eps: f32,
	weightDecay: f32
): void {
	const oneMinusBeta1 = f32x4.splat(1 - beta1);
	const oneMinusBeta2 = f32x4.splat(1 - beta2);
	const b2 = f32x4.splat(beta2);
	const step = f32x4.splat(stepSize);
	const scale = f32x4.splat(invBias2Sqrt);
	const e = f32x4.splat(eps);
	const wd = f32x4.splat(weightDecay);
	const end = (<usize>(n & ~3)) << 2;
	for (let o: usize = 0; o < end; o += 16) {
		const w = v128.load(p + o);
		let grad = v128.load(g + o);
		if (weightDecay != 0) grad = f32x4.add(grad, f32x4.mul(wd, w));
		const mOld = v128.load(m + o);
		const mNew = f32x4.add(mOld, f32x4.mul(oneMinusBeta1, f32x4.sub(grad, mOld)));
		const vNew = f32x4.add(
			f32x4.mul(b2, v128.load(v + o)),
			f32x4.mul(oneMinusBeta2, f32x4.mul(grad, grad))
		);
		v128.store(m + o, mNew);
		v128.store(v + o, vNew);
		const denominator = f32x4.add(f32x4.mul(f32x4.sqrt(vNew), scale), e);
		v128.store(p + o, f32x4.sub(w, f32x4.div(f32x4.mul(step, mNew), denominator)));
	}
	for (let o = end; o < (<usize>n) << 2; o += 4) {
		const w = load<f32>(p + o);
		const grad = load<f32>(g + o) + weightDecay * w;
		const mOld = load<f32>(m + o);
		const mNew = mOld + (1 - beta1) * (grad - mOld);
		const vNew = beta2 * load<f32>(v + o) + (1 - beta2) * grad * grad;
		store<f32>(m + o, mNew);
		store<f32>(v + o, vNew);
		store<f32>(p + o, w - (stepSize * mNew) / (Mathf.sqrt(vNew) * invBias2Sqrt + eps));
	}
}
