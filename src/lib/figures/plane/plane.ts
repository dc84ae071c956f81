/**
 * The coordinate plane that FIG.02 (dot product) and FIG.03 (vector search) draw their arrows
 * on: the two axes through the origin and, if wanted, a line at every whole unit.
 *
 *   const vp = new Viewport({ x0: -5, x1: 5, y0: -5, y1: 5 }, { width: 400, height: 400 }, 16);
 *   planeAxes(vp)   // { origin, left, right, top, bottom, gridX: [16, 52.8, …], gridY: […] }
 *   arrowHead([200, 200], [300, 100])   // "300.0,100.0 …": a triangle at the tip
 */
import type { Viewport } from '$lib/ui/drag';

export interface PlaneAxes {
	/** The origin in SVG units. */
	origin: [number, number];
	/** The plot's edges in SVG units. */
	left: number;
	right: number;
	top: number;
	bottom: number;
	/** Where the vertical and the horizontal grid lines go: every whole unit, in SVG units. */
	gridX: number[];
	gridY: number[];
}

function wholeUnits(a: number, b: number): number[] {
	const out: number[] = [];
	for (let v = Math.ceil(Math.min(a, b)); v <= Math.max(a, b); v++) out.push(v);
	return out;
}

/** The axes and unit grid of the viewport's data rectangle, in SVG units. */
export function planeAxes(vp: Viewport): PlaneAxes {
	const { x0, x1, y0, y1 } = vp.bounds;
	return {
		origin: vp.toSvg([0, 0]),
		left: vp.x.map(x0),
		right: vp.x.map(x1),
		top: vp.y.map(y1),
		bottom: vp.y.map(y0),
		gridX: wholeUnits(x0, x1).map((v) => vp.x.map(v)),
		gridY: wholeUnits(y0, y1).map((v) => vp.y.map(v))
	};
}

/** A small triangle at `tip`, pointing away from `from` (SVG units), as a polygon's points. */
export function arrowHead(from: [number, number], tip: [number, number], size = 9): string {
	const dx = tip[0] - from[0];
	const dy = tip[1] - from[1];
	const len = Math.hypot(dx, dy);
	if (len < 1e-9) return '';
	const ux = dx / len;
	const uy = dy / len;
	const bx = tip[0] - ux * size;
	const by = tip[1] - uy * size;
	const w = size * 0.55;
	const pts = [tip, [bx - uy * w, by + ux * w], [bx + uy * w, by - ux * w]];
	return pts.map(([x, y]) => `${x!.toFixed(1)},${y!.toFixed(1)}`).join(' ');
}
