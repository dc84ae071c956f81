// FIG.02's state and maths: two 2-D vectors, their dot product written out term by term,
// their lengths, the angle between them and a plain-word verdict. Every number comes from the
// engine; this module never touches the DOM.

import { mul, noGrad, sqrt, square, sum, tensor } from '$lib/engine';
import type { Bounds, Viewport } from '$lib/ui/drag';
import { formatFixed, formatNumber } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

/** How far the tips may go, in data units: the grid runs from −5 to 5 on both axes. */
export const GRID: Bounds = { x0: -5, x1: 5, y0: -5, y1: 5 };

export const dotSchema = {
	a: field.numbers({ length: 2, min: GRID.x0, max: GRID.x1, default: [3, 1], digits: 2 }),
	b: field.numbers({ length: 2, min: GRID.x0, max: GRID.x1, default: [1, 2], digits: 2 }),
	projection: field.bool(false)
};

/** FIG.02: its id (also its URL namespace), number, caption and colour. */
export const dotFigure = defineFigure({
	id: 'dot',
	number: 2,
	caption: 'The dot product: drag either tip and watch a · b, the angle and the verdict',
	branch: 'linalg',
	schema: dotSchema
});

export type DotState = StateOf<typeof dotSchema>;

/** The two draggable tips: which vector each moves, its name for screen readers, its colour. */
export const TIPS = [
	{ name: 'a', label: 'Tip of vector a', colour: 'var(--linalg)' },
	{ name: 'b', label: 'Tip of vector b', colour: 'var(--accent)' }
] as const;

/**
 * |cos θ| at or below this counts as "perpendicular": within about 0.57° of a right angle.
 * Dragged points never land on exactly 90°, and Float32 arithmetic leaves crumbs like 1e−8 where
 * the exact answer is 0, so a verdict that demanded exact zero would flicker. The tolerance is on
 * cos θ, not on a·b, so it does not depend on how long the arrows are.
 */
export const PERPENDICULAR_TOLERANCE = 0.01;

/** A vector this short (in grid units) has no direction worth speaking of. */
export const ZERO_LENGTH = 1e-9;

export type Verdict = 'aligned' | 'perpendicular' | 'opposing' | 'no direction';

export interface DotAnalysis {
	dot: number;
	/** "3.0 × 1.0 + 1.0 × 2.0": the sum before it is added up. */
	terms: string;
	normA: number;
	normB: number;
	/** null when either vector has zero length: there is no angle to speak of. */
	cos: number | null;
	/** Degrees in [0, 180], or null as for cos. */
	angle: number | null;
	verdict: Verdict;
	/** One sentence a reader can act on. */
	explanation: string;
	/** The projection of b onto a, as a point, or null when a has zero length. */
	projection: [number, number] | null;
}

type Vec = readonly number[];

const fmt = (v: number) => formatFixed(v, 1);

function termText(a: Vec, b: Vec): string {
	// Negative factors get brackets so "3 × −1" reads as a product, not a subtraction.
	const f = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));
	return a.map((ai, i) => `${f(ai)} × ${f(b[i]!)}`).join(' + ');
}

/** Dot product, lengths, angle and verdict of a and b, computed with the engine. */
export function analyse(a: Vec, b: Vec): DotAnalysis {
	return noGrad(() => {
		const ta = tensor([...a]);
		const tb = tensor([...b]);
		const dot = sum(mul(ta, tb)).item();
		const normA = sqrt(sum(square(ta))).item();
		const normB = sqrt(sum(square(tb))).item();
		const terms = termText(a, b);
		const zeroA = normA <= ZERO_LENGTH;
		const zeroB = normB <= ZERO_LENGTH;
		const projection: [number, number] | null = zeroA
			? null
			: (Array.from(mul(ta, dot / (normA * normA)).data) as [number, number]);
		if (zeroA || zeroB) {
			const which = zeroA && zeroB ? 'Both a and b have' : zeroA ? 'a has' : 'b has';
			return {
				dot,
				terms,
				normA,
				normB,
				cos: null,
				angle: null,
				verdict: 'no direction',
				explanation: `${which} zero length, so there is no direction and no angle; the dot product is 0. Drag the tip away from the origin.`,
				projection
			};
		}
		// Float32 rounding can push the ratio a hair past ±1, where acos is NaN.
		const cos = Math.min(1, Math.max(-1, dot / (normA * normB)));
		const angle = (Math.acos(cos) * 180) / Math.PI;
		const verdict: Verdict =
			Math.abs(cos) <= PERPENDICULAR_TOLERANCE ? 'perpendicular' : dot > 0 ? 'aligned' : 'opposing';
		return {
			dot,
			terms,
			normA,
			normB,
			cos,
			angle,
			verdict,
			explanation: explain(verdict, dot),
			projection
		};
	});
}

