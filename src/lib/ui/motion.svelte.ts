/**
 * Motion helpers for animated figures: whether the reader asked for less motion, whether the
 * tab is visible, and whether an element is on screen. Animated figures do not use these
 * directly: `FrameLoop` (frame-loop.svelte.ts) and `Replay` (replay.svelte.ts) gate their frames
 * on all three.
 *
 *   import { reducedMotion, pageVisible, inViewAttachment } from '$lib/ui/motion.svelte';
 *   reducedMotion.current   // true when the OS asks for less motion (live)
 *   pageVisible.current     // false while the tab is hidden (live)
 *   <canvas {@attach inViewAttachment((v) => (visible = v))}></canvas>
 *
 * The figure contract: animations pause off-screen and in hidden tabs, and with reduced motion
 * a figure shows a complete static picture instead of animating.
 */
import type { Attachment } from 'svelte/attachments';
import { on } from 'svelte/events';
import { prefersReducedMotion } from 'svelte/motion';
import { createSubscriber } from 'svelte/reactivity';

/**
 * `reducedMotion.current` is true when the reader asked the OS for less motion, and updates live.
 * Svelte's own MediaQuery; on the server it is false.
 */
export const reducedMotion: { readonly current: boolean } = prefersReducedMotion;

const subscribeToVisibility = createSubscriber((update) =>
	on(document, 'visibilitychange', update)
);

/** `pageVisible.current` is false while the tab is hidden, and updates live; true on the server. */
export const pageVisible: { readonly current: boolean } = {
	get current() {
		if (typeof document === 'undefined') return true;
		subscribeToVisibility();
		return document.visibilityState !== 'hidden';
	}
};

export type VisibilityCallback = (visible: boolean) => void;

/** Calls `callback(true)` when the element scrolls into view and `(false)` when it leaves. */
export function inViewAttachment(callback: VisibilityCallback): Attachment<Element> {
	return (node) => {
		if (typeof IntersectionObserver === 'undefined') {
			// Without the API we cannot know, and a figure that never animates is worse than one
			// that animates off-screen.
			callback(true);
			return;
		}
		const observer = new IntersectionObserver((entries) => {
			// Only the latest entry matters when several queue up during a fast scroll.
			const last = entries[entries.length - 1];
			if (last) callback(last.isIntersecting);
		});
		observer.observe(node);
		return () => observer.disconnect();
	};
}
