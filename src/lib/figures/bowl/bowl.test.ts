import { describe, expect, it } from 'vitest';
import { Adam, Rng, SGD, tensor } from '$lib/engine';
import { Viewport, type Point } from '$lib/ui/drag';
import { Bowl, Walker, bowlContours, insideBounds, trailPicture, type MakeOptimizer } from './bowl';

const BOWL = new Bowl([2.2, 0.5]);
const TILT = (20 * Math.PI) / 180;
const VALLEY = new Bowl([0.25, 8], TILT);
const START: Point = [-3.2, 2.4];
const plot = new Viewport({ x0: -4, x1: 4, y0: -3, y1: 3 }, { width: 560, height: 420 });

const sgd =
	(lr: number): MakeOptimizer =>
	(p) =>
		new SGD(p, { lr });

/** Steps until the loss is tiny or non-finite, or `limit` steps have passed. */
function walk(walker: Walker, limit = 5000): Walker {
	while (walker.steps < limit && walker.loss > 1e-6 && !Number.isNaN(walker.loss)) walker.step();
	return walker;
}

function gradientAt(bowl: Bowl, p: Point): number[] {
	const t = tensor([p[0], p[1]], [2], { requiresGrad: true });
	bowl.loss(t).backward();
	return Array.from(t.grad!);
}

describe('a quadratic bowl', () => {
	it('is ½ Σ λᵢ uᵢ² along its own axes, tilted or not', () => {
		expect(BOWL.lossAt([1, 0])).toBeCloseTo(1.1, 6);
		expect(BOWL.lossAt([0, 2])).toBeCloseTo(1, 6);
		const along: Point = [Math.cos(TILT), Math.sin(TILT)];
		const across: Point = [-Math.sin(TILT), Math.cos(TILT)];
		expect(VALLEY.lossAt(along)).toBeCloseTo(0.125, 6);
		expect(VALLEY.lossAt(across)).toBeCloseTo(4, 5);
		expect(VALLEY.lossAt([0, 0])).toBe(0);
	});

	it('gets its gradient from backward(), which is the Hessian times θ', () => {
		const [gx, gy] = gradientAt(BOWL, [1, 2]);
		expect(gx).toBeCloseTo(2.2, 6);
		expect(gy).toBeCloseTo(1, 6);
		// Tilted: check against a central difference of the loss itself.
		const p: Point = [-1.3, 0.4];
		const h = 1e-2;
		const dx = (VALLEY.lossAt([p[0] + h, p[1]]) - VALLEY.lossAt([p[0] - h, p[1]])) / (2 * h);
		const dy = (VALLEY.lossAt([p[0], p[1] + h]) - VALLEY.lossAt([p[0], p[1] - h])) / (2 * h);
		const [tx, ty] = gradientAt(VALLEY, p);
		expect(tx).toBeCloseTo(dx, 2);
		expect(ty).toBeCloseTo(dy, 2);
	});

	it('has its stability limit at 2/λ_max: 2/2.2 ≈ 0.91 for curvatures 2.2 and 0.5', () => {
		expect(BOWL.lambdaMax).toBe(2.2);
		expect(BOWL.stabilityLimit).toBe(2 / 2.2);
		expect(BOWL.stabilityLimit.toFixed(2)).toBe('0.91');
		expect(VALLEY.stabilityLimit).toBe(0.25);
	});

	it('refuses a curvature that is not positive, since such a bowl has no bottom', () => {
		expect(() => new Bowl([1, 0])).toThrow(/positive/);
		expect(() => new Bowl([-1, 1])).toThrow(/positive/);
		expect(() => new Bowl([1, Number.NaN])).toThrow(/positive/);
	});
});

describe('a walker driven by an engine optimiser', () => {
	it('takes plain gradient-descent steps θ ← θ − η·∇L', () => {
		const ball = new Walker(BOWL, [1, 2], sgd(0.1));
		ball.step();
		expect(ball.steps).toBe(1);
		expect(ball.grad[0]).toBeCloseTo(2.2, 6);
		expect(ball.grad[1]).toBeCloseTo(1, 6);
		expect(ball.position[0]).toBeCloseTo(1 - 0.1 * 2.2, 6);
		expect(ball.position[1]).toBeCloseTo(2 - 0.1 * 1, 6);
		expect(ball.trail).toHaveLength(2);
		expect(ball.loss).toBeCloseTo(BOWL.lossAt(ball.position), 9);
	});

	it('settles just under the stability limit and climbs out just over it', () => {
		const under = walk(new Walker(BOWL, START, sgd(0.95 * BOWL.stabilityLimit)));
		expect(under.loss).toBeLessThan(1e-6);
		const over = new Walker(BOWL, START, sgd(1.05 * BOWL.stabilityLimit));
		for (let i = 0; i < 50; i++) over.step();
		expect(over.loss).toBeGreaterThan(10 * BOWL.lossAt(START));
	});

	it('diverges past the limit until the loss overflows to ∞ and then turns NaN', () => {
		const ball = new Walker(BOWL, START, sgd(0.95));
		let sawInfinity = false;
		while (!Number.isNaN(ball.loss) && ball.steps < 5000) {
			ball.step();
			if (ball.loss === Infinity) sawInfinity = true;
		}
		expect(sawInfinity).toBe(true);
		expect(ball.loss).toBeNaN();
		expect(ball.steps).toBeLessThan(5000);
	});

	it('works with momentum and Adam too, from the same start', () => {
		const momentum = walk(
			new Walker(BOWL, START, (p) => new SGD(p, { lr: 0.2, momentum: 0.8 })),
			400
		);
		const adam = walk(new Walker(BOWL, START, (p) => new Adam(p, { lr: 0.15 })), 400);
		expect(momentum.loss).toBeLessThan(1e-4);
		expect(adam.loss).toBeLessThan(BOWL.lossAt(START) / 100);
		expect(momentum.trail[0]).toEqual(adam.trail[0]);
	});

	it('adds seeded noise to the gradient, the same noise for the same seed', () => {
		const noisy = (seed: number) =>
			new Walker(VALLEY, START, sgd(0.2), { noise: { std: 0.6, rng: new Rng(seed) } });
		const [a, b, c] = [noisy(7), noisy(7), noisy(8)];
		const exact = new Walker(VALLEY, START, sgd(0.2));
		for (let i = 0; i < 20; i++) [a, b, c, exact].forEach((w) => w.step());
		expect(a.trail).toEqual(b.trail);
		expect(a.trail).not.toEqual(c.trail);
		expect(a.trail).not.toEqual(exact.trail);
	});
});

