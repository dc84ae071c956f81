/**
 * A replayable run: the controller behind every figure that steps something (a ball rolling
 * downhill, optimisers racing) with Play, Pause, Step and Reset, and keeps the step count in the
 * URL so that a shared link replays the same run to the same step.
 *
 *   const figure = useUrlState('descent', descentSchema);
 *   const s = figure.state;
 *   const replay = new Replay({
 *     state: s,                                   // s.steps is the step count in the URL
 *     key: () => [s.lr, s.x0, s.y0],              // what defines a run
 *     make: () => new DescentRun([s.x0, s.y0], s.lr),
 *     pace: everyMs(70)                           // steps per frame while playing
 *   });
 *   const view = $derived(descentView(replay.run));   // reading `run` tracks every step
 *   <svg {@attach replay.watch}>…</svg>
 *   <Button onclick={() => replay.toggle()}>{replay.playing ? 'Pause' : 'Play'}</Button>
 *
 * The run itself is plain, not reactive: it holds tensors and optimiser state. The replay keeps
 * a private version counter that it bumps whenever the run changes, and `run` reads it, so a
 * view derived from `run` redraws exactly when something happened (the pattern of svelte.dev's
 * `Persisted`). When the key or the URL's step count changes (a shared link, Reset, a slider),
 * the run is rebuilt if it must be and stepped forward to the URL's count. Frames run through a
 * FrameLoop: only while playing, on screen, in a visible tab, with motion allowed. With reduced
 * motion, Play shows the finished run at once instead of animating it.
 *
 * Construct it while a component initialises (it owns effects).
 */
import { untrack } from 'svelte';
import { FrameLoop } from './frame-loop.svelte';
import { reducedMotion } from './motion.svelte';

/** What a figure steps. `done` must become true eventually: Play under reduced motion runs to it. */
export interface ReplayRun {
	readonly steps: number;
	readonly done: boolean;
	step(): void;
}

/** How many steps to take on a frame that comes `dtMs` after the previous one. */
export type Pace<R> = (run: R, dtMs: number) => number;

export interface ReplayOptions<R extends ReplayRun> {
	/** The figure's URL state; its `steps` field is the step count a link carries. */
	state: { steps: number };
	/** The values that define a run, read reactively: when one changes, a fresh run is made. */
	key: () => readonly unknown[];
	/** A fresh run for the current state (not tracked). */
	make: () => R;
	/** Steps per frame while playing (default: one step every DEFAULT_STEP_MS). */
	pace?: Pace<R>;
	/** Called whenever a fresh run replaces the old one, to clear view-only state. */
	onrestart?: () => void;
}

/** The default pace: one step every this many ms. */
export const DEFAULT_STEP_MS = 70;

/** A pace of one step every `ms` milliseconds, whatever the frame rate. */
export function everyMs<R>(ms: number): Pace<R> {
	let elapsed = 0;
	return (_run, dtMs) => {
		elapsed += dtMs;
		const n = Math.floor(elapsed / ms);
		elapsed -= n * ms;
		return n;
	};
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
	return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export class Replay<R extends ReplayRun> {
	#run: R;
	#key: readonly unknown[];
	#version = $state(0);
	readonly #options: ReplayOptions<R>;
	readonly #frames: FrameLoop;

	constructor(options: ReplayOptions<R>) {
		this.#options = options;
		this.#key = options.key();
		this.#run = options.make();
		const pace = options.pace ?? everyMs<R>(DEFAULT_STEP_MS);
		this.#frames = new FrameLoop((dt) => {
			const n = pace(this.#run, dt);
			if (n > 0) this.#advance(n);
			return !this.#run.done;
		});
		// A shared link on load, Reset, a slider: adopt the state. Our own steps write
		// state.steps = run.steps, which this then finds already in step.
		$effect(() => {
			const key = options.key();
			const steps = options.state.steps;
			untrack(() => this.#sync(key, steps));
		});
	}

	/** The current run. Reading it makes a $derived or template redraw whenever the run changes. */
	get run(): R {
		void this.#version;
		return this.#run;
	}

	/** The reader pressed Play and has not paused, and the run is not over. */
	get playing(): boolean {
		return this.#frames.playing;
	}

	/** Frames are being drawn right now (playing, on screen, visible tab, motion allowed). */
	get running(): boolean {
		return this.#frames.running;
	}

	/** Attach to the figure's drawing: frames run only while it is on screen. */
	get watch() {
		return this.#frames.watch;
	}

	/** Animates the run to its end; with reduced motion, shows the end at once. */
	play(): void {
		if (this.#run.done) return;
		if (reducedMotion.current) this.#advance(Infinity);
		else this.#frames.playing = true;
	}

	pause(): void {
		this.#frames.playing = false;
	}

	toggle(): void {
		if (this.#frames.playing) this.pause();
		else this.play();
	}

	/** Takes `n` steps now (fewer if the run ends first). */
	step(n = 1): void {
		this.#advance(n);
	}

	/**
	 * Back to step 0 of a fresh run for the current state, at once, so that a `play()` right
	 * after starts the new run. For "drop the ball here": set the start, then restart, then play.
	 */
	restart(): void {
		this.pause();
		this.#options.state.steps = 0;
		this.#sync(untrack(this.#options.key), 0, true);
	}

	#sync(key: readonly unknown[], steps: number, force = false): void {
		const fresh = force || !sameKey(key, this.#key) || steps < this.#run.steps;
		if (!fresh && steps === this.#run.steps) return;
		if (fresh) {
			this.#run = untrack(this.#options.make);
			this.#key = key;
			this.#options.onrestart?.();
		}
		this.#forward(steps - this.#run.steps);
		// A link may ask for more steps than the run has (it converged sooner): say what is true.
		if (this.#run.steps !== steps) this.#options.state.steps = this.#run.steps;
		this.#version++;
	}

	#forward(n: number): void {
		for (let i = 0; i < n && !this.#run.done; i++) this.#run.step();
	}

	#advance(n: number): void {
		this.#forward(n);
		this.#options.state.steps = this.#run.steps;
		this.#version++;
		if (this.#run.done) this.pause();
	}
}
