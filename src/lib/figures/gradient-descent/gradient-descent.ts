// FIG.09's state, pacing and text. The bowl is L(x, y) = 1.1·x² + 0.25·y², whose Hessian is
// diag(2.2, 0.5): its steepest direction has curvature λ_max = 2.2, so plain gradient descent is
// stable only for η < 2/2.2 ≈ 0.91, exactly as the lesson's prose says. A run is one Walker on
// that bowl (bowl.ts) driven by the engine's SGD.

import { SGD } from '$lib/engine';
import { Viewport, clampPoint, roundToStep, type Point } from '$lib/ui/drag';
import { defineFigure } from '$lib/ui/figure';
import { formatFixed, formatNumber } from '$lib/ui/format';
import { field, type StateOf } from '$lib/ui/url-state';
import {
	Bowl,
	Walker,
	bowlContours,
	insideBounds,
	plotFrame,
	trailPicture,
	type TrailPicture
} from '../bowl/bowl';

/** Curvature along x and along y: the Hessian's diagonal. */
export const CURVATURE = [2.2, 0.5] as const;
export const BOWL = new Bowl(CURVATURE);
export const LAMBDA_MAX = BOWL.lambdaMax;
/** Past this learning rate a step lands farther from the bottom than it started. */
export const STABILITY_LIMIT = BOWL.stabilityLimit;
/** Past this, steps overshoot the valley floor along x and the ball zig-zags. */
export const ZIGZAG_LIMIT = 1 / LAMBDA_MAX;
/** Below this learning rate the figure calls η tiny: the ball crawls. */
export const CRAWL_LIMIT = 0.05;
export const LR_MIN = 0.01;
export const LR_MAX = 1.2;
/** Enough for η = 0.95 to reach NaN (about a thousand steps), and for η = 0.01 to crawl. */
export const MAX_STEPS = 2000;
/** Below this the ball is at the bottom for every purpose the figure has. */
export const CONVERGED_LOSS = 1e-6;
/** The start handle's keyboard step; a dropped ball lands on the same grid, to two decimals. */
export const START_STEP = 0.1;

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

export const lossAt = (p: Point): number => BOWL.lossAt(p);

export function inside(p: Point): boolean {
	return insideBounds(p, BOUNDS);
}

/** Where a click or tap at data point p drops the ball: on the plot, to two decimals. */
export function dropPoint(p: Point): [number, number] {
	const [x, y] = clampPoint(p, BOUNDS);
	return [roundToStep(x, START_STEP), roundToStep(y, START_STEP)];
}

export type Status =
	'ready' | 'descending' | 'converged' | 'stopped' | 'diverging' | 'overflow' | 'nan';

/** One ball rolling downhill from `start` with learning rate `lr`. */
export class DescentRun extends Walker {
	readonly lr: number;

	constructor(start: Point, lr: number) {
		super(BOWL, start, (params) => new SGD(params, { lr }));
		this.lr = lr;
	}

