/**
 * Optimisers: SGD (with optional momentum) and Adam, both following PyTorch's update rules
 * step for step, and a linear learning-rate decay.
 *
 *   const opt = new Adam(model.parameters(), { lr: 0.01, beta1: 0.85, beta2: 0.99 });
 *   for (let step = 0; step < steps; step++) {
 *     opt.lr = linearDecay(0.01, step, steps);
 *     opt.zeroGrad();
 *     model.loss(ids).backward();
 *     opt.step();
 *   }
 *
 * A parameter whose gradient is null (never reached by backward) is skipped, as in PyTorch.
 */
import { allocateBeside } from './memory';
import type { Tensor } from './tensor';
import { adamWasm } from './wasm/calls';

export interface Optimizer {
	/** Learning rate for the next `step()`; change it between steps to schedule it. */
	lr: number;
	step(): void;
	zeroGrad(): void;
}

function checkParams(name: string, params: readonly Tensor[]): void {
	for (let i = 0; i < params.length; i++) {
		const p = params[i]!;
		if (!p.requiresGrad) {
			throw new Error(`${name}: a parameter of shape [${p.shape.join(',')}] does not require grad`);
		}
	}
}

function zeroGrads(params: readonly Tensor[]): void {
	for (let i = 0; i < params.length; i++) params[i]!.grad?.fill(0);
}

export interface SGDOptions {
	lr: number;
	/** Heavy-ball momentum μ (PyTorch's, no dampening): b ← μ·b + g, p ← p − lr·b. */
	momentum?: number;
}

export class SGD implements Optimizer {
	lr: number;
	readonly momentum: number;
	private readonly params: readonly Tensor[];
	private readonly buffers: Float32Array[];

	constructor(params: readonly Tensor[], { lr, momentum = 0 }: SGDOptions) {
		checkParams('SGD', params);
		this.params = params;
		this.lr = lr;
		this.momentum = momentum;
		this.buffers = params.map((p) => new Float32Array(momentum !== 0 ? p.size : 0));
	}

	step(): void {
		const { lr, momentum } = this;
		for (let i = 0; i < this.params.length; i++) {
			const p = this.params[i]!;
			const g = p.grad;
			if (g === null) continue;
			const w = p.data;
			if (momentum === 0) {
				for (let j = 0; j < w.length; j++) w[j]! -= lr * g[j]!;
			} else {
				const b = this.buffers[i]!;
				for (let j = 0; j < w.length; j++) {
					const v = momentum * b[j]! + g[j]!;
					b[j] = v;
					w[j]! -= lr * v;
				}
			}
		}
	}

	zeroGrad(): void {
		zeroGrads(this.params);
	}
}

export interface AdamOptions {
	lr?: number;
	beta1?: number;
	beta2?: number;
	eps?: number;
	/** L2 penalty added to the gradient (PyTorch Adam's weight_decay, not AdamW's). */
	weightDecay?: number;
}

/** One Adam step's settings, worked out once per step for every parameter. */
export interface AdamStep {
	beta1: number;
	beta2: number;
	eps: number;
	weightDecay: number;
	/** lr / (1 − β1ᵗ) */
	stepSize: number;
	/** 1 / √(1 − β2ᵗ) */
	invBias2Sqrt: number;
}

/**
 * Adam exactly as torch.optim.Adam (amsgrad off): with t counting steps from 1,
 *   m ← m + (1 − β1)(g − m),  v ← β2·v + (1 − β2)·g²
 *   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 */
export class Adam implements Optimizer {
	lr: number;
	readonly beta1: number;
	readonly beta2: number;
	readonly eps: number;
	readonly weightDecay: number;
	/** Steps taken so far (t in the formulas). */
	t = 0;
	private readonly params: readonly Tensor[];
	private readonly m: Float32Array[];
	private readonly v: Float32Array[];

