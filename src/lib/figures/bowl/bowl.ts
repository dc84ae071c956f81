/**
 * A quadratic bowl, a walker that rolls down it, and the pictures of both. FIG.09 (one ball,
 * plain gradient descent) and FIG.10 (four optimisers racing down a valley the reader can tilt) are thin uses
 * of this module.
 *
 *   const bowl = new Bowl([2.2, 0.5]);                 // L = ½(2.2·x² + 0.5·y²)
 *   const valley = new Bowl([0.25, 8], Math.PI / 9);   // flat along 20°, steep across it
 *   const ball = new Walker(bowl, [-3.2, 2.4], (p) => new SGD(p, { lr: 0.3 }));
 *   ball.step();                                       // forward, backward(), optimiser step
 *   bowlContours(bowl, [0.25, 1], viewport)            // the ellipses where L = 0.25 and L = 1
 *   trailPicture(ball.trail, viewport)                 // polyline, ball, or a marker on the edge
 *
 * The bowl is L(θ) = ½ Σᵢ λᵢ uᵢ², where u = R·θ are θ's coordinates along the bowl's own axes:
 * the first at angle `tilt` from the x axis, the second 90° further on. Its minimum is at the
 * origin. The loss is built from engine ops, so every gradient comes from backward().
 */
import { matmul, mul, noGrad, reshape, square, sum, tensor } from '$lib/engine';
import type { Optimizer, Rng, Tensor } from '$lib/engine';
import type { Bounds, Point, Viewport } from '$lib/ui/drag';

export class Bowl {
	/** λ along the first and the second axis: the Hessian's eigenvalues. */
	readonly curvature: readonly [number, number];
	/** The first axis's angle from the x axis, radians, counter-clockwise. */
	readonly tilt: number;
	/** Rows: the two axes in (x, y); null when they are x and y themselves. */
	readonly #rotation: Tensor | null;
	readonly #halfCurvature: Tensor;

	constructor(curvature: readonly [number, number], tilt = 0) {
		if (!curvature.every((l) => Number.isFinite(l) && l > 0)) {
			throw new RangeError(
				`Bowl: curvatures must be positive and finite, got [${curvature.join(', ')}]; a bowl with a flat or downward axis has no bottom`
			);
		}
		this.curvature = curvature;
		this.tilt = tilt;
		const c = Math.cos(tilt);
		const s = Math.sin(tilt);
		this.#rotation = tilt === 0 ? null : tensor([c, s, -s, c], [2, 2]);
		this.#halfCurvature = tensor([curvature[0] / 2, curvature[1] / 2]);
	}

	/** The steepest curvature, which sets how large a gradient-descent step may be. */
	get lambdaMax(): number {
		return Math.max(...this.curvature);
	}

	/**
	 * 2/λ_max. Along an axis of curvature λ one gradient-descent step multiplies the distance
	 * from the bottom by 1 − ηλ, which is smaller than 1 in size only while η < 2/λ.
	 */
	get stabilityLimit(): number {
		return 2 / this.lambdaMax;
	}

