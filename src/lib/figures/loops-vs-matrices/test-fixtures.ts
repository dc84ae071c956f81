// A finished 64×64 run with round numbers, for the figure's tests. Not shipped: only tests
// import it.
import type { BenchResult } from './protocol';

export const RESULT_64: BenchResult = {
	size: 64,
	runs: 5,
	loopsMs: 0.5,
	matmulMs: 0.125,
	loopsReps: 40,
	matmulReps: 160,
	speedup: 4,
	maxAbsDiff: 9.5e-7,
	tolerance: 3.5e-4,
	match: true
};
