// FIG.10's state and text. The optimiser race: plain gradient descent, SGD, momentum and Adam,
// each a Walker (bowl.ts) driven by the engine's own optimiser, from the same start on the same
// narrow valley.
// The valley is L(θ) = ½·(0.06·u² + 8·v²), where u runs along the valley floor and v across it:
// 133 times steeper across than along, the shape that makes plain gradient descent zig-zag
// across and crawl along. By default the floor lies along the first weight's axis, so the steep
// and the shallow direction are each one weight: Adam's per-weight step sizes fit the valley
// exactly. The reader can tilt the valley; the start turns with it, so gradient descent and
// momentum (which treat every direction alike) run the very same race, turned, and only Adam's
// changes.

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
	type ContourEllipse,
	type TrailPicture
} from '../bowl/bowl';

/** Curvature across the valley (v) and along it (u). */
export const STEEP = 8;
export const FLAT = 0.06;
/** The tilt slider's range and step, in degrees; 0 lays the valley along the weight axes. */
export const TILT_MAX = 45;
export const TILT_STEP = 5;
/** Standard deviation of the noise SGD adds to each gradient component. */
export const NOISE = 0.4;
export const MAX_STEPS = 200;
/** A loss the racers count as "arrived". */
export const TARGET = 0.01;

/** The start in the valley's own coordinates: well up the floor and a little up one wall. */
export const START_IN_VALLEY: Point = [-3.5, 0.8];

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** The valley turned `tilt` degrees: flat along the floor (its first axis), steep across it. */
export function valley(tilt: number): Bowl {
	return new Bowl([FLAT, STEEP], radians(tilt));
}

/** The start, turned with the valley, so every tilt runs the same race for a rotation-blind optimiser. */
export function startAt(tilt: number): Point {
	const c = Math.cos(radians(tilt));
	const s = Math.sin(radians(tilt));
	const [u, v] = START_IN_VALLEY;
	return [c * u - s * v, s * u + c * v];
}

/** Room for every tilt's start and every racer's path. */
export const BOUNDS = { x0: -4, x1: 1.2, y0: -3.3, y1: 1.2 };
/** 100 user units per unit on both axes, so the valley's tilt is drawn true. */
export const PLOT = { width: 520, height: 450 };
export const viewport = new Viewport(BOUNDS, PLOT);

export const raceSchema = {
	seed: field.int({ min: 1, max: 9999, default: 1 }),
	/** Degrees between the valley floor and the first weight's axis. */
	tilt: field.int({ min: 0, max: TILT_MAX, default: 0 }),
	steps: field.int({ min: 0, max: MAX_STEPS, default: 0 })
};

/** FIG.10: its id (also its URL namespace), number, caption and colour. */
export const optimisersFigure = defineFigure({
	id: 'optimisers',
	number: 10,
	caption:
		'Four optimisers race down a narrow valley from the same start, each driven by the engine’s optimiser; tilt the valley away from the weight axes and Adam loses its lead',
	branch: 'calculus',
	schema: raceSchema
});
export type RaceState = StateOf<typeof raceSchema>;

export type RacerId = 'gd' | 'sgd' | 'momentum' | 'adam';

export interface RacerSpec {
	id: RacerId;
	name: string;
	/** How it is configured, for the legend. */
	detail: string;
	make(params: Tensor[]): Optimizer;
	noisy: boolean;
}

/** Plain gradient descent's and SGD's learning rate: safely under 2/STEEP. */
export const GD_LR = 0.2;
export const MOMENTUM = 0.8;
export const ADAM_LR = 0.3;
export const ADAM_BETA1 = 0.7;

