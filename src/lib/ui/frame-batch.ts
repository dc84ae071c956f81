/**
 * Runs a callback at most once per animation frame, however often it is asked for: many updates
 * that arrive between two frames (a worker posting losses in quick batches) cost one redraw.
 *
 *   const redraw = new FrameBatch(() => version++);
 *   redraw.request();   // many times between frames: `flush` runs once, on the next frame
 *   redraw.cancel();    // when the owner goes away, so nothing runs after it
 *
 * Without requestAnimationFrame (on the server) a request runs the callback at once. Browsers
 * hold frames back in hidden tabs, so requests made there are flushed when the tab shows again.
 */
export class FrameBatch {
	#frame = 0;
	readonly #flush: () => void;

	constructor(flush: () => void) {
		this.#flush = flush;
	}

	/** A flush is scheduled and has not run yet. */
	get pending(): boolean {
		return this.#frame !== 0;
	}

	request(): void {
		if (this.#frame !== 0) return;
		if (typeof requestAnimationFrame === 'undefined') {
			this.#flush();
			return;
		}
		this.#frame = requestAnimationFrame(() => {
			this.#frame = 0;
			this.#flush();
		});
	}

	cancel(): void {
		if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
		this.#frame = 0;
	}
}
