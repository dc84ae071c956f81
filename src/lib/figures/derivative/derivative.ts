// The derivative figure's state and maths: f(x) = x³/3 − x, built from engine ops, its slope
// from the engine's backward(), and the secant through x and x + ε whose slope (the finite
// difference) turns into that derivative as ε shrinks.

import { mul, noGrad, pow, sub, tensor, type Tensor } from '$lib/engine';
import { Viewport, clampPoint, roundToStep, type Bounds } from '$lib/ui/drag';
import { formatFixed, formatNumber, formatSignificant } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

export const X_MIN = -2.4;
export const X_MAX = 2.4;
export const EPS_MIN = 1e-4;
export const EPS_MAX = 1;
/** The point's keyboard step; a drag lands on the same grid, to two decimals. */
export const X_STEP = 0.1;

export const derivativeSchema = {
	x: field.number({ min: X_MIN, max: X_MAX, default: 1.2, digits: 2 }),
	eps: field.number({ min: EPS_MIN, max: EPS_MAX, default: 0.8, digits: 6 })
};

/** FIG.07: its id (also its URL namespace), number, caption and colour. */
export const derivativeFigure = defineFigure({
	id: 'derivative',
	number: 7,
	caption:
		'The derivative is the slope of the tangent; the secant through x and x + ε turns into it as ε shrinks',
	branch: 'calculus',
	schema: derivativeSchema
});
export type DerivativeState = StateOf<typeof derivativeSchema>;

/** The curve, as engine ops: f(x) = x³/3 − x. */
export function curve(x: Tensor): Tensor {
	return sub(mul(pow(x, 3), 1 / 3), x);
}

/** f at one point, by the engine (float32, like every number the engine computes). */
export function f(x: number): number {
	return noGrad(() => curve(tensor([x])).item());
}

/** f(x) and f′(x), the slope from backward() on the engine's graph of f. */
export function valueAndSlope(x: number): { value: number; slope: number } {
	const t = tensor([x], [1], { requiresGrad: true });
	const y = curve(t);
	y.backward();
	return { value: y.item(), slope: t.grad![0]! };
}

/** The slope of the secant through x and x + ε: (f(x + ε) − f(x)) / ε. */
export function finiteDifference(x: number, eps: number): number {
	return (f(x + eps) - f(x)) / eps;
}

export const PLOT = { width: 560, height: 360 };
export const viewport = new Viewport({ x0: -2.5, x1: 2.5, y0: -3, y1: 3 }, PLOT, 12);

/** Where the point may go: x within its range, y anywhere on the plot (y follows the curve). */
export const HANDLE_BOUNDS: Bounds = {
	x0: X_MIN,
	x1: X_MAX,
	y0: viewport.bounds.y0,
	y1: viewport.bounds.y1
};

/** The x a drag or key press asks for, kept in range and to two decimals. */
export function pointX(x: number): number {
	return clampPoint([roundToStep(x, X_STEP), 0], HANDLE_BOUNDS)[0];
}

/** ε as the slider prints it: two significant digits, exponent form below 0.01 ("1.3e−3"). */
export function formatEps(eps: number): string {
	return formatSignificant(eps, 2, { expBelow: 0.01 });
}

/** What the point says to a screen reader. */
export function pointText(x: number): string {
	return `x = ${formatFixed(x, 2)}, f(x) = ${formatNumber(f(x), 3)}`;
}

export interface Line {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

/** The line through (x, y) with slope m across the plot's full width, in SVG units. */
export function lineAcross(x: number, y: number, m: number): Line {
	const { x0, x1 } = viewport.bounds;
	const [ax, ay] = viewport.toSvg([x0, y + m * (x0 - x)]);
	const [bx, by] = viewport.toSvg([x1, y + m * (x1 - x)]);
	return { x1: ax, y1: ay, x2: bx, y2: by };
}

/** The axes, with ticks at whole numbers, in SVG units; they never change. */
export const AXES = (() => {
	const { x0, x1, y0, y1 } = viewport.bounds;
	const [originX, originY] = viewport.toSvg([0, 0]);
	const [left, top] = viewport.toSvg([x0, y1]);
	const [right, bottom] = viewport.toSvg([x1, y0]);
	const ticks = [-2, -1, 1, 2].map((t) => ({ x: viewport.x.map(t), label: formatFixed(t, 0) }));
	return { originX, originY, left, top, right, bottom, ticks };
})();

/** The curve as an SVG path, sampled finely enough to look smooth. */
export function curvePath(samples = 120): string {
	const { x0, x1 } = viewport.bounds;
	const parts: string[] = [];
	for (let i = 0; i <= samples; i++) {
		const x = x0 + ((x1 - x0) * i) / samples;
		const [sx, sy] = viewport.toSvg([x, f(x)]);
		parts.push(`${i === 0 ? 'M' : 'L'}${sx.toFixed(1)},${sy.toFixed(1)}`);
	}
	return parts.join(' ');
}

export interface DerivativeView {
	value: number;
	slope: number;
	/** f(x + ε). */
	far: number;
	fd: number;
	/** |finite difference − derivative|. */
	gap: number;
	tangent: Line;
	secant: Line;
	point: [number, number];
	farPoint: [number, number];
}

export function derivativeView(s: DerivativeState): DerivativeView {
	const { value, slope } = valueAndSlope(s.x);
	const far = f(s.x + s.eps);
	const fd = (far - value) / s.eps;
	return {
		value,
		slope,
		far,
		fd,
		gap: Math.abs(fd - slope),
		tangent: lineAcross(s.x, value, slope),
		secant: lineAcross(s.x, value, fd),
		point: viewport.toSvg([s.x, value]),
		farPoint: viewport.toSvg([s.x + s.eps, far])
	};
}
