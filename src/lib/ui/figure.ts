/**
 * Pure helpers for the Figure frame.
 *
 *   figureLabel(3)                                   // "FIG.03"
 *   figureCaption(3, 'Dot product as projection')   // "FIG.03 — Dot product as projection"
 *   figureHref('https://x.org/a/?fig.n=2#top', 'fig')  // "https://x.org/a/?fig.n=2#fig"
 */

export type Branch = 'linalg' | 'calculus' | 'prob';

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
