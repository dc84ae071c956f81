// The gradient-descent figure's state and geometry. The bowl is L(x, y) = 1.1·x² + 0.25·y²,
// whose Hessian is diag(2.2, 0.5): its steepest direction has curvature λ_max = 2.2, so plain
// gradient descent is stable only for η < 2/2.2 ≈ 0.91, exactly as the lesson's prose says.
// A run is a parameter tensor, the loss built from engine ops, backward(), and the engine's SGD.

import { SGD, mul, noGrad, square, sum, tensor, type Tensor } from '$lib/engine';
import { Viewport, type Point } from '$lib/ui/drag';
import { field, type StateOf } from '$lib/ui/url-state';

/** Curvature along x and along y: the Hessian's diagonal. */
export const CURVATURE = [2.2, 0.5] as const;
export const LAMBDA_MAX = Math.max(...CURVATURE);
/** Past this learning rate a step lands farther from the bottom than it started. */
export const STABILITY_LIMIT = 2 / LAMBDA_MAX;
/** Past this, steps overshoot the valley floor along x and the ball zig-zags. */
export const ZIGZAG_LIMIT = 1 / LAMBDA_MAX;
export const LR_MIN = 0.01;
export const LR_MAX = 1.2;
/** Enough for η = 0.95 to reach NaN (about a thousand steps), and for η = 0.01 to crawl. */
export const MAX_STEPS = 2000;
/** Below this the ball is at the bottom for every purpose the figure has. */
export const CONVERGED_LOSS = 1e-6;

export const BOUNDS = { x0: -4, x1: 4, y0: -3, y1: 3 };
export const PLOT = { width: 560, height: 420 };
export const viewport = new Viewport(BOUNDS, PLOT);

export const descentSchema = {
	lr: field.number({ min: LR_MIN, max: LR_MAX, default: 0.3, digits: 2 }),
	x0: field.number({ min: BOUNDS.x0, max: BOUNDS.x1, default: -3.2, digits: 2 }),
	y0: field.number({ min: BOUNDS.y0, max: BOUNDS.y1, default: 2.4, digits: 2 }),
	steps: field.int({ min: 0, max: MAX_STEPS, default: 0 })
};
export type DescentState = StateOf<typeof descentSchema>;

const HALF_CURVATURE = tensor([CURVATURE[0] / 2, CURVATURE[1] / 2]);

/** L(θ) = ½·(2.2·x² + 0.5·y²), by engine ops. */
export function bowlLoss(theta: Tensor): Tensor {
	return sum(mul(square(theta), HALF_CURVATURE));
}

export function lossAt(p: Point): number {
	return noGrad(() => bowlLoss(tensor([p[0], p[1]])).item());
}

export type Status =
	'ready' | 'descending' | 'converged' | 'stopped' | 'diverging' | 'overflow' | 'nan';

/** One ball rolling downhill from `start` with learning rate `lr`. */
export class DescentRun {
	readonly start: Point;
	readonly lr: number;
	readonly theta: Tensor;
	private readonly opt: SGD;
	/** Every position so far, start first. */
	readonly trail: [number, number][];
	steps = 0;
	loss: number;
	/** The gradient used by the latest step (zero before the first). */
	grad: [number, number] = [0, 0];

	constructor(start: Point, lr: number) {
		this.start = start;
		this.lr = lr;
		this.theta = tensor([start[0], start[1]], [2], { requiresGrad: true });
		this.opt = new SGD([this.theta], { lr });
		this.trail = [[this.theta.data[0]!, this.theta.data[1]!]];
		this.loss = lossAt(start);
	}

	get position(): [number, number] {
		return this.trail[this.trail.length - 1]!;
	}

	/** forward → loss → gradient (backward) → step, once. */
	step(): void {
		if (this.done) return;
		this.opt.zeroGrad();
		const loss = bowlLoss(this.theta);
		loss.backward();
		this.grad = [this.theta.grad![0]!, this.theta.grad![1]!];
		this.opt.step();
		this.steps++;
		this.trail.push([this.theta.data[0]!, this.theta.data[1]!]);
		this.loss = lossAt(this.position);
	}

	/** Steps until done, or `n` steps, whichever is first. */
	run(n = MAX_STEPS): void {
		for (let i = 0; i < n && !this.done; i++) this.step();
	}

	get done(): boolean {
		return this.steps >= MAX_STEPS || Number.isNaN(this.loss) || this.loss < CONVERGED_LOSS;
	}

