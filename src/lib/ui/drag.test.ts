import { describe, expect, it } from 'vitest';
import {
	applyAffine,
	clientToUser,
	fitViewBox,
	clampPoint,
	keyToDelta,
	LinearScale,
	roundToStep,
	SHIFT_MULTIPLIER,
	Viewport
} from './drag';

describe('keyToDelta', () => {
	it('moves one step along x for the left and right arrows', () => {
		expect(keyToDelta('ArrowLeft', false, 0.1)).toEqual([-0.1, 0]);
		expect(keyToDelta('ArrowRight', false, 0.1)).toEqual([0.1, 0]);
	});

	it('treats ArrowUp as +y in data space', () => {
		expect(keyToDelta('ArrowUp', false, 0.5)).toEqual([0, 0.5]);
		expect(keyToDelta('ArrowDown', false, 0.5)).toEqual([0, -0.5]);
	});

	it('moves ten steps with Shift held', () => {
		expect(SHIFT_MULTIPLIER).toBe(10);
		expect(keyToDelta('ArrowRight', true, 0.1)).toEqual([1, 0]);
		expect(keyToDelta('ArrowDown', true, 2)).toEqual([0, -20]);
	});

	it('ignores keys a handle does not use', () => {
		for (const key of ['Tab', 'Enter', ' ', 'a', 'Home', 'Escape']) {
			expect(keyToDelta(key, false, 1)).toBeNull();
		}
	});
});

describe('clampPoint', () => {
	const bounds = { x0: -1, x1: 1, y0: 0, y1: 2 };

	it('leaves points inside the bounds alone', () => {
		expect(clampPoint([0.5, 1.5], bounds)).toEqual([0.5, 1.5]);
	});

	it('moves points outside the bounds to the nearest edge', () => {
		expect(clampPoint([-3, 5], bounds)).toEqual([-1, 2]);
	});

	it('accepts bounds given in either order', () => {
		expect(clampPoint([5, -5], { x0: 1, x1: -1, y0: 2, y1: 0 })).toEqual([1, 0]);
	});

	it('puts NaN coordinates on the lower edge so a point never disappears', () => {
		expect(clampPoint([NaN, NaN], bounds)).toEqual([-1, 0]);
	});
});

describe('roundToStep', () => {
	it('removes float noise from repeated steps', () => {
		expect(roundToStep(0.1 + 0.2, 0.1)).toBe(0.3);
	});

	it('does not snap an off-grid value to the grid', () => {
		expect(roundToStep(0.123 + 0.1, 0.1)).toBe(0.22);
		expect(roundToStep(0.1234 + 0.01, 0.01)).toBe(0.133);
	});

	it('leaves values alone when the step is unusable', () => {
		expect(roundToStep(0.30000000000000004, 0)).toBe(0.30000000000000004);
		expect(roundToStep(NaN, 0.1)).toBeNaN();
	});
});

describe('LinearScale', () => {
	it('maps the domain onto the range and back', () => {
		const s = new LinearScale(0, 10, 100, 200);
		expect(s.map(5)).toBe(150);
		expect(s.invert(150)).toBe(5);
	});

	it('handles a reversed range', () => {
		const s = new LinearScale(0, 1, 300, 0);
		expect(s.map(0.25)).toBe(225);
		expect(s.invert(75)).toBe(0.75);
	});

	it('does not divide by zero for an empty domain or range', () => {
		expect(new LinearScale(1, 1, 0, 10).map(5)).toBe(0);
		expect(new LinearScale(0, 10, 5, 5).invert(5)).toBe(0);
	});
});

describe('Viewport', () => {
	const vp = new Viewport({ x0: -2, x1: 2, y0: -2, y1: 2 }, { width: 400, height: 400 });

	it('maps the data origin to the centre of the drawing', () => {
		expect(vp.toSvg([0, 0])).toEqual([200, 200]);
	});

	it('points y up in data space and down in SVG space', () => {
		expect(vp.toSvg([0, 2])).toEqual([200, 0]);
		expect(vp.toSvg([-2, -2])).toEqual([0, 400]);
	});

	it('inverts its own mapping', () => {
		const p: [number, number] = [0.7, -1.3];
		const [x, y] = vp.toData(vp.toSvg(p));
		expect(x).toBeCloseTo(0.7, 12);
		expect(y).toBeCloseTo(-1.3, 12);
	});

	it('keeps padding clear around the data rectangle', () => {
		const padded = new Viewport({ x0: 0, x1: 1, y0: 0, y1: 1 }, { width: 120, height: 120 }, 10);
		expect(padded.toSvg([0, 0])).toEqual([10, 110]);
		expect(padded.toSvg([1, 1])).toEqual([110, 10]);
	});
});

describe('applyAffine', () => {
	it('applies scale and translation like DOMMatrix.transformPoint', () => {
		const m = { a: 2, b: 0, c: 0, d: 0.5, e: -10, f: 4 };
		expect(applyAffine(m, [10, 20])).toEqual([10, 14]);
	});
});

describe('clientToUser', () => {
	it('maps a client point through the inverse of the screen matrix', () => {
		const svg = {
			getScreenCTM: () => ({ inverse: () => ({ a: 0.5, b: 0, c: 0, d: 0.5, e: -10, f: -20 }) })
		};
		expect(clientToUser(svg, 100, 60)).toEqual([40, 10]);
	});

	it('is null for an element that is not rendered', () => {
		expect(clientToUser({ getScreenCTM: () => null }, 1, 2)).toBeNull();
		expect(clientToUser(undefined, 1, 2)).toBeNull();
	});
});

describe('fitViewBox', () => {
	it('scales a viewBox to fit the box, centred, as an SVG draws it by default', () => {
		expect(fitViewBox({ width: 400, height: 400 }, { width: 200, height: 100 })).toEqual({
			scale: 2,
			x: 0,
			y: 100
		});
		expect(fitViewBox({ width: 400, height: 100 }, { width: 200, height: 100 })).toEqual({
			scale: 1,
			x: 100,
			y: 0
		});
	});

	it('draws nothing into an empty box or from an empty viewBox', () => {
		expect(fitViewBox({ width: 0, height: 100 }, { width: 200, height: 100 }).scale).toBe(0);
		expect(fitViewBox({ width: 100, height: 100 }, { width: 0, height: 100 }).scale).toBe(0);
	});
});