describe('the bowl’s pictures', () => {
	it('draws each contour where the loss equals its level', () => {
		for (const e of bowlContours(BOWL, [0.05, 1, 9], plot)) {
			expect(e.rotate).toBe(-0);
			expect(BOWL.lossAt(plot.toData([e.cx + e.rx, e.cy]))).toBeCloseTo(e.level, 4);
			expect(BOWL.lossAt(plot.toData([e.cx, e.cy - e.ry]))).toBeCloseTo(e.level, 4);
		}
	});

	it('turns a tilted bowl’s contours with it, still exactly on the level', () => {
		const square = new Viewport(
			{ x0: -4, x1: 1.6, y0: -2.1, y1: 1.2 },
			{ width: 560, height: 330 }
		);
		const scale = square.x.map(1) - square.x.map(0);
		for (const e of bowlContours(VALLEY, [0.02, 0.7, 5.5], square)) {
			expect(e.rotate).toBeCloseTo(-20, 9);
			const a = e.rx / scale;
			const b = e.ry / scale;
			expect(VALLEY.lossAt([a * Math.cos(TILT), a * Math.sin(TILT)])).toBeCloseTo(e.level, 4);
			expect(VALLEY.lossAt([-b * Math.sin(TILT), b * Math.cos(TILT)])).toBeCloseTo(e.level, 4);
		}
	});

	it('refuses to tilt contours on a plot that stretches one axis more than the other', () => {
		const stretched = new Viewport({ x0: -1, x1: 1, y0: -1, y1: 1 }, { width: 400, height: 200 });
		expect(() => bowlContours(VALLEY, [1], stretched)).toThrow(/same scale on both axes/);
		expect(() => bowlContours(BOWL, [1], stretched)).not.toThrow();
	});

	it('draws the walker while it is on the plot', () => {
		const picture = trailPicture(
			[
				[-3, 2],
				[1, 1]
			],
			plot
		);
		expect(picture.ball).toEqual(plot.toSvg([1, 1]));
		expect(picture.edge).toBeNull();
		expect(picture.points).toBe('70.0,70.0 350.0,140.0');
	});

	it('puts a marker on the edge, pointing the way out, once the walker has left', () => {
		const left = trailPicture(
			[
				[3, 0],
				[-50, 0]
			],
			plot
		);
		expect(left.ball).toBeNull();
		expect(left.edge!.x).toBeLessThan(20);
		expect(left.edge!.angle).toBeCloseTo(180, 6);
		// Far points are pinned, so the polyline stays a size any renderer can draw.
		expect(left.points.split(' ')[1]).toBe('-3220.0,210.0');
		const huge = trailPicture([[1e30, 0]], plot);
		expect(huge.points).toBe('4000.0,210.0');
		expect(huge.edge!.angle).toBeCloseTo(0, 6);
	});

	it('stops the trail at its first non-finite point and marks the edge', () => {
		const nan = trailPicture(
			[
				[3, 0],
				[Number.NaN, Number.NaN],
				[1, 1]
			],
			plot
		);
		expect(nan.points.split(' ')).toHaveLength(1);
		expect(nan.ball).toBeNull();
		expect(nan.edge!.x).toBeGreaterThan(560 - 20);
		const lost = trailPicture([[Number.NaN, 0]], plot);
		expect(lost.points).toBe('');
		expect(lost.edge).toEqual({ x: 560 - 14, y: 210, angle: 0 });
	});

	it('counts the edges of the plot as inside it', () => {
		expect(insideBounds([4, -3], plot.bounds)).toBe(true);
		expect(insideBounds([4.01, 0], plot.bounds)).toBe(false);
		expect(insideBounds([0, Number.NaN], plot.bounds)).toBe(false);
	});
});
