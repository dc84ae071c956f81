/**
 * Before the page is printed (or saved as PDF), every figure is started, so paper shows each one
 * in the state the reader's link gives it rather than the prerendered default frame a figure
 * keeps until the reader scrolls near it (Lazy.svelte).
 *
 *   <svelte:window onbeforeprint={() => wakeFiguresForPrint(document)} />
 *
 * Lazy starts a figure when something inside it takes the keyboard focus; a focusin event
 * bubbling up from the figure's prerendered HTML is that signal, and it moves no real focus.
 * flushSync then runs the started figures' effects (URL state, replays) before the browser lays
 * the page out for print.
 */
import { flushSync } from 'svelte';

/** Starts every figure that has not started yet; returns how many it started. */
export function wakeFiguresForPrint(root: ParentNode): number {
	const asleep = root.querySelectorAll('.lazy[data-live="false"] > .lazy-static');
	for (const figure of asleep) figure.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
	flushSync();
	return asleep.length;
}
