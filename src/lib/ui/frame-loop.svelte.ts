/**
 * The one requestAnimationFrame loop of every animated figure. It runs frames only while the
 * figure is playing, on screen, in a visible tab, and the reader has not asked for less motion;
 * otherwise nothing at all is scheduled.
 *
 *   const pulses = new FrameLoop((dtMs) => { phase = (phase + dtMs / PERIOD) % 1; }, { playing: true });
 *   <svg {@attach pulses.watch}>…</svg>
 *   pulses.running     // reactive: frames are being drawn right now
 *   pulses.playing = false;
 *
 * Call the constructor while a component initialises (it owns an $effect). `onframe` gets the
 * time since the previous frame in ms, capped so that a long stall (a busy main thread, a
 * debugger) never turns into one giant step; returning `false` stops playing.
 */
import type { Attachment } from 'svelte/attachments';
import { inViewAttachment, pageVisible, reducedMotion } from './motion.svelte';

/** The longest frame time passed on, in ms: a stall is treated as a few dropped frames. */
export const MAX_FRAME_MS = 100;

export interface FrameLoopOptions {
	/** Whether it starts playing (default false). */
	playing?: boolean;
}

export class FrameLoop {
	/** The reader's (or the figure's) wish to animate; frames run only when `running`. */
	playing = $state(false);
	#onScreen = $state(false);

	/** True while frames are being scheduled. */
	readonly running = $derived(
		this.playing && this.#onScreen && pageVisible.current && !reducedMotion.current
	);

	/** Attach to the figure's drawing: frames run only while it is on screen. */
	readonly watch: Attachment<Element> = inViewAttachment((visible) => (this.#onScreen = visible));

	constructor(onframe: (dtMs: number) => boolean | void, options: FrameLoopOptions = {}) {
		this.playing = options.playing ?? false;
		$effect(() => {
			if (!this.running) return;
			let last = performance.now();
			const frame = (now: number) => {
				const dt = Math.min(Math.max(0, now - last), MAX_FRAME_MS);
				last = now;
				if (onframe(dt) === false) this.playing = false;
				else raf = requestAnimationFrame(frame);
			};
			let raf = requestAnimationFrame(frame);
			return () => cancelAnimationFrame(raf);
		});
	}
}
