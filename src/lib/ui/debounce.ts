/**
 * A trailing debounce with an inspectable pending flag, used to batch URL writes.
 *
 *   const save = debounce(() => writeUrl(), 150);
 *   save.schedule();   // many times during a drag…
 *   save.pending       // true until 150 ms after the last call
 *   save.flush();      // run now if pending (e.g. before copying a link)
 *   save.cancel();     // drop it (e.g. when the component is destroyed)
 */

export interface Debounced {
	schedule(): void;
	flush(): void;
	cancel(): void;
	readonly pending: boolean;
}

export function debounce(fn: () => void, ms: number): Debounced {
	let timer: ReturnType<typeof setTimeout> | null = null;
	const run = () => {
		timer = null;
		fn();
	};
	return {
		schedule() {
			if (timer !== null) clearTimeout(timer);
			timer = setTimeout(run, ms);
		},
		flush() {
			if (timer === null) return;
			clearTimeout(timer);
			run();
		},
		cancel() {
			if (timer !== null) clearTimeout(timer);
			timer = null;
		},
		get pending() {
			return timer !== null;
		}
	};
}
