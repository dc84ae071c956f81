import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { add, div, mul, sub } from './binary';
import { sum } from './reduce';

const vals = (t: { data: Float32Array }) => Array.from(t.data);

describe('binary ops by hand', () => {
	it('add, sub, mul and div work elementwise on equal shapes', () => {
		const a = tensor([1, 2, 3, 4], [2, 2]);
		const b = tensor([4, 3, 2, 1], [2, 2]);
		expect(vals(add(a, b))).toEqual([5, 5, 5, 5]);
		expect(vals(sub(a, b))).toEqual([-3, -1, 1, 3]);
		expect(vals(mul(a, b))).toEqual([4, 6, 6, 4]);
		expect(vals(div(a, b))).toEqual([0.25, 2 / 3, 1.5, 4].map(Math.fround));
	});

	it('a plain number acts as a scalar on either side', () => {
		const a = tensor([1, 2, 4]);
		expect(vals(sub(a, 1))).toEqual([0, 1, 3]);
		expect(vals(sub(1, a))).toEqual([0, -1, -3]);
		expect(vals(div(8, a))).toEqual([8, 4, 2]);
	});

	it('a row vector is added to every row', () => {
		const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
		const r = tensor([10, 20, 30]);
		expect(vals(add(x, r))).toEqual([11, 22, 33, 14, 25, 36]);
		expect(vals(add(r, x))).toEqual([11, 22, 33, 14, 25, 36]);
	});

	it('a column of one number per row broadcasts along the last dimension', () => {
		const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
		const c = tensor([10, 100], [2, 1]);
		expect(vals(mul(x, c))).toEqual([10, 20, 30, 400, 500, 600]);
		expect(add(x, c).shape).toEqual([2, 3]);
	});

	it('the gradient of a broadcast operand sums over the positions it was copied to', () => {
		const x = tensor([1, 2, 3, 4, 5, 6], [2, 3], { requiresGrad: true });
		const r = tensor([1, 1, 1], [3], { requiresGrad: true });
		const c = tensor([1, 1], [2, 1], { requiresGrad: true });
		const s = tensor(2, undefined, { requiresGrad: true });
		sum(mul(add(add(x, r), c), s)).backward();
		expect(vals({ data: x.grad! })).toEqual([2, 2, 2, 2, 2, 2]);
		expect(vals({ data: r.grad! })).toEqual([4, 4, 4]);
		expect(vals({ data: c.grad! })).toEqual([6, 6]);
		// ds = Σ (x + r + c) = (1 + … + 6) + 6 + 6
		expect(s.grad![0]).toBe(33);
	});

	it('shapes that do not broadcast are an error naming both shapes', () => {
		const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
		const b = tensor([1, 2], [2]);
		expect(() => add(a, b)).toThrow(/add: shapes \[2,3\] and \[2\] do not broadcast/);
		expect(() => mul(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/\[3\] and \[2\]/);
	});
});

describe('binary ops gradients', () => {
	const rng = new Rng(10);
	const cases = [
		['same shape', [3, 4], [3, 4]],
		['scalar right', [3, 4], []],
		['scalar left', [], [3, 4]],
		['row', [3, 4], [4]],
		['row left', [4], [3, 4]],
		['column', [3, 4], [3, 1]],
		['column left', [3, 1], [3, 4]]
	] as const;
	for (const [label, sa, sb] of cases) {
		it(`add, sub, mul and div pass gradcheck with ${label} broadcasting`, () => {
			const a = gridTensor(sa, rng, { scale: 2 });
			const b = gridTensor(sb, rng, { scale: 2, minAbs: 0.5 });
			gradcheck(add, [a, b]);
			gradcheck(sub, [a, b]);
			gradcheck(mul, [a, b]);
			gradcheck(div, [a, b]);
		});
	}
});