	/** forward → loss → gradient (backward) → step, once; nothing once the run is over. */
	override step(): void {
		if (!this.done) super.step();
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

/**
 * 1 − η·λ: what one step multiplies the distance from the bottom by, along curvature λ. Its
 * size says whether the ball settles (below 1) or climbs out (above 1); a negative sign means
 * the step overshoots the floor and the ball flips sides.
 */
export function stepFactor(lr: number, lambda: number): number {
	return 1 - lr * lambda;
}

/* ---------------------------------------------------------------- pacing ---- */

/** The phases of one training step, in order, as the loop diagram shows them. */
export const PHASES = [
	{ id: 'forward', name: 'Forward', text: 'compute L(θ) from θ' },
	{ id: 'loss', name: 'Loss', text: 'one number: how wrong' },
	{ id: 'gradient', name: 'Gradient', text: 'backward() gives ∇L' },
	{ id: 'step', name: 'Step', text: 'θ ← θ − η·∇L' }
] as const;
/** The last phase, the optimiser's step: lit whenever the ball has just moved. */
export const STEP_PHASE = PHASES.length - 1;

/** Each phase of the loop stays lit this long while the ball is in view, in ms. */
export const PHASE_MS = 45;
/** Steps per frame once the ball has left the plot or the run is long: get to the end. */
export const FAST_STEPS = 12;
/** Past this many steps the ball is close to the bottom and the loop diagram has made its point. */
export const SLOW_UNTIL = 60;

/** Which phase of the loop is lit (−1: none yet) and the frame time banked towards the next. */
export interface LoopClock {
	readonly phase: number;
	/** ms. */
	readonly banked: number;
}

/** A fresh run: nothing lit. */
export const LOOP_IDLE: LoopClock = { phase: -1, banked: 0 };
/** Just stepped by hand (or all at once): the step phase is lit. */
export const LOOP_STEPPED: LoopClock = { phase: STEP_PHASE, banked: 0 };

/**
 * One animation frame `dtMs` long: the loop's light moves on one phase every PHASE_MS, and the
 * ball steps as the light reaches the step phase. Once the ball has left the plot, or the run
 * passes SLOW_UNTIL steps, there is nothing more to watch: FAST_STEPS steps a frame.
 */
export function descentPace(
	clock: LoopClock,
	run: { readonly position: Point; readonly steps: number },
	dtMs: number
): { clock: LoopClock; steps: number } {
	if (!inside(run.position) || run.steps >= SLOW_UNTIL) {
		return { clock: { phase: STEP_PHASE, banked: clock.banked }, steps: FAST_STEPS };
	}
	let { phase, banked } = clock;
	banked += dtMs;
	while (banked >= PHASE_MS) {
		banked -= PHASE_MS;
		phase = (phase + 1) % PHASES.length;
		if (phase === STEP_PHASE) return { clock: { phase, banked }, steps: 1 };
	}
	return { clock: { phase, banked }, steps: 0 };
}

/* ---------------------------------------------------------------- view ---- */

export const CONTOUR_LEVELS = [0.05, 0.25, 0.6, 1.2, 2, 3, 4.5, 6.5, 9];
/** The bowl's contours in SVG units: they never change, so they are computed once. */
export const CONTOURS = bowlContours(BOWL, CONTOUR_LEVELS, viewport);

/** "2.2", "0.91", "0.45": the constants as the figure and the prose print them. */
const LAMBDA_TEXT = String(LAMBDA_MAX);
const LIMIT_TEXT = STABILITY_LIMIT.toFixed(2);
const ZIGZAG_TEXT = ZIGZAG_LIMIT.toFixed(2);

export const DESCENT_CAPTION = `Gradient descent: drop a ball on the bowl L = ${CURVATURE[0] / 2}·x² + ${CURVATURE[1] / 2}·y² and watch it step downhill, or climb out past η = 2/${LAMBDA_TEXT}`;
/** FIG.09: its id (also its URL namespace), number, caption and colour. */
export const descentFigure = defineFigure({
	id: 'descent',
	number: 9,
	caption: DESCENT_CAPTION,
	branch: 'calculus',
	schema: descentSchema
});

/** The mark on the η slider at the stability limit. */
export const LIMIT_MARK = { value: STABILITY_LIMIT, label: `2/λ ≈ ${LIMIT_TEXT}` };

export const formatRate = (lr: number): string => formatFixed(lr, 2);

/** What the learning rate does on this bowl, in one or two sentences. */
export function regimeText(lr: number): string {
	const eta = `η = ${formatRate(lr)}`;
	const factor = formatNumber(stepFactor(lr, LAMBDA_MAX), 2);
	if (lr > STABILITY_LIMIT)
		return `${eta} is past the stability limit 2/λ_max = 2/${LAMBDA_TEXT} ≈ ${LIMIT_TEXT}. Along x, each step multiplies the distance from the bottom by 1 − η·${LAMBDA_TEXT} = ${factor}, which is more than 1 in size: the ball flips sides, lands farther out every time, and climbs out of the bowl.`;
	if (lr > ZIGZAG_LIMIT)
		return `${eta} is past 1/${LAMBDA_TEXT} ≈ ${ZIGZAG_TEXT}: each step overshoots the valley floor along x (factor ${factor}), so the ball zig-zags, but every swing is smaller than the last.`;
	if (lr < CRAWL_LIMIT)
		return `${eta} is tiny: every step is correct but short, so the ball crawls, slowest along the shallow y direction.`;
	return `${eta} is under 1/${LAMBDA_TEXT} ≈ ${ZIGZAG_TEXT}: the ball rolls straight in along x without overshooting.`;
}

/** Where the run is, in words. */
export function statusText(status: Status, steps: number): string {
	switch (status) {
		case 'ready':
			return 'Click or tap the bowl to drop the ball there, or press Drop ball.';
		case 'descending':
			return 'Rolling downhill.';
		case 'converged':
			return `Settled at the bottom after ${steps} steps.`;
		case 'stopped':
			return `Stopped after ${MAX_STEPS} steps, still on its way down.`;
		case 'diverging':
			return 'Diverging: the ball has left the plot and the loss keeps growing.';
		case 'overflow':
			return 'The loss has overflowed 32-bit floats: it is now ∞.';
		case 'nan':
			return `Then the position overflowed too, and ∞ − ∞ gave NaN: the run is over. Lower η below ${LIMIT_TEXT} and drop the ball again, or press Reset.`;
	}
}

export interface DescentView {
	steps: number;
	loss: number;
	status: Status;
	done: boolean;
	picture: TrailPicture;
	/** Places and turns the edge marker, when there is one. */
	edgeTransform: string | null;
	/** "∇L = (…, …)" for the loop diagram's gradient phase, or null before the first step. */
	gradText: string | null;
	regime: string;
	/** η is past the stability limit. */
	past: boolean;
	statusText: string;
	/** The run has gone wrong (diverging, ∞ or NaN): the status is shown as a warning. */
	bad: boolean;
}

/** What FIG.09 shows for a run at learning rate `lr`. */
export function descentView(run: DescentRun, lr: number): DescentView {
	const status = run.status;
	const picture = trailPicture(run.trail, viewport);
	const edge = picture.edge;
	return {
		steps: run.steps,
		loss: run.loss,
		status,
		done: run.done,
		picture,
		edgeTransform: edge
			? `translate(${edge.x.toFixed(1)} ${edge.y.toFixed(1)}) rotate(${edge.angle.toFixed(1)})`
			: null,
		gradText:
			run.steps > 0
				? `∇L = (${formatNumber(run.grad[0], 2)}, ${formatNumber(run.grad[1], 2)})`
				: null,
		regime: regimeText(lr),
		past: lr > STABILITY_LIMIT,
		statusText: statusText(status, run.steps),
		bad: status === 'diverging' || status === 'overflow' || status === 'nan'
	};
}

/** The plot's frame and axes in SVG units: they never change. */
export const FRAME = plotFrame(viewport);
