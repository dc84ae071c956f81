/**
 * The reader's progress as reactive state, kept in their browser's localStorage (progress.ts
 * parses and writes it; nothing leaves the browser).
 *
 *   import { progress } from '$lib/exercises/progress.svelte';
 *   progress.current.solved.has('dot-1')   // reactive
 *   progress.solve('dot-1');
 *   progress.reset();
 *
 * It reads storage only once the page has hydrated (`progress.load()`, called by the root
 * layout), so the prerendered page and its hydration agree; then it updates, and follows other
 * tabs through the storage event.
 */
import {
	EMPTY_PROGRESS,
	PROGRESS_KEY,
	readProgress,
	withSolved,
	withUsed,
	writeProgress,
	type Progress
} from './progress';

function storage(): Storage | undefined {
	try {
		return typeof localStorage === 'undefined' ? undefined : localStorage;
	} catch {
		// Some privacy settings throw on the very access.
		return undefined;
	}
}

class ProgressStore {
	#current = $state.raw<Progress>(EMPTY_PROGRESS);
	#loaded = false;

	get current(): Progress {
		return this.#current;
	}

	/**
	 * Reads what the browser kept, follows changes made in other tabs, and notes each figure
	 * the reader touches (a press or a key inside a <figure id>). Once.
	 */
	load(): void {
		if (this.#loaded || typeof window === 'undefined') return;
		this.#loaded = true;
		this.#current = readProgress(storage());
		window.addEventListener('storage', (event) => {
			if (event.key === PROGRESS_KEY || event.key === null) this.#current = readProgress(storage());
		});
		const touched = (event: Event) => {
			const figure = (event.target as Element | null)?.closest?.('figure[id]');
			if (figure) this.markUsed(figure.id);
		};
		document.addEventListener('pointerdown', touched, { capture: true, passive: true });
		document.addEventListener('keydown', touched, { capture: true, passive: true });
	}

	solve(id: string): void {
		this.#set(withSolved(this.#current, id));
	}

	/** The reader touched a figure. */
	markUsed(figure: string): void {
		this.#set(withUsed(this.#current, figure));
	}

	reset(): void {
		this.#set(EMPTY_PROGRESS);
	}

	#set(next: Progress): void {
		if (next === this.#current) return;
		this.#current = next;
		writeProgress(storage(), next);
	}
}

export const progress = new ProgressStore();
