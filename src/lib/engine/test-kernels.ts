// Helpers for tests that run the engine on both kernel sets. Not shipped: only tests import it.
import { afterEach, beforeEach, describe, expect } from 'vitest';
import { useKernels, type KernelSet } from './kernels';

export const KERNEL_SETS: readonly KernelSet[] = ['typescript', 'wasm'];

/** A describe block per kernel set, each test running with that set forced. */
export function forEachKernelSet(title: string, body: (set: KernelSet) => void): void {
	for (const set of KERNEL_SETS) {
		describe(`${title} (${set} kernels)`, () => {
			beforeEach(() => useKernels(set));
			afterEach(() => useKernels('auto'));
			body(set);
		});
	}
}

/**
 * The largest |actual − expected| must be at most `relative` times the largest |expected|: how
 * far two float32 computations of the same maths may honestly differ when they add in a
 * different order. Equal entries (infinities included) count as no difference; NaN never passes.
 */
export function expectNear(
	actual: ArrayLike<number>,
	expected: ArrayLike<number>,
	relative: number,
	what: string
): void {
	expect(actual.length, what).toBe(expected.length);
	let scale = 0;
	let worst = 0;
	for (let i = 0; i < expected.length; i++) {
		const e = expected[i]!;
		const a = actual[i]!;
		if (Number.isFinite(e)) scale = Math.max(scale, Math.abs(e));
		if (a === e) continue;
		const d = Math.abs(a - e);
		worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
	}
	expect(worst, `${what}: largest difference`).toBeLessThanOrEqual(relative * scale);
}
