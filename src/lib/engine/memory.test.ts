import { afterEach, describe, expect, it } from 'vitest';
import { kernelStats, useKernels, withKernels } from './kernels';
import { STALE_RUN, Space, allocate, allocateBeside, sharedScratch, spaceOf } from './memory';
import { linear, matmul } from './ops/matmul';
import { relu } from './ops/unary';
import { Rng } from './rng';
import { Tensor, randn } from './tensor';
import { expectNear } from './test-kernels';

afterEach(() => useKernels('auto'));

describe('where tensor data lives', () => {
	it('ops outside an arena make ordinary arrays; inside one, arrays in the space’s memory', () => {
		const space = new Space({ arena: 1024 });
		const x = new Tensor(new Float32Array([1, -2, 3]), [3]);
		expect(spaceOf(relu(x).data)).toBeNull();
		const inside = space.arena!.run(() => relu(x));
		expect(spaceOf(inside.data)).toBe(space);
		expect(Array.from(inside.data)).toEqual([1, 0, 3]);
		expect(spaceOf(new Float32Array(3))).toBeNull();
	});

	it('a new run hands the arena out again from the start, zeroed', () => {
		const space = new Space({ arena: 64 });
		const arena = space.arena!;
		const first = arena.run(() => allocate(8).fill(7));
		const second = arena.run(() => allocate(8));
		expect(second.byteOffset).toBe(first.byteOffset);
		expect(Array.from(second)).toEqual(new Array(8).fill(0));
		expect(arena.latest.live).toBe(true);
	});

	it('a run’s tensors refuse item() and backward() once the next run has started', () => {
		const space = new Space({ arena: 64 });
		const arena = space.arena!;
		const x = new Tensor(new Float32Array([2]), [], true);
		const loss = arena.run(() => relu(x));
		loss.arena = { arena, run: arena.latest };
		expect(loss.item()).toBe(2);
		arena.run(() => allocate(4).fill(9));
		expect(() => loss.item()).toThrow(STALE_RUN);
		expect(() => loss.backward()).toThrow(STALE_RUN);
	});

	it('allocations that do not fit the arena become ordinary arrays, and are counted', () => {
		const space = new Space({ arena: 16 });
		const misses = kernelStats.arenaMisses;
		const [small, big] = space.arena!.run(() => [allocate(8), allocate(100)]);
		expect(spaceOf(small!)).toBe(space);
		expect(spaceOf(big!)).toBeNull();
		expect(big).toHaveLength(100);
		expect(kernelStats.arenaMisses).toBe(misses + 1);
	});

	it('pinned arrays never overlap, start on 16-byte boundaries, and stop at the capacity', () => {
		const space = new Space({ pinned: 20, arena: 8 });
		const a = space.pin(5)!;
		const b = space.pin(7)!;
		expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 4 * 5);
		expect(a.byteOffset % 16).toBe(0);
		expect(b.byteOffset % 16).toBe(0);
		expect(a.byteOffset).toBeGreaterThan(0);
		expect(space.pin(9)).toBeNull();
		const arenaStart = space.arena!.run(() => allocate(1)).byteOffset;
		expect(arenaStart).toBeGreaterThanOrEqual(b.byteOffset + 4 * 7);
		// beside a pinned array there is no room left, so the gradient-to-be is ordinary
		expect(spaceOf(allocateBeside(a, 9))).toBeNull();
		expect(spaceOf(allocateBeside(a, 4))).toBe(space);
	});

	it('a product on ordinary arrays is copied into the shared scratch space, which grows to fit', () => {
		const rng = new Rng(3);
		const a = randn([300, 200], rng);
		const b = randn([200, 300], rng);
		const reference = withKernels('typescript', () => matmul(a, b));
		const before = sharedScratch().floats.length;
		const copied = kernelStats.copiedFloats;
		const result = withKernels('wasm', () => matmul(a, b));
		expect(kernelStats.copiedFloats - copied).toBe(300 * 200 * 2 + 300 * 300 * 2);
		expect(sharedScratch().floats.length).toBeGreaterThan(before);
		expect(spaceOf(result.data)).toBeNull();
		expectNear(result.data, reference.data, 1e-5, 'the product');
	});

	it('a product too big for a space’s own scratch goes to the shared one and is still right', () => {
		const rng = new Rng(4);
		const space = new Space({ pinned: 64 * 32, scratch: 64 });
		const w = new Tensor(space.pin(64 * 32)!, [64, 32]);
		w.data.set(randn([64, 32], rng).data);
		const x = randn([50, 32], rng);
		const reference = withKernels('typescript', () => linear(x, w));
		expectNear(withKernels('wasm', () => linear(x, w)).data, reference.data, 1e-5, 'x·Wᵀ');
	});
});
