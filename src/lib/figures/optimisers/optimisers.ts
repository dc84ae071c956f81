// FIG.10's state and text. The optimiser race: plain gradient descent, SGD, momentum and Adam,
// each a Walker (bowl.ts) driven by the engine's own optimiser, from the same start on the same
// narrow valley.
// The valley is L(θ) = ½·(8·u² + 0.25·v²), where v runs along the valley floor (tilted 20°)
// and u across it: 32 times steeper across than along, the shape that makes plain gradient
// descent zig-zag across and crawl along.

import { Adam, Rng, SGD } from '$lib/engine';
import type { Optimizer, Tensor } from '$lib/engine';
import { Viewport, type Point } from '$lib/ui/drag';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import {
	Bowl,
	Walker,
	bowlContours,
	plotFrame,
	trailPicture,
	type TrailPicture
} from '../bowl/bowl';

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
/** The valley: flat along the floor (first axis, at TILT), steep across it. */
export const VALLEY = new Bowl([FLAT, STEEP], TILT);

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

/** FIG.10: its id (also its URL namespace), number, caption and colour. */
export const optimisersFigure = defineFigure({
	id: 'optimisers',
	number: 10,
	caption:
		'Four optimisers race down a narrow valley from the same start, each driven by the engine’s optimiser',
	branch: 'calculus',
	schema: raceSchema
});
export type RaceState = StateOf<typeof raceSchema>;

export const lossAt = (p: Point): number => VALLEY.lossAt(p);

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

/** One optimiser's walk down the valley; remembers when it first got below TARGET. */
export class Racer extends Walker {
	readonly spec: RacerSpec;
	/** Step at which the loss first fell below TARGET, or null. */
	arrived: number | null = null;

	/** `rng` is shared by the race, so one seed fixes every noisy racer's noise. */
	constructor(spec: RacerSpec, rng: Rng) {
		super(VALLEY, START, spec.make, spec.noisy ? { noise: { std: NOISE, rng } } : {});
		this.spec = spec;
	}

	override step(): void {
		super.step();
		if (this.arrived === null && this.loss < TARGET) this.arrived = this.steps;
	}
}

/** All four racers, stepped together; the seed fixes SGD's noise, so a link replays the race. */
export class Race {
	readonly seed: number;
	readonly racers: Racer[];
	steps = 0;

	constructor(seed: number) {
		this.seed = seed;
		const rng = new Rng(seed);
		this.racers = RACERS.map((spec) => new Racer(spec, rng));
	}

	step(): void {
		if (this.done) return;
		this.steps++;
		for (const r of this.racers) r.step();
	}

	run(n: number): void {
		for (let i = 0; i < n && !this.done; i++) this.step();
	}

	get done(): boolean {
		return this.steps >= MAX_STEPS;
	}
}

/* ---------------------------------------------------------------- view ---- */

export const CONTOUR_LEVELS = [0.02, 0.1, 0.3, 0.7, 1.3, 2.2, 3.5, 5.5];
/** The valley's contours in SVG units, tilted with it; computed once. */
export const CONTOURS = bowlContours(VALLEY, CONTOUR_LEVELS, viewport);
export const FRAME = plotFrame(viewport);
/** The start, in SVG units. */
export const START_AT = viewport.toSvg(START);

export const ARRIVED_LABEL = `Below ${TARGET} at step`;
export const NOISE_NOTE = `SGD here sees the true gradient plus seeded Gaussian noise (σ = ${NOISE} per component), standing in for the error of estimating it from a small random batch. The seed fixes that noise, so the same seed replays the same race.`;

export interface RacerView {
	id: RacerId;
	name: string;
	detail: string;
	loss: number;
	arrived: number | null;
	/** "not yet", or the step at which the loss first fell below TARGET. */
	arrivedText: string;
	picture: TrailPicture;
}

/** Who got below TARGET first (the earliest step; the first in RACERS order on a tie). */
function leaderOf(racers: readonly RacerView[]): RacerView | null {
	let leader: RacerView | null = null;
	for (const r of racers) {
		if (r.arrived !== null && (leader === null || r.arrived < leader.arrived!)) leader = r;
	}
	return leader;
}

/** The race's state in words: who leads, and whether it is over. */
export function raceStatus(done: boolean, leader: RacerView | null): string {
	if (done)
		return `Race over after ${MAX_STEPS} steps${leader ? `: ${leader.name} got below ${TARGET} first.` : '.'}`;
	return leader ? `${leader.name} got below ${TARGET} first, at step ${leader.arrived}.` : '';
}

/** What FIG.10 shows for a race. */
export function raceView(race: Race) {
	const racers: RacerView[] = race.racers.map((r) => ({
		id: r.spec.id,
		name: r.spec.name,
		detail: r.spec.detail,
		loss: r.loss,
		arrived: r.arrived,
		arrivedText: r.arrived === null ? 'not yet' : String(r.arrived),
		picture: trailPicture(r.trail, viewport)
	}));
	return {
		steps: race.steps,
		done: race.done,
		racers,
		status: raceStatus(race.done, leaderOf(racers))
	};
}
