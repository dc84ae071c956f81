/**
 * Motion helpers for animated figures.
 *
 *   import { reducedMotion, inView } from '$lib/ui/motion.svelte';
 *   let visible = $state(false);
 *   const animate = $derived(visible && !reducedMotion.current);
 *   <canvas use:inView={(v) => (visible = v)}></canvas>
 *   <canvas {@attach inViewAttachment((v) => (visible = v))}></canvas>
 *
 * The figure contract: animations pause off-screen, and with reduced motion a figure shows a
 * complete static picture instead of animating.
 */
import type { Action } from 'svelte/action';
import type { Attachment } from 'svelte/attachments';
import { prefersReducedMotion } from 'svelte/motion';

/**
 * `reducedMotion.current` is true when the reader asked the OS for less motion, and updates live.
 * Svelte's own MediaQuery; on the server it is false.
 */
export const reducedMotion: { readonly current: boolean } = prefersReducedMotion;

export type VisibilityCallback = (visible: boolean) => void;

/** Starts watching `node`; returns a function that stops. Shared by the action and attachment. */
function observe(node: Element, get: () => VisibilityCallback): () => void {
	if (typeof IntersectionObserver === 'undefined') {
		// Without the API we cannot know, and a figure that never animates is worse than one
		// that animates off-screen.
		get()(true);
		return () => {};
	}
	const observer = new IntersectionObserver((entries) => {
		// Only the latest entry matters when several queue up during a fast scroll.
		const last = entries[entries.length - 1];
		if (last) get()(last.isIntersecting);
	});
	observer.observe(node);
	return () => observer.disconnect();
}

/** Action: calls `callback(true)` when the element scrolls into view and `(false)` when it leaves. */
export const inView: Action<Element, VisibilityCallback> = (node, callback) => {
	let cb = callback;
	const stop = observe(node, () => cb);
	return {
		update(next: VisibilityCallback) {
			cb = next;
		},
		destroy: stop
	};
};

/** The same as `inView`, as an attachment for `{@attach inViewAttachment(cb)}`. */
export function inViewAttachment(callback: VisibilityCallback): Attachment<Element> {
	return (node) => observe(node, () => callback);
}