	get status(): Status {
		if (Number.isNaN(this.loss)) return 'nan';
		if (this.loss === Infinity) return 'overflow';
		if (this.loss < CONVERGED_LOSS) return 'converged';
		if (!inside(this.position) || this.loss > 100 * lossAt(this.start) + 100) return 'diverging';
		if (this.steps >= MAX_STEPS) return 'stopped';
		return this.steps === 0 ? 'ready' : 'descending';
	}
}

/** |1 − η·λ|: how much one step scales the distance from the bottom along curvature λ. */
export function stepFactor(lr: number, lambda: number): number {
	return 1 - lr * lambda;
}

export function inside(p: Point): boolean {
	return p[0] >= BOUNDS.x0 && p[0] <= BOUNDS.x1 && p[1] >= BOUNDS.y0 && p[1] <= BOUNDS.y1;
}

/* ---------------------------------------------------------------- geometry ---- */

export interface Ellipse {
	level: number;
	cx: number;
	cy: number;
	rx: number;
	ry: number;
}

export const CONTOUR_LEVELS = [0.05, 0.25, 0.6, 1.2, 2, 3, 4.5, 6.5, 9];

/** L = c is the ellipse x²/(2c/2.2) + y²/(2c/0.5) = 1: drawn exactly, no marching squares. */
export function contours(levels = CONTOUR_LEVELS): Ellipse[] {
	const [cx, cy] = viewport.toSvg([0, 0]);
	const sx = viewport.x.map(1) - viewport.x.map(0);
	const sy = viewport.y.map(0) - viewport.y.map(1);
	return levels.map((c) => ({
		level: c,
		cx,
		cy,
		rx: Math.sqrt((2 * c) / CURVATURE[0]) * sx,
		ry: Math.sqrt((2 * c) / CURVATURE[1]) * sy
	}));
}

/** Far enough outside the plot to be clipped, small enough for any SVG renderer. */
const FAR = 4000;

export interface DescentPicture {
	/** The trail's finite points, in SVG units, ready for a polyline. */
	trail: string;
	/** The ball, when it is inside the plot. */
	ball: [number, number] | null;
	/** Where the ball left the plot: a marker on the edge pointing the way it went. */
	edge: { x: number; y: number; angle: number } | null;
}

/** Trail, ball, and an edge marker when the ball has left the plot (or become NaN). */
export function descentPicture(trail: readonly Point[]): DescentPicture {
	const pts: string[] = [];
	let last: Point | null = null;
	for (const p of trail) {
		if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) break;
		const [x, y] = viewport.toSvg(p);
		pts.push(`${clampFar(x).toFixed(1)},${clampFar(y).toFixed(1)}`);
		last = p;
	}
	const current = trail[trail.length - 1]!;
	if (current === last && inside(current)) {
		return { trail: pts.join(' '), ball: viewport.toSvg(current), edge: null };
	}
	// Point the marker from the bowl's centre towards the last finite position.
	const dir = last ?? current;
	const [cx, cy] = viewport.toSvg([0, 0]);
	const [px, py] = viewport.toSvg([clampData(dir[0]), clampData(dir[1])]);
	const dx = px - cx;
	const dy = py - cy;
	const inset = 14;
	const tx = dx === 0 ? Infinity : (dx > 0 ? PLOT.width - inset - cx : inset - cx) / dx;
	const ty = dy === 0 ? Infinity : (dy > 0 ? PLOT.height - inset - cy : inset - cy) / dy;
	const t = Math.min(tx, ty);
	const ok = Number.isFinite(t);
	return {
		trail: pts.join(' '),
		ball: null,
		edge: {
			x: ok ? cx + dx * t : PLOT.width - inset,
			y: ok ? cy + dy * t : cy,
			angle: ok ? (Math.atan2(dy, dx) * 180) / Math.PI : 0
		}
	};
}

function clampFar(v: number): number {
	return Math.max(-FAR, Math.min(FAR, v));
}

function clampData(v: number): number {
	return Math.max(-1e6, Math.min(1e6, v));
}

/** The phases of one training step, in order, as the loop diagram shows them. */
export const PHASES = [
	{ id: 'forward', name: 'Forward', text: 'compute L(θ) from θ' },
	{ id: 'loss', name: 'Loss', text: 'one number: how wrong' },
	{ id: 'gradient', name: 'Gradient', text: 'backward() gives ∇L' },
	{ id: 'step', name: 'Step', text: 'θ ← θ − η·∇L' }
] as const;
