/**
 * Pure helpers behind DragHandle: keyboard steps, clamping, and the mapping between a figure's
 * data coordinates and SVG user units.
 *
 *   const vp = new Viewport({ x0: -2, x1: 2, y0: -2, y1: 2 }, { width: 400, height: 400 });
 *   vp.toSvg([0, 0])        // [200, 200]: the centre
 *   vp.toSvg([0, 2])        // [200, 0]:   data y points up, SVG y points down
 *   vp.toData([400, 400])   // [2, -2]
 *   keyToDelta('ArrowUp', false, 0.1)   // [0, 0.1]: up is +y in data space
 *   keyToDelta('ArrowLeft', true, 0.1)  // [-1, 0]:  Shift moves ten steps
 */

export type Point = readonly [x: number, y: number];

/** A data-space rectangle: x from x0 to x1, y from y0 to y1 (y0 at the bottom). */
export interface Bounds {
	x0: number;
	x1: number;
	y0: number;
	y1: number;
}

/** SVG user units (the viewBox size), not CSS pixels: the SVG may be scaled on screen. */
export interface Size {
	width: number;
	height: number;
}

/** How many steps Shift+arrow moves: big enough to cross a figure in a few presses. */
export const SHIFT_MULTIPLIER = 10;

/**
 * The data-space move for a key press, or null for keys a handle does not use (so the caller
 * leaves them alone and Tab, Enter and screen-reader keys keep working).
 */
export function keyToDelta(key: string, shift: boolean, step: number): [number, number] | null {
	const d = shift ? step * SHIFT_MULTIPLIER : step;
	switch (key) {
		case 'ArrowLeft':
			return [-d, 0];
		case 'ArrowRight':
			return [d, 0];
		case 'ArrowUp':
			return [0, d];
		case 'ArrowDown':
			return [0, -d];
		default:
			return null;
	}
}

function clamp1(v: number, a: number, b: number): number {
	// Bounds may be given either way round; NaN falls to the lower edge so a point never vanishes.
	const lo = Math.min(a, b);
	const hi = Math.max(a, b);
	if (Number.isNaN(v)) return lo;
	return Math.min(hi, Math.max(lo, v));
}

/** The nearest point inside `bounds`. */
export function clampPoint(p: Point, bounds: Bounds): [number, number] {
	return [clamp1(p[0], bounds.x0, bounds.x1), clamp1(p[1], bounds.y0, bounds.y1)];
}

/**
 * Rounds away the float noise that repeated keyboard steps leave (0.1 + 0.2 → 0.3), keeping one
 * decimal finer than `step` so a dragged value is not snapped to the step grid.
 */
export function roundToStep(v: number, step: number): number {
	if (!Number.isFinite(step) || step <= 0 || !Number.isFinite(v)) return v;
	const decimals = Math.min(15, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
	return Number(v.toFixed(decimals));
}

/** A linear map from a domain [d0, d1] to a range [r0, r1], invertible. */
export class LinearScale {
	readonly d0: number;
	readonly d1: number;
	readonly r0: number;
	readonly r1: number;

	constructor(d0: number, d1: number, r0: number, r1: number) {
		this.d0 = d0;
		this.d1 = d1;
		this.r0 = r0;
		this.r1 = r1;
	}

	/** Domain → range. */
	map(v: number): number {
		// An empty domain would divide by zero; put everything at the start of the range.
		if (this.d1 === this.d0) return this.r0;
		return this.r0 + ((v - this.d0) / (this.d1 - this.d0)) * (this.r1 - this.r0);
	}

	/** Range → domain. */
	invert(r: number): number {
		if (this.r1 === this.r0) return this.d0;
		return this.d0 + ((r - this.r0) / (this.r1 - this.r0)) * (this.d1 - this.d0);
	}
}

/**
 * Maps a data rectangle onto an SVG drawing area of `size` user units, with y pointing up in
 * data space. `padding` (user units) keeps points at the edge of the data fully visible.
 */
export class Viewport {
	readonly bounds: Bounds;
	readonly size: Size;
	readonly x: LinearScale;
	readonly y: LinearScale;

	constructor(bounds: Bounds, size: Size, padding = 0) {
		this.bounds = bounds;
		this.size = size;
		this.x = new LinearScale(bounds.x0, bounds.x1, padding, size.width - padding);
		this.y = new LinearScale(bounds.y0, bounds.y1, size.height - padding, padding);
	}

	/** Data → SVG user units. */
	toSvg(p: Point): [number, number] {
		return [this.x.map(p[0]), this.y.map(p[1])];
	}

	/** SVG user units → data. */
	toData(p: Point): [number, number] {
		return [this.x.invert(p[0]), this.y.invert(p[1])];
	}
}

/** The 2×3 affine part of a DOMMatrix; a structural type so this module needs no DOM. */
export interface Affine {
	a: number;
	b: number;
	c: number;
	d: number;
	e: number;
	f: number;
}

/** Applies an affine matrix (as from `getScreenCTM().inverse()`) to a point. */
export function applyAffine(m: Affine, p: Point): [number, number] {
	return [m.a * p[0] + m.c * p[1] + m.e, m.b * p[0] + m.d * p[1] + m.f];
}

/** Anything with a screen matrix, such as an SVG element (a structural type: no DOM here). */
export interface ScreenMapped {
	getScreenCTM(): { inverse(): Affine } | null;
}

/**
 * A pointer's client position (CSS pixels) in `element`'s user units, through whatever
 * scaling and transforms sit between the screen and it; null when it is not rendered.
 */
export function clientToUser(
	element: ScreenMapped | null | undefined,
	clientX: number,
	clientY: number
): [number, number] | null {
	const ctm = element?.getScreenCTM();
	return ctm ? applyAffine(ctm.inverse(), [clientX, clientY]) : null;
}

/** Where a viewBox lands inside an element box: a uniform scale and the offset of its corner. */
export interface Fit {
	scale: number;
	x: number;
	y: number;
}

/**
 * How an SVG with `viewBox` draws inside a box of `box` CSS pixels with the default
 * preserveAspectRatio (xMidYMid meet): as large as fits, centred. A canvas laid over the SVG
 * uses it to draw in the SVG's user units.
 */
export function fitViewBox(box: Size, viewBox: Size): Fit {
	if (!(viewBox.width > 0 && viewBox.height > 0 && box.width > 0 && box.height > 0)) {
		return { scale: 0, x: 0, y: 0 };
	}
	const scale = Math.min(box.width / viewBox.width, box.height / viewBox.height);
	return {
		scale,
		x: (box.width - viewBox.width * scale) / 2,
		y: (box.height - viewBox.height * scale) / 2
	};
}
