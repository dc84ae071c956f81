/**
 * Helpers behind Lazy.svelte: noticing that the reader is getting near an element, and carrying
 * the keyboard focus from a prerendered copy of a figure to the live one that replaces it.
 *
 *   {@attach nearViewport(() => wake())}
 *   const path = focusPath(root, document.activeElement);   // [0, 3, 1]: child indices
 *   …replace root's contents with an identical live copy…
 *   restoreFocus(root, path);
 */
import type { Attachment } from 'svelte/attachments';

/** How far ahead of the viewport a figure starts: one screen's height above and below. */
export const NEAR_MARGIN = '100% 0px';

/** Calls `onNear` once, when the element comes within NEAR_MARGIN of the viewport. */
export function nearViewport(onNear: () => void): Attachment<Element> {
	return (node) => {
		if (typeof IntersectionObserver === 'undefined') {
			onNear();
			return;
		}
		const observer = new IntersectionObserver(
			(entries) => {
				if (entries.some((e) => e.isIntersecting)) {
					observer.disconnect();
					onNear();
				}
			},
			{ rootMargin: NEAR_MARGIN }
		);
		observer.observe(node);
		return () => observer.disconnect();
	};
}

/** The path of child indices from `root` down to `target`, or null if it is not inside. */
export function focusPath(root: Element, target: Element | null): number[] | null {
	if (!target || target === root || !root.contains(target)) return null;
	const path: number[] = [];
	for (let node: Element = target; node !== root;) {
		const parent = node.parentElement;
		if (!parent) return null;
		path.unshift(Array.prototype.indexOf.call(parent.children, node));
		node = parent;
	}
	return path;
}

/** Focuses the element at `path` under `root`, if there is a focusable one there. */
export function restoreFocus(root: Element, path: readonly number[]): boolean {
	let node: Element | undefined = root;
	for (const i of path) {
		node = node?.children[i];
		if (!node) return false;
	}
	if (!(node instanceof HTMLElement || node instanceof SVGElement)) return false;
	node.focus();
	return document.activeElement === node;
}
