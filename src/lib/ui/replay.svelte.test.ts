import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameLoop, MAX_FRAME_MS } from './frame-loop.svelte';
import { Replay, everyMs, type ReplayRun } from './replay.svelte';

/** Counts to `limit` from `start`, one per step. */
class Counter implements ReplayRun {
	steps = 0;
	constructor(
		readonly start: number,
		readonly limit: number
	) {}
	get value() {
		return this.start + this.steps;
	}
	get done() {
		return this.steps >= this.limit;
	}
	step() {
		if (!this.done) this.steps++;
	}
}

let dispose: (() => void) | null = null;

/** Runs `setup` in an effect root (as a component would) and returns what it made. */
function root<T>(setup: () => T): T {
	let made: T | undefined;
	dispose = $effect.root(() => {
		made = setup();
	});
	flushSync();
	return made!;
}

function onScreen(watch: (node: Element) => unknown) {
	// happy-dom has no IntersectionObserver: the attachment then treats the node as visible.
	watch(document.createElement('svg'));
	flushSync();
}

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance'] });
	vi.stubGlobal('IntersectionObserver', undefined);
});

afterEach(() => {
	dispose?.();
	dispose = null;
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('FrameLoop', () => {
	it('schedules no frame until it is playing and on screen', () => {
		const onframe = vi.fn();
		const loop = root(() => new FrameLoop(onframe));
		vi.advanceTimersByTime(200);
		expect(onframe).not.toHaveBeenCalled();
		loop.playing = true;
		flushSync();
		vi.advanceTimersByTime(200);
		expect(onframe).not.toHaveBeenCalled();
		expect(loop.running).toBe(false);
		onScreen(loop.watch);
		expect(loop.running).toBe(true);
		vi.advanceTimersByTime(200);
		expect(onframe).toHaveBeenCalled();
	});

	it('passes the time since the last frame, capped so a stall is not one giant step', () => {
		const times: number[] = [];
		const loop = root(() => new FrameLoop((dt) => void times.push(dt), { playing: true }));
		onScreen(loop.watch);
		vi.advanceTimersByTime(100);
		expect(times.length).toBeGreaterThan(3);
		for (const dt of times) expect(dt).toBeLessThanOrEqual(MAX_FRAME_MS);
		expect(times.reduce((a, b) => a + b, 0)).toBeGreaterThan(60);
	});

	it('stops playing when a frame returns false, and stops scheduling when paused', () => {
		let frames = 0;
		const loop = root(() => new FrameLoop(() => ++frames < 3, { playing: true }));
		onScreen(loop.watch);
		vi.advanceTimersByTime(500);
		expect(frames).toBe(3);
		flushSync();
		expect(loop.playing).toBe(false);
		loop.playing = true;
		flushSync();
		vi.advanceTimersByTime(50);
		loop.playing = false;
		flushSync();
		const seen = frames;
		vi.advanceTimersByTime(500);
		expect(frames).toBe(seen);
	});
});

describe('everyMs', () => {
	it('takes one step per interval whatever the frame rate, carrying the remainder', () => {
		const pace = everyMs(70);
		const run = new Counter(0, 10);
		const steps = [16, 16, 16, 16, 16, 100, 40].map((dt) => pace(run, dt));
		expect(steps).toEqual([0, 0, 0, 0, 1, 1, 1]);
	});
});

describe('Replay', () => {
	function counterReplay(state: { start: number; steps: number }, limit = 5) {
		const restarts = vi.fn();
		const replay = root(
			() =>
				new Replay({
					state,
					key: () => [state.start],
					make: () => new Counter(state.start, limit),
					pace: () => 1,
					onrestart: restarts
				})
		);
		return { replay, restarts };
	}

	it('replays the URL’s step count on load and writes its own steps back', () => {
		const state = $state({ start: 10, steps: 3 });
		const { replay } = counterReplay(state);
		expect(replay.run.steps).toBe(3);
		expect(replay.run.value).toBe(13);
		replay.step();
		expect(state.steps).toBe(4);
		expect(replay.run.value).toBe(14);
	});

	it('says what is true when a link asks for more steps than the run has', () => {
		const state = $state({ start: 0, steps: 99 });
		const { replay } = counterReplay(state, 5);
		expect(replay.run.steps).toBe(5);
		expect(state.steps).toBe(5);
	});

	it('makes a fresh run when the key changes or the step count goes back', () => {
		const state = $state({ start: 0, steps: 4 });
		const { replay, restarts } = counterReplay(state);
		const first = replay.run;
		state.start = 100;
		flushSync();
		expect(replay.run).not.toBe(first);
		expect(replay.run.value).toBe(104);
		expect(restarts).toHaveBeenCalledTimes(1);
		state.steps = 1;
		flushSync();
		expect(replay.run.value).toBe(101);
		expect(restarts).toHaveBeenCalledTimes(2);
	});

	it('redraws a view derived from the run on every step', () => {
		const state = $state({ start: 0, steps: 0 });
		const { replay } = counterReplay(state);
		const seen: number[] = [];
		const stop = $effect.root(() => {
			$effect(() => {
				seen.push(replay.run.value);
			});
		});
		flushSync();
		replay.step();
		flushSync();
		replay.step(2);
		flushSync();
		stop();
		expect(seen).toEqual([0, 1, 3]);
	});

	it('plays frame by frame while on screen and pauses itself at the end', () => {
		const state = $state({ start: 0, steps: 0 });
		const { replay } = counterReplay(state, 4);
		onScreen(replay.watch);
		replay.play();
		flushSync();
		expect(replay.playing).toBe(true);
		vi.advanceTimersByTime(40);
		flushSync();
		expect(state.steps).toBeGreaterThan(0);
		vi.advanceTimersByTime(500);
		flushSync();
		expect(state.steps).toBe(4);
		expect(replay.playing).toBe(false);
		replay.play();
		expect(replay.playing).toBe(false);
	});

	it('restarts at once, so that play() right after starts the new run', () => {
		const state = $state({ start: 0, steps: 0 });
		const { replay } = counterReplay(state, 3);
		replay.step(3);
		expect(replay.run.done).toBe(true);
		state.start = 7;
		replay.restart();
		expect(replay.run.done).toBe(false);
		expect(replay.run.value).toBe(7);
		expect(state.steps).toBe(0);
		replay.play();
		expect(replay.playing).toBe(true);
	});
});
