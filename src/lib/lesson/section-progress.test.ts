import { describe, expect, it } from 'vitest';
import { activeSection, sectionCounter } from './section-progress';

describe('activeSection', () => {
	it('is -1 while every heading is still below the reading line', () => {
		expect(activeSection([400, 900, 1600], 200)).toBe(-1);
	});

	it('picks the last heading that has passed the reading line', () => {
		expect(activeSection([-900, -100, 150, 700], 200)).toBe(2);
	});

	it('counts a heading exactly on the line as entered', () => {
		expect(activeSection([-50, 200, 500], 200)).toBe(1);
	});

	it('stays on the last section after scrolling past everything', () => {
		expect(activeSection([-3000, -2000, -10], 200)).toBe(2);
	});

	it('is -1 for a page without sections', () => {
		expect(activeSection([], 200)).toBe(-1);
	});
});

describe('sectionCounter', () => {
	it('pads both numbers to two digits', () => {
		expect(sectionCounter(0, 6)).toBe('01/06');
		expect(sectionCounter(5, 6)).toBe('06/06');
	});
});
