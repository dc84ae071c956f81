import { describe, expect, it } from 'vitest';
import { tensor } from '$lib/engine';
import { decodeState } from '$lib/ui/url-state';
import {
	DescentRun,
	LAMBDA_MAX,
	MAX_STEPS,
	PLOT,
	STABILITY_LIMIT,
	ZIGZAG_LIMIT,
	bowlLoss,
	contours,
	descentPicture,
	descentSchema,
	lossAt,
	viewport
} from './gradient-descent';

const START: [number, number] = [-3.2, 2.4];

describe('gradient descent on the bowl 1.1·x² + 0.25·y²', () => {
	it('has steepest curvature 2.2, so the stability limit is 2/2.2 ≈ 0.91, as the prose says', () => {
		expect(LAMBDA_MAX).toBe(2.2);
		expect(STABILITY_LIMIT.toFixed(2)).toBe('0.91');
		// The figure's zig-zag threshold, 1/2.2, which it writes as ≈ 0.45.
		expect(ZIGZAG_LIMIT.toFixed(2)).toBe('0.45');
		// The engine's gradient changes by 2.2 per unit of x and 0.5 per unit of y: the Hessian.
		const grad = (x: number, y: number) => {
			const t = tensor([x, y], [2], { requiresGrad: true });
			bowlLoss(t).backward();
			return Array.from(t.grad!);
		};
		const [gx0, gy0] = grad(1, 1);
		const [gx1] = grad(2, 1);
		const [, gy1] = grad(1, 2);
		expect(gx1! - gx0!).toBeCloseTo(2.2, 5);
		expect(gy1! - gy0!).toBeCloseTo(0.5, 5);
	});

	it('converges at η = 0.85, just under the limit', () => {
		const run = new DescentRun(START, 0.85);
		run.run();
		expect(run.status).toBe('converged');
		expect(run.loss).toBeLessThan(1e-6);
	});

	it('diverges at η = 0.95, just over the limit: the loss reaches ∞ and then NaN', () => {
		const run = new DescentRun(START, 0.95);
		run.run(30);
		expect(run.status).toBe('diverging');
		let sawInfinity = false;
		while (!run.done) {
			run.step();
			if (run.loss === Infinity) sawInfinity = true;
		}
		expect(sawInfinity).toBe(true);
		expect(run.status).toBe('nan');
		expect(run.steps).toBeLessThan(MAX_STEPS);
	});

	it('zig-zags along x once η passes 1/2.2, and crawls when η is tiny', () => {
		const zig = new DescentRun(START, 0.7);
		zig.run(3);
		const xs = zig.trail.map((p) => Math.sign(p[0]));
		expect(xs).toEqual([-1, 1, -1, 1]);
		const crawl = new DescentRun(START, 0.01);
		crawl.run(100);
		expect(crawl.status).toBe('descending');
		// Along the shallow y direction it has not even covered half the way in 100 steps.
		expect(crawl.position[1]).toBeGreaterThan(START[1] / 2);
	});

	it('follows θ ← θ − η·∇L with the engine’s gradient', () => {
		const run = new DescentRun([1, 2], 0.1);
		run.step();
		expect(run.grad[0]).toBeCloseTo(2.2, 6);
		expect(run.grad[1]).toBeCloseTo(1, 6);
		expect(run.position[0]).toBeCloseTo(1 - 0.1 * 2.2, 6);
		expect(run.position[1]).toBeCloseTo(2 - 0.1 * 1, 6);
	});

	it('is the same run every time for the same start and η', () => {
		const a = new DescentRun(START, 0.5);
		const b = new DescentRun(START, 0.5);
		a.run(17);
		b.run(17);
		expect(a.trail).toEqual(b.trail);
	});

	it('draws contour ellipses where the loss equals their level', () => {
		for (const e of contours()) {
			const right = viewport.toData([e.cx + e.rx, e.cy]);
			const top = viewport.toData([e.cx, e.cy - e.ry]);
			expect(lossAt(right)).toBeCloseTo(e.level, 4);
			expect(lossAt(top)).toBeCloseTo(e.level, 4);
		}
	});

	it('draws the ball inside the plot, and an edge marker once it has left or become NaN', () => {
		const inside = descentPicture([[1, 1]]);
		expect(inside.ball).toEqual(viewport.toSvg([1, 1]));
		expect(inside.edge).toBeNull();
		const out = descentPicture([
			[3, 0],
			[-50, 0]
		]);
		expect(out.ball).toBeNull();
		expect(out.edge!.x).toBeLessThan(20);
		expect(out.edge!.angle).toBeCloseTo(180, 6);
		const nan = descentPicture([
			[3, 0],
			[NaN, NaN]
		]);
		expect(nan.edge!.x).toBeGreaterThan(PLOT.width - 20);
		expect(nan.trail.split(' ')).toHaveLength(1);
	});

	it('reads its state from a shared link and ignores nonsense', () => {
		expect(
			decodeState(
				new URLSearchParams('descent.lr=0.95&descent.x0=1&descent.y0=-2&descent.steps=40'),
				'descent',
				descentSchema
			)
		).toEqual({ lr: 0.95, x0: 1, y0: -2, steps: 40 });
		expect(
			decodeState(new URLSearchParams('descent.lr=5&descent.steps=-1'), 'descent', descentSchema)
		).toEqual({ lr: 0.3, x0: -3.2, y0: 2.4, steps: 0 });
	});
});
