import { describe, expect, it } from 'vitest';
import { tensor } from '$lib/engine';
import { insideBounds } from '../bowl/bowl';
import { decodeState } from '$lib/ui/url-state';
import {
	BOUNDS,
	FLAT,
	MAX_STEPS,
	NOISE_NOTE,
	RACERS,
	Race,
	STEEP,
	TILT_MAX,
	TILT_STEP,
	contoursAt,
	finishedRace,
	formatTilt,
	raceSchema,
	raceStatus,
	raceView,
	startAt,
	valley,
	viewport,
	type RacerView
} from './optimisers';

const f32 = (p: readonly number[]) => p.map((v) => Math.fround(v));
const TILTS = Array.from({ length: TILT_MAX / TILT_STEP + 1 }, (_, i) => i * TILT_STEP);

describe('the optimiser race on a narrow valley', () => {
	it('is 133 times steeper across the valley than along it, its floor on the first weight’s axis', () => {
		expect(Math.round(STEEP / FLAT)).toBe(133);
		expect(valley(0).lossAt([1, 0])).toBeCloseTo(FLAT / 2, 6);
		expect(valley(0).lossAt([0, 1])).toBeCloseTo(STEEP / 2, 6);
	});

	it('turns the valley and the start together when tilted', () => {
		const t = (30 * Math.PI) / 180;
		expect(valley(30).lossAt([Math.cos(t), Math.sin(t)])).toBeCloseTo(FLAT / 2, 6);
		expect(valley(30).lossAt(startAt(30))).toBeCloseTo(valley(0).lossAt(startAt(0)), 5);
		expect(startAt(0)).toEqual([-3.5, 0.8]);
	});

	it('gets the valley’s gradient from backward()', () => {
		const start = startAt(20);
		const t = tensor([start[0], start[1]], [2], { requiresGrad: true });
		valley(20).loss(t).backward();
		// The gradient is H·θ; check it against a central difference of the loss.
		const h = 1e-2;
		const loss = (x: number) => valley(20).lossAt([x, start[1]]);
		expect(t.grad![0]).toBeCloseTo((loss(start[0] + h) - loss(start[0] - h)) / (2 * h), 2);
	});

	it('replays exactly the same race from the same seed and tilt', () => {
		const a = new Race(7, 15);
		const b = new Race(7, 15);
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

	it('starts everyone at the same point and brings every loss down, at every tilt', () => {
		for (const tilt of [0, 25, TILT_MAX]) {
			const race = finishedRace(1, tilt);
			const start = valley(tilt).lossAt(startAt(tilt));
			expect(race.done).toBe(true);
			for (const r of race.racers) {
				expect(r.trail[0]).toEqual(f32(startAt(tilt)));
				// SGD's noise keeps kicking it, so it hovers near the floor instead of settling.
				expect(r.loss).toBeLessThan(r.spec.noisy ? start / 10 : start / 300);
			}
		}
	});

	it('with the valley along the axes, Adam gets below 0.01 first, then momentum, then gradient descent', () => {
		const arrived = finishedRace(1, 0).arrivals();
		expect(arrived.adam!).toBeLessThan(arrived.momentum!);
		expect(arrived.momentum!).toBeLessThan(arrived.gd! / 3);
	});

	it('a tilt changes nothing for gradient descent and momentum, and costs Adam its lead', () => {
		const level = finishedRace(1, 0).arrivals();
		for (const tilt of TILTS.slice(1)) {
			const tilted = finishedRace(1, tilt).arrivals();
			expect(tilted.gd).toBe(level.gd);
			expect(tilted.momentum).toBe(level.momentum);
			expect(tilted.adam!).toBeGreaterThan(level.adam!);
		}
		const steep = finishedRace(1, TILT_MAX).arrivals();
		expect(steep.adam!).toBeGreaterThan(2 * steep.momentum!);
	});

	it('keeps every path on the plot at every tilt', () => {
		for (const tilt of TILTS) {
			const race = finishedRace(1, tilt);
			for (const r of race.racers)
				for (const p of r.trail)
					expect(insideBounds(p, BOUNDS), `${r.spec.id} at ${tilt}°`).toBe(true);
		}
	});

	it('draws contours where the loss equals their level, turned with the valley', () => {
		for (const tilt of [0, 35]) {
			const t = (tilt * Math.PI) / 180;
			for (const e of contoursAt(tilt)) {
				const scale = viewport.x.map(1) - viewport.x.map(0);
				const along: [number, number] = [
					(e.rx / scale) * Math.cos(t),
					(e.rx / scale) * Math.sin(t)
				];
				expect(valley(tilt).lossAt(along)).toBeCloseTo(e.level, 4);
				expect(e.rotate).toBeCloseTo(-tilt, 9);
			}
		}
	});

	it('reads its state from a shared link and ignores nonsense', () => {
		expect(
			decodeState(
				new URLSearchParams('optimisers.seed=42&optimisers.tilt=30&optimisers.steps=80'),
				'optimisers',
				raceSchema
			)
		).toEqual({ seed: 42, tilt: 30, steps: 80 });
		expect(
			decodeState(
				new URLSearchParams('optimisers.seed=0&optimisers.tilt=90&optimisers.steps=999'),
				'optimisers',
				raceSchema
			)
		).toEqual({ seed: 1, tilt: 0, steps: 0 });
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
		expect(over.status).toBe('Race over after 200 steps: Adam got below 0.01 first.');
		const adam = over.racers.find((r) => r.id === 'adam')!;
		expect(adam.arrivedText).toBe(String(adam.arrived));
	});

	it('says who leads while the race runs, and that it is over when nobody arrived', () => {
		const leader = { name: 'Momentum', arrived: 41 } as RacerView;
		expect(raceStatus(false, leader)).toBe('Momentum got below 0.01 first, at step 41.');
		expect(raceStatus(true, null)).toBe('Race over after 200 steps.');
	});

	it('draws every racer on the plot, from the same start, and describes the tilt', () => {
		const view = raceView(new Race(3, 20));
		for (const r of view.racers) {
			expect(r.picture.ball).toEqual(viewport.toSvg(f32(startAt(20)) as [number, number]));
			expect(r.picture.edge).toBeNull();
		}
		expect(view.start).toEqual(viewport.toSvg(startAt(20)));
		expect(view.picture).toContain('turned 20° from the first weight’s axis');
		expect(raceView(new Race(3)).picture).toContain('its floor along the first weight’s axis');
		expect(formatTilt(45)).toBe('45°');
		expect(NOISE_NOTE).toContain('(σ = 0.4 per component)');
	});

	it('names each racer’s idea in its legend', () => {
		expect(RACERS.map((r) => r.detail)).toEqual([
			'g is the exact gradient; η = 0.2',
			'g̃ is g plus noise (σ = 0.4); η = 0.2',
			'b is a running sum of past gradients; μ = 0.8, η = 0.2',
			'm̂ averages recent gradients, v̂ their squares, weight by weight; η = 0.3, β₁ = 0.7'
		]);
	});
});
