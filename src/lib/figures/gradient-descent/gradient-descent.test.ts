import { describe, expect, it } from 'vitest';
import { tensor } from '$lib/engine';
import { decodeState } from '$lib/ui/url-state';
import {
	BOWL,
	CONTOURS,
	DESCENT_CAPTION,
	DescentRun,
	FAST_STEPS,
	LAMBDA_MAX,
	LIMIT_MARK,
	LOOP_IDLE,
	MAX_STEPS,
	PHASE_MS,
	SLOW_UNTIL,
	STABILITY_LIMIT,
	STEP_PHASE,
	ZIGZAG_LIMIT,
	descentPace,
	descentSchema,
	descentView,
	dropPoint,
	lossAt,
	regimeText,
	statusText,
	stepFactor,
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
			BOWL.loss(t).backward();
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

describe('FIG.09’s pace', () => {
	const atStart = { position: [-3.2, 2.4] as const, steps: 0 };

	it('lights one phase of the loop every 45 ms and steps the ball as the step phase lights', () => {
		let clock = LOOP_IDLE;
		const seen: [number, number][] = [];
		for (let frame = 0; frame < 12; frame++) {
			const next = descentPace(clock, atStart, 16);
			clock = next.clock;
			seen.push([clock.phase, next.steps]);
		}
		// 16 ms frames: the light moves on at 48, 96, 144 and 192 ms (frames 3, 6, 9 and 12).
		expect(seen.map(([phase]) => phase)).toEqual([-1, -1, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
		expect(seen.map(([, steps]) => steps)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
		expect(clock.banked).toBe(12 * 16 - 4 * PHASE_MS);
	});

	it('steps once per long frame, and keeps the time it did not use', () => {
		const next = descentPace({ phase: 1, banked: 0 }, atStart, 5 * PHASE_MS);
		expect(next.steps).toBe(1);
		expect(next.clock.phase).toBe(STEP_PHASE);
		expect(next.clock.banked).toBe(3 * PHASE_MS);
	});

	it('hurries once the ball has left the plot or passed step 60', () => {
		for (const run of [
			{ position: [9, 0] as const, steps: 3 },
			{ position: [0.1, 0.1] as const, steps: SLOW_UNTIL }
		]) {
			const next = descentPace(LOOP_IDLE, run, 16);
			expect(next.steps).toBe(FAST_STEPS);
			expect(next.clock.phase).toBe(STEP_PHASE);
		}
	});
});

describe('what FIG.09 prints', () => {
	it('computes its limits from the curvature and prints them as the prose does', () => {
		expect(DESCENT_CAPTION).toBe(
			'Gradient descent: drop a ball on the bowl L = 1.1·x² + 0.25·y² and watch it step downhill, or climb out past η = 2/2.2'
		);
		expect(LIMIT_MARK).toEqual({ value: STABILITY_LIMIT, label: '2/λ ≈ 0.91' });
		expect(regimeText(1.2)).toBe(
			'η = 1.20 is past the stability limit 2/λ_max = 2/2.2 ≈ 0.91. Along x, each step multiplies the distance from the bottom by 1 − η·2.2 = −1.64, which is more than 1 in size: the ball flips sides, lands farther out every time, and climbs out of the bowl.'
		);
		expect(regimeText(0.7)).toBe(
			'η = 0.70 is past 1/2.2 ≈ 0.45: each step overshoots the valley floor along x (factor −0.54), so the ball zig-zags, but every swing is smaller than the last.'
		);
		expect(regimeText(0.3)).toBe(
			'η = 0.30 is under 1/2.2 ≈ 0.45: the ball rolls straight in along x without overshooting.'
		);
		expect(regimeText(0.01)).toBe(
			'η = 0.01 is tiny: every step is correct but short, so the ball crawls, slowest along the shallow y direction.'
		);
	});

	it('says what happened to the run, and how to recover from NaN', () => {
		expect(statusText('ready', 0)).toBe(
			'Click or tap the bowl to drop the ball there, or press Drop ball.'
		);
		expect(statusText('converged', 31)).toBe('Settled at the bottom after 31 steps.');
		expect(statusText('stopped', MAX_STEPS)).toBe(
			'Stopped after 2000 steps, still on its way down.'
		);
		expect(statusText('nan', 900)).toBe(
			'Then the position overflowed too, and ∞ − ∞ gave NaN: the run is over. Lower η below 0.91 and drop the ball again, or press Reset.'
		);
	});

	it('returns the signed factor 1 − ηλ: negative once a step overshoots the floor', () => {
		expect(stepFactor(0.3, LAMBDA_MAX)).toBeCloseTo(0.34, 12);
		expect(stepFactor(0.7, LAMBDA_MAX)).toBeCloseTo(-0.54, 12);
		expect(Math.abs(stepFactor(STABILITY_LIMIT, LAMBDA_MAX))).toBeCloseTo(1, 12);
	});

	it('shows the gradient of the latest step, and flags a run that has gone wrong', () => {
		const run = new DescentRun([1, 2], 0.1);
		expect(descentView(run, 0.1).gradText).toBeNull();
		run.step();
		const view = descentView(run, 0.1);
		expect(view.gradText).toBe('∇L = (2.20, 1.00)');
		expect(view.picture.ball).toEqual(viewport.toSvg(run.position));
		expect(view.bad).toBe(false);
		const wild = new DescentRun([-3.2, 2.4], 1.2);
		wild.run();
		const broken = descentView(wild, 1.2);
		expect(broken.status).toBe('nan');
		expect(broken.bad).toBe(true);
		expect(broken.past).toBe(true);
		const edge = broken.picture.edge!;
		expect(broken.edgeTransform).toMatch(/^translate\(\d+\.\d \d+\.\d\) rotate\(-?\d+\.\d\)$/);
		expect(broken.edgeTransform).toContain(`rotate(${edge.angle.toFixed(1)})`);
		expect(view.edgeTransform).toBeNull();
	});

	it('drops the ball where the reader clicked, kept on the plot and to two decimals', () => {
		expect(dropPoint([1.23456, -0.98765])).toEqual([1.23, -0.99]);
		expect(dropPoint([9, -7])).toEqual([4, -3]);
	});

	it('draws contours where the loss equals their level', () => {
		for (const e of CONTOURS) {
			expect(lossAt(viewport.toData([e.cx + e.rx, e.cy]))).toBeCloseTo(e.level, 4);
			expect(lossAt(viewport.toData([e.cx, e.cy - e.ry]))).toBeCloseTo(e.level, 4);
		}
	});
});