function explain(verdict: Verdict, dot: number): string {
	const value = formatNumber(dot, 2);
	switch (verdict) {
		case 'aligned':
			return `a · b = ${value} is positive: the arrows point the same general way (less than 90° apart).`;
		case 'opposing':
			return `a · b = ${value} is negative: the arrows point in opposing directions (more than 90° apart).`;
		default:
			return `a · b is ${value}, zero within the tolerance: the arrows are at a right angle and neither says anything about the other.`;
	}
}

/** The components of a vector as the figure prints them: "(3.0, 1.0)". */
export function vectorText(v: Vec): string {
	return `(${v.map(fmt).join(', ')})`;
}

export interface DotLayout {
	origin: [number, number];
	tipA: [number, number];
	tipB: [number, number];
	/** Both arrows, for drawing: name, tip, and where the name goes. */
	vectors: { name: 'a' | 'b'; tip: [number, number]; label: [number, number] }[];
	/** SVG path of the arc marking the angle, or null when there is no angle. */
	arc: string | null;
	/** Foot of the projection of b onto a, in SVG units. */
	projectionFoot: [number, number] | null;
}

/** Polar point (data units) → SVG. */
function polar(vp: Viewport, r: number, theta: number): [number, number] {
	return vp.toSvg([r * Math.cos(theta), r * Math.sin(theta)]);
}

/** How far a vector's name sits up and to the right of its tip, in SVG units. */
const LABEL_OFFSET = 12;

/** Where everything goes on screen, for state a and b in viewport vp. */
export function dotLayout(a: Vec, b: Vec, analysis: DotAnalysis, vp: Viewport): DotLayout {
	const origin = vp.toSvg([0, 0]);
	let arc: string | null = null;
	if (analysis.angle !== null && analysis.angle > 0.5) {
		const r = Math.min(0.8, analysis.normA / 2, analysis.normB / 2);
		const ta = Math.atan2(a[1]!, a[0]!);
		const tb = Math.atan2(b[1]!, b[0]!);
		// Go the short way round, so the arc spans exactly the angle θ.
		let d = tb - ta;
		while (d > Math.PI) d -= 2 * Math.PI;
		while (d < -Math.PI) d += 2 * Math.PI;
		const start = polar(vp, r, ta);
		const end = polar(vp, r, ta + d);
		const radius = Math.abs(vp.x.map(r) - vp.x.map(0));
		// SVG y points down, so a counter-clockwise turn in data space is sweep-flag 0.
		const sweep = d > 0 ? 0 : 1;
		arc = `M ${start[0]} ${start[1]} A ${radius} ${radius} 0 0 ${sweep} ${end[0]} ${end[1]}`;
	}
	const tipA = vp.toSvg([a[0]!, a[1]!]);
	const tipB = vp.toSvg([b[0]!, b[1]!]);
	const labelled = (tip: [number, number]): [number, number] => [
		tip[0] + LABEL_OFFSET,
		tip[1] - LABEL_OFFSET
	];
	return {
		origin,
		tipA,
		tipB,
		vectors: [
			{ name: 'a', tip: tipA, label: labelled(tipA) },
			{ name: 'b', tip: tipB, label: labelled(tipB) }
		],
		arc,
		projectionFoot: analysis.projection ? vp.toSvg(analysis.projection) : null
	};
}

/** The note under the figure: how to move the tips and what "perpendicular" means here. */
export const TOLERANCE_NOTE = `Drag a tip, or focus it and use the arrow keys (0.1 a step, 1 with Shift). “Perpendicular” means |cos θ| ≤ ${PERPENDICULAR_TOLERANCE}, within about ${(90 - (Math.acos(PERPENDICULAR_TOLERANCE) * 180) / Math.PI).toFixed(1)}° of a right angle.`;

/** What FIG.02 shows for a state, drawn in viewport vp. */
export function dotView(state: DotState, vp: Viewport) {
	const analysis = analyse(state.a, state.b);
	const layout = dotLayout(state.a, state.b, analysis, vp);
	return {
		...analysis,
		layout,
		aText: vectorText(state.a),
		bText: vectorText(state.b),
		angleText: analysis.angle === null ? 'none' : `${analysis.angle.toFixed(1)}°`,
		cosValue: analysis.cos ?? 'none',
		/** The projection is switched on and b has somewhere to fall. */
		projectionFoot: state.projection ? layout.projectionFoot : null
	};
}
