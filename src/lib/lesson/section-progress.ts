// Which section is the reader in? Pure, so the indicator's rule is tested without a browser.

/**
 * Index of the section whose heading was the last to pass the reading line, or -1 while the
 * reader is still above the first heading.
 * @param headingTops each h2's distance from the top of the viewport, px, in document order
 * @param readingLine px from the top of the viewport where a heading counts as "entered"
 */
export function activeSection(headingTops: readonly number[], readingLine: number): number {
	let active = -1;
	for (let i = 0; i < headingTops.length; i++) {
		if ((headingTops[i] ?? Infinity) <= readingLine) active = i;
		else break;
	}
	return active;
}

/** Two-digit section numbers, as printed: "03/06". */
export function sectionCounter(index: number, total: number): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(index + 1)}/${pad(total)}`;
}
