// A finished 64×64 run with round numbers, for the figure's tests. Not shipped: only tests
// import it.
import type { BenchResult } from './protocol';

export const RESULT_64: BenchResult = {
	size: 64,
	runs: 5,
	rungs: [
		{ method: 'loops', ms: 0.5, reps: 40, maxAbsDiff: 0 },
		{ method: 'blocked', ms: 0.125, reps: 160, maxAbsDiff: 4.75e-7 },
		{ method: 'simd', ms: 0.0125, reps: 1600, maxAbsDiff: 9.5e-7 }
	],
	tolerance: 3.5e-4,
	match: true
};