	/** L(θ) by engine ops: rotate onto the bowl's axes, square, weight by λ/2, add. */
	loss(theta: Tensor): Tensor {
		const u = this.#rotation ? reshape(matmul(this.#rotation, reshape(theta, [2, 1])), [2]) : theta;
		return sum(mul(square(u), this.#halfCurvature));
	}

	/** L at one point, by the engine (float32, like every number the engine computes). */
	lossAt(p: Point): number {
		return noGrad(() => this.loss(tensor([p[0], p[1]])).item());
	}
}

/** Makes the optimiser that drives a walker, from its one parameter tensor. */
export type MakeOptimizer = (params: Tensor[]) => Optimizer;

export interface WalkerNoise {
	/** Standard deviation added to each gradient component. */
	std: number;
	rng: Rng;
}

export interface WalkerOptions {
	/**
	 * Gaussian noise on every gradient, standing in for the error of estimating it from a small
	 * random batch (what makes SGD stochastic). The rng fixes it, so a seed replays the walk.
	 */
	noise?: WalkerNoise;
}

/** A point rolling down a bowl: one parameter tensor θ stepped by an engine optimiser. */
export class Walker {
	readonly bowl: Bowl;
	readonly start: Point;
	/** Every position so far, start first (float32 values, as the engine holds them). */
	readonly trail: [number, number][];
	/** L at the current position. */
	loss: number;
	/** The gradient the latest step used, noise included; zero before the first step. */
	grad: [number, number] = [0, 0];
	#steps = 0;
	readonly #theta: Tensor;
	readonly #optimizer: Optimizer;
	readonly #noise: WalkerNoise | undefined;

	constructor(bowl: Bowl, start: Point, optimizer: MakeOptimizer, options: WalkerOptions = {}) {
		this.bowl = bowl;
		this.start = start;
		this.#theta = tensor([start[0], start[1]], [2], { requiresGrad: true });
		this.#optimizer = optimizer([this.#theta]);
		this.#noise = options.noise;
		this.trail = [this.#read()];
		this.loss = bowl.lossAt(start);
	}

	get steps(): number {
		return this.#steps;
	}

	get position(): [number, number] {
		return this.trail[this.trail.length - 1]!;
	}

	/** forward → loss → backward() → (noise) → optimiser step, once. */
	step(): void {
		this.#optimizer.zeroGrad();
		this.bowl.loss(this.#theta).backward();
		const g = this.#theta.grad!;
		if (this.#noise) {
			const { std, rng } = this.#noise;
			for (let j = 0; j < g.length; j++) g[j]! += rng.normal(0, std);
		}
		this.grad = [g[0]!, g[1]!];
		this.#optimizer.step();
		this.#steps++;
		this.trail.push(this.#read());
		this.loss = this.bowl.lossAt(this.position);
	}

	#read(): [number, number] {
		return [this.#theta.data[0]!, this.#theta.data[1]!];
	}
}

/* ---------------------------------------------------------------- pictures ---- */

/** One contour in SVG user units: an ellipse, turned by `rotate` degrees about its centre. */
export interface ContourEllipse {
	level: number;
	cx: number;
	cy: number;
	/** Semi-axis along the bowl's first axis. */
	rx: number;
	/** Semi-axis along the second. */
	ry: number;
	/** SVG rotation in degrees (SVG's y points down, so the tilt changes sign). */
	rotate: number;
}

/**
 * The contours L = c, drawn exactly: ½ Σ λᵢ uᵢ² = c is an ellipse with semi-axis √(2c/λᵢ)
 * along axis i, no marching squares needed.
 */
export function bowlContours(
	bowl: Bowl,
	levels: readonly number[],
	viewport: Viewport
): ContourEllipse[] {
	const [cx, cy] = viewport.toSvg([0, 0]);
	const sx = viewport.x.map(1) - viewport.x.map(0);
	const sy = viewport.y.map(0) - viewport.y.map(1);
	// An SVG ellipse turned and then stretched unevenly would no longer be the contour.
	if (bowl.tilt !== 0 && Math.abs(sx - sy) > 1e-9 * Math.abs(sx)) {
		throw new Error(
			`bowlContours: a tilted bowl needs a plot with the same scale on both axes, got ${sx} and ${sy} user units per unit; make the plot's aspect ratio match its bounds`
		);
	}
	const [l1, l2] = bowl.curvature;
	return levels.map((level) => ({
		level,
		cx,
		cy,
		rx: Math.sqrt((2 * level) / l1) * sx,
		ry: Math.sqrt((2 * level) / l2) * sy,
		rotate: (-bowl.tilt * 180) / Math.PI
	}));
}

/** The plot's rectangle and the bowl's bottom (the origin), in SVG user units. */
export interface PlotFrame {
	left: number;
	top: number;
	width: number;
	height: number;
	right: number;
	bottom: number;
	originX: number;
	originY: number;
}

export function plotFrame(viewport: Viewport): PlotFrame {
	const { x0, x1, y0, y1 } = viewport.bounds;
	const [left, top] = viewport.toSvg([x0, y1]);
	const [right, bottom] = viewport.toSvg([x1, y0]);
	const [originX, originY] = viewport.toSvg([0, 0]);
	return { left, top, right, bottom, width: right - left, height: bottom - top, originX, originY };
}

/** Whether p lies in the rectangle (edges included). */
export function insideBounds(p: Point, b: Bounds): boolean {
	const [x, y] = p;
	return (
		x >= Math.min(b.x0, b.x1) &&
		x <= Math.max(b.x0, b.x1) &&
		y >= Math.min(b.y0, b.y1) &&
		y <= Math.max(b.y0, b.y1)
	);
}

/** A marker on the plot's edge, pointing the way the walker went (SVG units and degrees). */
export interface EdgeMarker {
	x: number;
	y: number;
	angle: number;
}

export interface TrailPicture {
	/** The trail's finite points, in SVG units, ready for a polyline's `points`. */
	points: string;
	/** The walker, when it is inside the plot. */
	ball: [number, number] | null;
	/** Where it left the plot (or became NaN): a marker on the edge instead of the ball. */
	edge: EdgeMarker | null;
}

/** Far enough outside the plot to be clipped, small enough for any SVG renderer. */
const FAR = 4000;
/** Data values beyond this are pinned before they are mapped, so the maths stays finite. */
const FAR_DATA = 1e6;
/** How far inside the plot's edge the edge marker sits, in user units. */
const EDGE_INSET = 14;

const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));

/** The trail up to its first non-finite point, the walker if it is on the plot, or an edge marker. */
export function trailPicture(trail: readonly Point[], viewport: Viewport): TrailPicture {
	const pts: string[] = [];
	let last: Point | null = null;
	for (const p of trail) {
		if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) break;
		const [x, y] = viewport.toSvg(p);
		pts.push(`${clamp(x, FAR).toFixed(1)},${clamp(y, FAR).toFixed(1)}`);
		last = p;
	}
	const points = pts.join(' ');
	const current = trail[trail.length - 1];
	if (!current) return { points, ball: null, edge: null };
	if (current === last && insideBounds(current, viewport.bounds)) {
		return { points, ball: viewport.toSvg(current), edge: null };
	}
	// Point the marker from the bowl's bottom towards the last finite position.
	const dir = last ?? current;
	const { width, height } = viewport.size;
	const [cx, cy] = viewport.toSvg([0, 0]);
	const [px, py] = viewport.toSvg([clamp(dir[0], FAR_DATA), clamp(dir[1], FAR_DATA)]);
	const dx = px - cx;
	const dy = py - cy;
	const tx = dx === 0 ? Infinity : (dx > 0 ? width - EDGE_INSET - cx : EDGE_INSET - cx) / dx;
	const ty = dy === 0 ? Infinity : (dy > 0 ? height - EDGE_INSET - cy : EDGE_INSET - cy) / dy;
	const t = Math.min(tx, ty);
	const ok = Number.isFinite(t);
	return {
		points,
		ball: null,
		edge: {
			x: ok ? cx + dx * t : width - EDGE_INSET,
			y: ok ? cy + dy * t : cy,
			angle: ok ? (Math.atan2(dy, dx) * 180) / Math.PI : 0
		}
	};
}
