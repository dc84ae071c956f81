// Which section is the reader in? Pure, so the indicator's rule is tested without a browser.

/**
 * Where a heading counts as entered: 30% of the way down the viewport. As an IntersectionObserver
 * root margin: the root reaches from far above the page down to that line, so a heading
 * intersects exactly while its top is above the line, and the observer reports every crossing,
 * even a jump straight past it, without the page measuring any layout.
 */
export const READING_LINE_MARGIN = '1000000px 0px -70% 0px';

/**
 * Index of the section whose heading was the last to pass the reading line, or -1 while the
 * reader is still above the first heading.
 * @param passed for each h2 in document order, whether its top is above the reading line
 */
export function activeSection(passed: readonly boolean[]): number {
	let active = -1;
	for (let i = 0; i < passed.length; i++) {
		if (passed[i]) active = i;
		else break;
	}
	return active;
}

/** Two-digit section numbers, as printed: "03/06". */
export function sectionCounter(index: number, total: number): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(index + 1)}/${pad(total)}`;
}
