// The optimiser race: plain gradient descent, SGD, momentum and Adam, each a parameter tensor
// driven by the engine's own optimiser, from the same start on the same narrow valley.
// The valley is L(θ) = ½·(8·u² + 0.25·v²), where v runs along the valley floor (tilted 20°)
// and u across it: 32 times steeper across than along, the shape that makes plain gradient
// descent zig-zag across and crawl along.

import { Adam, Rng, SGD, matmul, mul, noGrad, reshape, square, sum, tensor } from '$lib/engine';
import type { Optimizer, Tensor } from '$lib/engine';
import { Viewport, type Point } from '$lib/ui/drag';
import { field, type StateOf } from '$lib/ui/url-state';

/** Curvature across the valley (u) and along it (v). */
export const STEEP = 8;
export const FLAT = 0.25;
/** The valley floor's direction, radians from the x axis. */
export const TILT = (20 * Math.PI) / 180;
/** Standard deviation of the noise SGD adds to each gradient component. */
export const NOISE = 0.6;
export const MAX_STEPS = 200;
/** A loss the racers count as "arrived". */
export const TARGET = 0.01;

const cos = Math.cos(TILT);
const sin = Math.sin(TILT);
/** Rows: the across direction u and the along direction v, in (x, y). */
const ROTATION = tensor([-sin, cos, cos, sin], [2, 2]);
const HALF_CURVATURE = tensor([STEEP / 2, FLAT / 2]);

/** Start: well up the valley floor and a little up one wall. */
export const START: Point = [-3.5 * cos + 0.8 * -sin, -3.5 * sin + 0.8 * cos];

export const BOUNDS = { x0: -4, x1: 1.6, y0: -2.1, y1: 1.2 };
/** 100 user units per unit on both axes, so the valley's tilt is drawn true. */
export const PLOT = { width: 560, height: 330 };
export const viewport = new Viewport(BOUNDS, PLOT);

export const raceSchema = {
	seed: field.int({ min: 1, max: 9999, default: 1 }),
	steps: field.int({ min: 0, max: MAX_STEPS, default: 0 })
};
export type RaceState = StateOf<typeof raceSchema>;

/** L(θ) by engine ops: rotate into (u, v), square, weight by half the curvatures, add. */
export function valleyLoss(theta: Tensor): Tensor {
	const uv = reshape(matmul(ROTATION, reshape(theta, [2, 1])), [2]);
	return sum(mul(square(uv), HALF_CURVATURE));
}

export function lossAt(p: Point): number {
	return noGrad(() => valleyLoss(tensor([p[0], p[1]])).item());
}

export type RacerId = 'gd' | 'sgd' | 'momentum' | 'adam';

export interface RacerSpec {
	id: RacerId;
	name: string;
	/** How it is configured, for the legend. */
	detail: string;
	make(params: Tensor[]): Optimizer;
	noisy: boolean;
}

export const RACERS: readonly RacerSpec[] = [
	{
		id: 'gd',
		name: 'Gradient descent',
		detail: 'SGD optimiser, exact gradient, η = 0.2',
		make: (p) => new SGD(p, { lr: 0.2 }),
		noisy: false
	},
	{
		id: 'sgd',
		name: 'SGD',
		detail: `noisy gradient (σ = ${NOISE}), η = 0.2`,
		make: (p) => new SGD(p, { lr: 0.2 }),
		noisy: true
	},
	{
		id: 'momentum',
		name: 'Momentum',
		detail: 'SGD optimiser with momentum 0.8, η = 0.2',
		make: (p) => new SGD(p, { lr: 0.2, momentum: 0.8 }),
		noisy: false
	},
	{
		id: 'adam',
		name: 'Adam',
		detail: 'Adam optimiser, η = 0.15',
		make: (p) => new Adam(p, { lr: 0.15 }),
		noisy: false
	}
];

export class Racer {
	readonly spec: RacerSpec;
	readonly theta: Tensor;
	readonly trail: [number, number][];
	loss: number;
	/** Step at which the loss first fell below TARGET, or null. */
	arrived: number | null = null;
	private readonly opt: Optimizer;

	constructor(spec: RacerSpec) {
		this.spec = spec;
		this.theta = tensor([START[0], START[1]], [2], { requiresGrad: true });
		this.opt = spec.make([this.theta]);
		this.trail = [[this.theta.data[0]!, this.theta.data[1]!]];
		this.loss = lossAt(START);
	}

	step(rng: Rng, stepNumber: number): void {
		this.opt.zeroGrad();
		valleyLoss(this.theta).backward();
		if (this.spec.noisy) {
			const g = this.theta.grad!;
			for (let j = 0; j < g.length; j++) g[j]! += rng.normal(0, NOISE);
		}
		this.opt.step();
		const p: [number, number] = [this.theta.data[0]!, this.theta.data[1]!];
		this.trail.push(p);
		this.loss = lossAt(p);
		if (this.arrived === null && this.loss < TARGET) this.arrived = stepNumber;
	}
}

/** All four racers, stepped together; the seed fixes SGD's noise, so a link replays the race. */
export class Race {
	readonly seed: number;
	readonly racers: Racer[];
	steps = 0;
	private readonly rng: Rng;

	constructor(seed: number) {
		this.seed = seed;
		this.rng = new Rng(seed);
		this.racers = RACERS.map((spec) => new Racer(spec));
	}

	step(): void {
		if (this.done) return;
		this.steps++;
		for (const r of this.racers) r.step(this.rng, this.steps);
	}

	run(n: number): void {
		for (let i = 0; i < n && !this.done; i++) this.step();
	}

	get done(): boolean {
		return this.steps >= MAX_STEPS;
	}
}

/* ---------------------------------------------------------------- geometry ---- */

export const CONTOUR_LEVELS = [0.02, 0.1, 0.3, 0.7, 1.3, 2.2, 3.5, 5.5];

export interface RotatedEllipse {
	level: number;
	cx: number;
	cy: number;
	rx: number;
	ry: number;
	/** SVG rotation in degrees (y down, so the tilt flips sign). */
	rotate: number;
}

/** L = c is an ellipse with semi-axes √(2c/λ) along v and across u, tilted with the valley. */
export function contours(levels = CONTOUR_LEVELS): RotatedEllipse[] {
	const [cx, cy] = viewport.toSvg([0, 0]);
	const scale = viewport.x.map(1) - viewport.x.map(0);
	return levels.map((c) => ({
		level: c,
		cx,
		cy,
		rx: Math.sqrt((2 * c) / FLAT) * scale,
		ry: Math.sqrt((2 * c) / STEEP) * scale,
		rotate: (-TILT * 180) / Math.PI
	}));
}

/** A trail as polyline points (SVG units), clamped so a wild point cannot upset the renderer. */
export function trailPoints(trail: readonly Point[]): string {
	const out: string[] = [];
	for (const p of trail) {
		if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) break;
		const [x, y] = viewport.toSvg(p);
		const c = (v: number) => Math.max(-4000, Math.min(4000, v)).toFixed(1);
		out.push(`${c(x)},${c(y)}`);
	}
	return out.join(' ');
}