export const RACERS: readonly RacerSpec[] = [
	{
		id: 'gd',
		name: 'Gradient descent',
		detail: `g is the exact gradient; η = ${GD_LR}`,
		make: (p) => new SGD(p, { lr: GD_LR }),
		noisy: false
	},
	{
		id: 'sgd',
		name: 'SGD',
		detail: `g̃ is g plus noise (σ = ${NOISE}); η = ${GD_LR}`,
		make: (p) => new SGD(p, { lr: GD_LR }),
		noisy: true
	},
	{
		id: 'momentum',
		name: 'Momentum',
		detail: `b is a running sum of past gradients; μ = ${MOMENTUM}, η = ${GD_LR}`,
		make: (p) => new SGD(p, { lr: GD_LR, momentum: MOMENTUM }),
		noisy: false
	},
	{
		id: 'adam',
		name: 'Adam',
		detail: `m̂ averages recent gradients, v̂ their squares, weight by weight; η = ${ADAM_LR}, β₁ = ${ADAM_BETA1}`,
		make: (p) => new Adam(p, { lr: ADAM_LR, beta1: ADAM_BETA1 }),
		noisy: false
	}
];

/** One optimiser's walk down the valley; remembers when it first got below TARGET. */
export class Racer extends Walker {
	readonly spec: RacerSpec;
	/** Step at which the loss first fell below TARGET, or null. */
	arrived: number | null = null;

	/** `rng` is shared by the race, so one seed fixes every noisy racer's noise. */
	constructor(spec: RacerSpec, rng: Rng, tilt: number) {
		super(valley(tilt), startAt(tilt), spec.make, spec.noisy ? { noise: { std: NOISE, rng } } : {});
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
	/** Degrees, as in the URL. */
	readonly tilt: number;
	readonly racers: Racer[];
	steps = 0;

	constructor(seed: number, tilt = 0) {
		this.seed = seed;
		this.tilt = tilt;
		const rng = new Rng(seed);
		this.racers = RACERS.map((spec) => new Racer(spec, rng, tilt));
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

	/** Each racer's arrival step (null: not below TARGET yet), by id. */
	arrivals(): Record<RacerId, number | null> {
		return Object.fromEntries(this.racers.map((r) => [r.spec.id, r.arrived])) as Record<
			RacerId,
			number | null
		>;
	}
}

/** A whole race, run to the end: what the prose reports. */
export function finishedRace(seed: number, tilt: number): Race {
	const race = new Race(seed, tilt);
	race.run(MAX_STEPS);
	return race;
}

/* ---------------------------------------------------------------- view ---- */

export const CONTOUR_LEVELS = [0.02, 0.1, 0.3, 0.7, 1.3, 2.2, 3.5, 5.5];
/** The valley's contours in SVG units, turned with it. */
export function contoursAt(tilt: number): ContourEllipse[] {
	return bowlContours(valley(tilt), CONTOUR_LEVELS, viewport);
}
export const FRAME = plotFrame(viewport);

/** The tilt as the slider and the legend write it. */
export const formatTilt = (tilt: number): string => `${tilt}°`;

export const ARRIVED_LABEL = `Below ${TARGET} at step`;
export const NOISE_NOTE = `SGD here sees the true gradient plus seeded Gaussian noise (σ = ${NOISE} per component), standing in for the error of estimating it from a small random batch. The seed fixes that noise, so the same seed replays the same race.`;

export interface RacerView {
	id: RacerId;
	name: string;
	detail: string;
	/** Its gradient is noisy (SGD): the view draws its jittery trail lighter. */
	noisy: boolean;
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
	const start = viewport.toSvg(startAt(race.tilt));
	const racers: RacerView[] = race.racers.map((r) => ({
		id: r.spec.id,
		name: r.spec.name,
		detail: r.spec.detail,
		noisy: r.spec.noisy,
		loss: r.loss,
		arrived: r.arrived,
		arrivedText: r.arrived === null ? 'not yet' : String(r.arrived),
		picture: trailPicture(r.trail, viewport)
	}));
	return {
		steps: race.steps,
		done: race.done,
		racers,
		status: raceStatus(race.done, leaderOf(racers)),
		contours: contoursAt(race.tilt),
		start,
		/** The plot's description, for assistive technology. */
		picture:
			race.tilt === 0
				? 'A narrow valley drawn as contour lines, its floor along the first weight’s axis, with the four optimisers’ paths from the same start'
				: `A narrow valley drawn as contour lines, its floor turned ${formatTilt(race.tilt)} from the first weight’s axis, with the four optimisers’ paths from the same start`
	};
}
