import { describe, expect, it } from 'vitest';
import { tensor } from '$lib/engine';
import { decodeState } from '$lib/ui/url-state';
import {
	CONTOURS,
	FLAT,
	MAX_STEPS,
	NOISE_NOTE,
	RACERS,
	Race,
	START,
	STEEP,
	TILT,
	VALLEY,
	lossAt,
	raceSchema,
	raceStatus,
	raceView,
	viewport,
	type RacerView
} from './optimisers';

describe('the optimiser race on a narrow valley', () => {
	it('is 32 times steeper across the valley than along it', () => {
		expect(STEEP / FLAT).toBe(32);
		const along: [number, number] = [Math.cos(TILT), Math.sin(TILT)];
		const across: [number, number] = [-Math.sin(TILT), Math.cos(TILT)];
		expect(lossAt(along)).toBeCloseTo(FLAT / 2, 5);
		expect(lossAt(across)).toBeCloseTo(STEEP / 2, 5);
	});

	it('gets the valley’s gradient from backward()', () => {
		const t = tensor([START[0], START[1]], [2], { requiresGrad: true });
		VALLEY.loss(t).backward();
		// The gradient is H·θ; check it against a central difference of the loss.
		const h = 1e-2;
		const dx = (lossAt([START[0] + h, START[1]]) - lossAt([START[0] - h, START[1]])) / (2 * h);
		expect(t.grad![0]).toBeCloseTo(dx, 2);
	});

	it('replays exactly the same race from the same seed', () => {
		const a = new Race(7);
		const b = new Race(7);
		a.run(60);
		b.run(60);
		for (let i = 0; i < RACERS.length; i++) expect(a.racers[i]!.trail).toEqual(b.racers[i]!.trail);
	});

	it('changes only SGD’s path when the seed changes', () => {
		const a = new Race(1);
		const b = new Race(2);
		a.run(30);
		b.run(30);
		const byId = (r: Race, id: string) => r.racers.find((x) => x.spec.id === id)!.trail;
		expect(byId(a, 'sgd')).not.toEqual(byId(b, 'sgd'));
		for (const id of ['gd', 'momentum', 'adam']) expect(byId(a, id)).toEqual(byId(b, id));
	});

	it('starts everyone at the same point and brings every loss down', () => {
		const race = new Race(1);
		const start = lossAt(START);
		race.run(MAX_STEPS);
		expect(race.done).toBe(true);
		for (const r of race.racers) {
			expect(r.trail[0]).toEqual([Math.fround(START[0]), Math.fround(START[1])]);
			expect(r.loss).toBeLessThan(start / 100);
		}
	});

	it('lets momentum reach the floor well before plain gradient descent', () => {
		const race = new Race(1);
		race.run(MAX_STEPS);
		const arrived = Object.fromEntries(race.racers.map((r) => [r.spec.id, r.arrived]));
		expect(arrived.momentum).not.toBeNull();
		expect(arrived.gd).not.toBeNull();
		expect(arrived.momentum!).toBeLessThan(arrived.gd! / 1.5);
	});

	it('draws contours where the loss equals their level, tilted with the valley', () => {
		for (const e of CONTOURS) {
			const scale = viewport.x.map(1) - viewport.x.map(0);
			const along: [number, number] = [
				(e.rx / scale) * Math.cos(TILT),
				(e.rx / scale) * Math.sin(TILT)
			];
			expect(lossAt(along)).toBeCloseTo(e.level, 4);
			expect(e.rotate).toBeCloseTo(-20, 9);
		}
	});

	it('reads its state from a shared link and ignores nonsense', () => {
		expect(
			decodeState(
				new URLSearchParams('optimisers.seed=42&optimisers.steps=80'),
				'optimisers',
				raceSchema
			)
		).toEqual({ seed: 42, steps: 80 });
		expect(
			decodeState(
				new URLSearchParams('optimisers.seed=0&optimisers.steps=999'),
				'optimisers',
				raceSchema
			)
		).toEqual({ seed: 1, steps: 0 });
	});
});

describe('what FIG.10 prints', () => {
	it('names no leader before anyone arrives, then the first to get below 0.01', () => {
		const race = new Race(1);
		race.run(5);
		const early = raceView(race);
		expect(early.status).toBe('');
		expect(early.racers.map((r) => r.arrivedText)).toEqual([
			'not yet',
			'not yet',
			'not yet',
			'not yet'
		]);
		race.run(MAX_STEPS);
		const over = raceView(race);
		const first = over.racers.reduce((a, b) => (b.arrived! < a.arrived! ? b : a));
		expect(over.status).toBe(`Race over after 200 steps: ${first.name} got below 0.01 first.`);
		expect(first.arrivedText).toBe(String(first.arrived));
	});

	it('says who leads while the race runs, and that it is over when nobody arrived', () => {
		const leader = { name: 'Momentum', arrived: 41 } as RacerView;
		expect(raceStatus(false, leader)).toBe('Momentum got below 0.01 first, at step 41.');
		expect(raceStatus(true, null)).toBe('Race over after 200 steps.');
	});

	it('draws every racer on the plot, from the same start', () => {
		const view = raceView(new Race(3));
		for (const r of view.racers) {
			expect(r.picture.ball).toEqual(
				viewport.toSvg([Math.fround(START[0]), Math.fround(START[1])])
			);
			expect(r.picture.edge).toBeNull();
		}
		expect(NOISE_NOTE).toContain('(σ = 0.6 per component)');
	});
});
