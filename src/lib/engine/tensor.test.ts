import { describe, expect, it } from 'vitest';
import { add, mul } from './ops/binary';
import { sum } from './ops/reduce';
import { Rng } from './rng';
import { Tensor, noGrad, ones, randn, tensor, topologicalOrder, zeros } from './tensor';

describe('constructors', () => {
	it('tensor infers the shape of a nested array', () => {
		const t = tensor([
			[1, 2, 3],
			[4, 5, 6]
		]);
		expect(t.shape).toEqual([2, 3]);
		expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(t.toArray()).toEqual([
			[1, 2, 3],
			[4, 5, 6]
		]);
	});

	it('tensor takes a flat array with an explicit shape', () => {
		const t = tensor([1, 2, 3, 4, 5, 6], [3, 2], { requiresGrad: true });
		expect(t.shape).toEqual([3, 2]);
		expect(t.requiresGrad).toBe(true);
		expect(t.grad).toBeNull();
	});

	it('a number makes a scalar whose item is that number', () => {
		const t = tensor(2.5);
		expect(t.shape).toEqual([]);
		expect(t.item()).toBe(2.5);
	});

	it('a shape that does not fit the values is an error naming both sizes', () => {
		expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/3 values do not fit shape \[2,2\]/);
	});

	it('ragged nested arrays are rejected', () => {
		expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
	});

	it('zeros and ones fill their shape', () => {
		expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
		expect(Array.from(ones([3]).data)).toEqual([1, 1, 1]);
	});

	it('randn with a seeded rng is reproducible and has roughly the asked spread', () => {
		const a = randn([1000], new Rng(7), 0.5);
		const b = randn([1000], new Rng(7), 0.5);
		expect(Array.from(a.data)).toEqual(Array.from(b.data));
		let ss = 0;
		for (const v of a.data) ss += v * v;
		expect(Math.sqrt(ss / 1000)).toBeGreaterThan(0.45);
		expect(Math.sqrt(ss / 1000)).toBeLessThan(0.55);
	});

	it('item on a tensor with several elements says to index data instead', () => {
		expect(() => tensor([1, 2]).item()).toThrow(/one-element tensor.*\.data/);
	});
});

describe('backward', () => {
	it('backward on a non-scalar throws and says to reduce it first', () => {
		const x = tensor([1, 2], undefined, { requiresGrad: true });
		expect(() => mul(x, x).backward()).toThrow(/shape \[2\].*sum\(x\)\.backward\(\)/);
	});

	it('backward on a tensor that needs no grad explains why nothing can flow', () => {
		expect(() => sum(tensor([1, 2])).backward()).toThrow(/requiresGrad: true/);
	});

	it('gradients accumulate into leaves across backward calls', () => {
		const x = tensor([3], undefined, { requiresGrad: true });
		const y = sum(mul(x, x));
		y.backward();
		expect(x.grad![0]).toBe(6);
		y.backward();
		expect(x.grad![0]).toBe(12);
	});

	it('a tensor used twice receives the sum of both paths', () => {
		const x = tensor([2], undefined, { requiresGrad: true });
		// y = x·x + x, dy/dx = 2x + 1 = 5
		sum(add(mul(x, x), x)).backward();
		expect(x.grad![0]).toBe(5);
	});

	it('inputs that do not require grad get no gradient', () => {
		const x = tensor([2], undefined, { requiresGrad: true });
		const c = tensor([5]);
		sum(mul(x, c)).backward();
		expect(x.grad![0]).toBe(5);
		expect(c.grad).toBeNull();
	});

	it('a deep chain of ops backpropagates without overflowing the stack', () => {
		const x = tensor([1], undefined, { requiresGrad: true });
		let y: Tensor = x;
		for (let i = 0; i < 20000; i++) y = add(y, 1);
		sum(y).backward();
		expect(x.grad![0]).toBe(1);
	});

	it('topological order puts every tensor after its parents', () => {
		const a = tensor([1], undefined, { requiresGrad: true });
		const b = mul(a, 2);
		const c = add(a, b);
		const d = mul(c, b);
		const order = topologicalOrder(d);
		expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
		expect(order.indexOf(b)).toBeLessThan(order.indexOf(c));
		expect(order.indexOf(c)).toBeLessThan(order.indexOf(d));
		expect(order).toHaveLength(4);
	});
});

describe('noGrad', () => {
	it('noGrad builds no graph and restores grad mode afterwards', () => {
		const x = tensor([1, 2], undefined, { requiresGrad: true });
		const y = noGrad(() => mul(x, x));
		expect(y.requiresGrad).toBe(false);
		expect(y.parents).toHaveLength(0);
		expect(mul(x, x).requiresGrad).toBe(true);
	});

	it('noGrad restores grad mode even when its function throws', () => {
		const x = tensor([1], undefined, { requiresGrad: true });
		expect(() =>
			noGrad(() => {
				throw new Error('boom');
			})
		).toThrow('boom');
		expect(mul(x, x).requiresGrad).toBe(true);
	});
});
