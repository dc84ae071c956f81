import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
	it('the same seed gives the same stream', () => {
		const a = new Rng(123);
		const b = new Rng(123);
		for (let i = 0; i < 100; i++) expect(a.nextUint32()).toBe(b.nextUint32());
	});

	it('the stream matches the C reference of mulberry32 for seed 42', () => {
		const rng = new Rng(42);
		expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([
			2581720956, 1925393290, 3661312704
		]);
	});

	it('different seeds give different streams', () => {
		expect(new Rng(1).uniform()).not.toBe(new Rng(2).uniform());
	});

	it('uniform stays in [0, 1) with mean near one half', () => {
		const rng = new Rng(5);
		let total = 0;
		for (let i = 0; i < 10000; i++) {
			const u = rng.uniform();
			expect(u).toBeGreaterThanOrEqual(0);
			expect(u).toBeLessThan(1);
			total += u;
		}
		expect(total / 10000).toBeCloseTo(0.5, 1);
	});

	it('normal has mean near 0 and standard deviation near 1', () => {
		const rng = new Rng(9);
		let s = 0;
		let ss = 0;
		const n = 20000;
		for (let i = 0; i < n; i++) {
			const x = rng.normal();
			s += x;
			ss += x * x;
		}
		expect(Math.abs(s / n)).toBeLessThan(0.03);
		expect(Math.sqrt(ss / n - (s / n) ** 2)).toBeCloseTo(1, 1);
	});

	it('categorical draws each index about as often as its weight says', () => {
		const rng = new Rng(3);
		const counts = [0, 0, 0];
		for (let i = 0; i < 30000; i++) counts[rng.categorical([1, 2, 7])]!++;
		expect(counts[0]! / 30000).toBeCloseTo(0.1, 1);
		expect(counts[1]! / 30000).toBeCloseTo(0.2, 1);
		expect(counts[2]! / 30000).toBeCloseTo(0.7, 1);
	});

	it('categorical never picks an index of weight zero', () => {
		const rng = new Rng(4);
		for (let i = 0; i < 1000; i++) expect(rng.categorical([0, 1, 0])).toBe(1);
	});

	it('categorical rejects negative or all-zero weights', () => {
		expect(() => new Rng(1).categorical([0.5, -0.1])).toThrow(/≥ 0/);
		expect(() => new Rng(1).categorical([0, 0])).toThrow(/positive finite total/);
	});

	it('shuffle is a permutation', () => {
		const items = [1, 2, 3, 4, 5, 6, 7, 8];
		new Rng(11).shuffle(items);
		expect([...items].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});
});
