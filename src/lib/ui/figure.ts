/**
 * What a figure is, and pure helpers for the Figure frame.
 *
 *   export const dotFigure = defineFigure({ id: 'dot', number: 2, branch: 'linalg',
 *     caption: 'The dot product: …', schema: dotSchema });     // in the figure's state module
 *   <Figure spec={dotFigure} onreset={figure.reset}>…</Figure>   // in its view
 *
 *   figureLabel(3)                                   // "FIG.03"
 *   figureCaption(3, 'Dot product as projection')   // "FIG.03 — Dot product as projection"
 *   figureHref('https://x.org/a/?fig.n=2#top', 'fig')  // "https://x.org/a/?fig.n=2#fig"
 */

import type { Schema } from './url-state';

export type Branch = 'linalg' | 'calculus' | 'prob';

/**
 * A figure's identity, written once in its state module: the element id (which is also its URL
 * namespace, so `#dot` links and `?dot.a=…` state name the same figure), its number in page
 * order, its caption, the branch it colours itself with, and the schema of its URL state.
 */
export interface FigureSpec<S extends Schema = Schema> {
	readonly id: string;
	readonly number: number;
	readonly caption: string;
	readonly branch?: Branch;
	readonly schema: S;
}

/** Checks and freezes a figure's spec; an id with a dot could not be a URL namespace. */
export function defineFigure<S extends Schema>(spec: FigureSpec<S>): FigureSpec<S> {
	if (!/^[a-z][a-z0-9-]*$/.test(spec.id)) {
		throw new Error(`Figure id "${spec.id}" must be lower-case letters, digits and hyphens`);
	}
	return Object.freeze(spec);
}

/** Readable branch names, for eyebrows and alt text. */
export const BRANCH_NAMES: Record<Branch, string> = {
	linalg: 'Linear algebra',
	calculus: 'Calculus',
	prob: 'Probability'
};

/** "FIG.03": two digits at least, so figure numbers line up in a list. */
export function figureLabel(n: number): string {
	const k = Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
	return `FIG.${String(k).padStart(2, '0')}`;
}

/** The caption as one string, with an em dash between spaces. */
export function figureCaption(n: number, caption: string): string {
	return `${figureLabel(n)} — ${caption}`;
}

/** A link to the figure: the page as it is now (query included) with `#id` as the hash. */
export function figureHref(pageHref: string, id: string): string {
	const url = new URL(pageHref);
	url.hash = id;
	return url.href;
}
