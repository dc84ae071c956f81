/**
 * Seeded random numbers: every run of a lesson is reproducible from its seed.
 *
 * The generator is mulberry32: 32-bit integer arithmetic only (`Math.imul`, shifts, xor), so the
 * stream of integers is identical on every machine and browser. Normals use the Box–Muller
 * transform, which needs `Math.log`, `Math.sqrt` and `Math.cos`; V8 computes these in software
 * (a port of fdlibm), so a run is bit-identical across machines running the same engine.
 *
 *   const rng = new Rng(42);
 *   rng.uniform();              // in [0, 1)
 *   rng.normal();               // standard normal
 *   rng.categorical([0.2, 0.8]) // 0 or 1
 */
export class Rng {
	private state: number;

	constructor(seed: number) {
		if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
		this.state = seed >>> 0;
	}

	/** Next 32-bit unsigned integer (mulberry32). */
	nextUint32(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	/** Uniform in [0, 1), with 32 random bits. */
	uniform(): number {
		return this.nextUint32() / 4294967296;
	}

	/** Integer uniform in [0, n). */
	int(n: number): number {
		if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int: n must be a positive integer`);
		return Math.floor(this.uniform() * n);
	}

	/** Normal with the given mean and standard deviation (Box–Muller; one draw per call). */
	normal(mean = 0, std = 1): number {
		const u1 = 1 - this.uniform(); // in (0, 1], so the log is finite
		const u2 = this.uniform();
		return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
	}

	/**
	 * An index drawn with probability proportional to `weights` (they need not sum to 1, but must
	 * be ≥ 0 with a positive total).
	 */
	categorical(weights: ArrayLike<number>): number {
		let total = 0;
		for (let i = 0; i < weights.length; i++) {
			const w = weights[i]!;
			if (!(w >= 0)) throw new Error(`Rng.categorical: weight ${i} is ${w}; weights must be ≥ 0`);
			total += w;
		}
		if (!(total > 0) || !Number.isFinite(total)) {
			throw new Error(`Rng.categorical: weights must have a positive finite total, got ${total}`);
		}
		const r = this.uniform() * total;
		let acc = 0;
		for (let i = 0; i < weights.length; i++) {
			acc += weights[i]!;
			if (r < acc) return i;
		}
		// Rounding can leave r a hair above the last partial sum: take the last nonzero weight.
		for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
		return weights.length - 1;
	}

	/** Shuffles an array in place (Fisher–Yates) and returns it. */
	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			const tmp = items[i]!;
			items[i] = items[j]!;
			items[j] = tmp;
		}
		return items;
	}
}
