/**
 * Behind Lazy.svelte: noticing that the reader is getting near an element, and starting the
 * figures that are near in tasks of their own.
 *
 *   {@attach nearViewport(() => wake())}
 */
import type { Attachment } from 'svelte/attachments';

/** How far ahead of the viewport a figure starts: one screen's height above and below. */
export const NEAR_MARGIN = '100% 0px';

/**
 * Work waiting for its own task. Several figures often come near at once (the first screen, a
 * fast scroll); starting each in a task of its own keeps every task short, so a tap or a key
 * in between is answered at once.
 */
const queue: (() => void)[] = [];

function runOne(): void {
	queue.shift()?.();
	if (queue.length > 0) setTimeout(runOne, 0);
}

/** Runs `task` in a later task of its own, after any already waiting. */
export function inOwnTask(task: () => void): void {
	queue.push(task);
	if (queue.length === 1) setTimeout(runOne, 0);
}

/**
 * Calls `onNear` once, in a task of its own, when the element comes within NEAR_MARGIN of the
 * viewport.
 */
export function nearViewport(onNear: () => void): Attachment<Element> {
	return (node) => {
		if (typeof IntersectionObserver === 'undefined') {
			inOwnTask(onNear);
			return;
		}
		const observer = new IntersectionObserver(
			(entries) => {
				if (entries.some((e) => e.isIntersecting)) {
					observer.disconnect();
					inOwnTask(onNear);
				}
			},
			{ rootMargin: NEAR_MARGIN }
		);
		observer.observe(node);
		return () => observer.disconnect();
	};
}
