import { describe, expect, it } from 'vitest';
import { activeSection, sectionCounter } from './section-progress';

describe('activeSection', () => {
	it('is -1 while every heading is still below the reading line', () => {
		expect(activeSection([false, false, false])).toBe(-1);
	});

	it('picks the last heading that has passed the reading line', () => {
		expect(activeSection([true, true, true, false])).toBe(2);
	});

	it('stays on the last section after scrolling past everything', () => {
		expect(activeSection([true, true, true])).toBe(2);
	});

	it('stops at the first heading still below the line', () => {
		// Headings come in document order, so one below the line has only later ones after it.
		expect(activeSection([true, false, true])).toBe(0);
	});

	it('is -1 for a page without sections', () => {
		expect(activeSection([])).toBe(-1);
	});
});

describe('sectionCounter', () => {
	it('pads both numbers to two digits', () => {
		expect(sectionCounter(0, 6)).toBe('01/06');
		expect(sectionCounter(5, 6)).toBe('06/06');
	});
});