	constructor(params: readonly Tensor[], options: AdamOptions = {}) {
		checkParams('Adam', params);
		this.params = params;
		this.lr = options.lr ?? 1e-3;
		this.beta1 = options.beta1 ?? 0.9;
		this.beta2 = options.beta2 ?? 0.999;
		this.eps = options.eps ?? 1e-8;
		this.weightDecay = options.weightDecay ?? 0;
		// beside each parameter: a model's moments go into its memory, where the SIMD kernel reads them
		this.m = params.map((p) => allocateBeside(p.data, p.size));
		this.v = params.map((p) => allocateBeside(p.data, p.size));
	}

	step(): void {
		this.t++;
		const { beta1, beta2, eps, weightDecay } = this;
		const settings: AdamStep = {
			beta1,
			beta2,
			eps,
			weightDecay,
			stepSize: this.lr / (1 - Math.pow(beta1, this.t)),
			invBias2Sqrt: 1 / Math.sqrt(1 - Math.pow(beta2, this.t))
		};
		for (let i = 0; i < this.params.length; i++) {
			const p = this.params[i]!;
			const grad = p.grad;
			if (grad === null) continue;
			const m = this.m[i]!;
			const v = this.v[i]!;
			if (!adamWasm(p.data, grad, m, v, settings)) adamStep(p.data, grad, m, v, settings);
		}
	}

	zeroGrad(): void {
		zeroGrads(this.params);
	}

	/** A copy of the moments and step count, so a run saved now can go on exactly as it would. */
	state(): AdamState {
		return { t: this.t, m: this.m.map((m) => m.slice()), v: this.v.map((v) => v.slice()) };
	}

	/** Takes over a saved state; throws, changing nothing, unless it fits these parameters. */
	loadState(state: AdamState): void {
		const fits = (moments: Float32Array[]) =>
			moments.length === this.params.length &&
			moments.every((m, i) => m.length === this.params[i]!.size);
		if (!Number.isInteger(state.t) || state.t < 0 || !fits(state.m) || !fits(state.v)) {
			throw new Error('Adam.loadState: the saved state does not fit these parameters');
		}
		this.t = state.t;
		state.m.forEach((m, i) => this.m[i]!.set(m));
		state.v.forEach((v, i) => this.v[i]!.set(v));
	}
}

/** Adam's memory: its step count and both moments, one array per parameter in order. */
export interface AdamState {
	t: number;
	m: Float32Array[];
	v: Float32Array[];
}

/** The TypeScript kernel of one Adam update (in float64, stored as float32). */
export function adamStep(
	w: Float32Array,
	grad: Float32Array,
	m: Float32Array,
	v: Float32Array,
	{ beta1, beta2, eps, weightDecay, stepSize, invBias2Sqrt }: AdamStep
): void {
	const oneMinusBeta1 = 1 - beta1;
	const oneMinusBeta2 = 1 - beta2;
	for (let j = 0; j < w.length; j++) {
		const g = weightDecay === 0 ? grad[j]! : grad[j]! + weightDecay * w[j]!;
		const mOld = m[j]!;
		const mj = mOld + oneMinusBeta1 * (g - mOld);
		const vj = beta2 * v[j]! + oneMinusBeta2 * g * g;
		m[j] = mj;
		v[j] = vj;
		w[j]! -= (stepSize * mj) / (Math.sqrt(vj) * invBias2Sqrt + eps);
	}
}

/**
 * Learning rate decaying linearly from `baseLr` at step 0 to `finalLr` at `totalSteps`
 * (microgpt's lr·(1 − step/steps) when finalLr is 0). Steps past the end keep `finalLr`.
 */
export function linearDecay(baseLr: number, step: number, totalSteps: number, finalLr = 0): number {
	if (!(totalSteps > 0)) throw new Error(`linearDecay: totalSteps must be > 0, got ${totalSteps}`);
	const progress = Math.min(Math.max(step / totalSteps, 0), 1);
	return baseLr * (1 - progress) + finalLr * progress;
}
