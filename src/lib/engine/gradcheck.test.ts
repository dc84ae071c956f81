import { describe, expect, it } from 'vitest';
import { gradcheck, gridTensor } from './gradcheck';
import { Rng } from './rng';
import { Tensor, result } from './tensor';
import { mul } from './ops/binary';

/** x·y with a deliberately broken backward, to prove gradcheck notices. */
function brokenMul(mode: 'wrong sign' | 'missing term' | 'half') {
	return (a: Tensor, b: Tensor): Tensor => {
		const out = new Float32Array(a.size);
		for (let i = 0; i < a.size; i++) out[i] = a.data[i]! * b.data[i]!;
		return result('brokenMul', out, a.shape, [a, b], (res) => () => {
			const G = res.grad!;
			for (let i = 0; i < a.size; i++) {
				const ga = G[i]! * b.data[i]!;
				a.grad![i]! += mode === 'wrong sign' ? -ga : mode === 'half' ? ga * 0.5 : ga;
				if (mode !== 'missing term') b.grad![i]! += G[i]! * a.data[i]!;
			}
		});
	};
}

describe('gradcheck', () => {
	it('gradcheck passes a correct backward and reports a small error', () => {
		const rng = new Rng(1);
		const report = gradcheck(mul, [gridTensor([5], rng), gridTensor([5], rng)]);
		expect(report.checked).toBe(10);
		expect(report.maxError).toBeLessThan(1e-4);
	});

	it('gradcheck rejects a backward with the wrong sign', () => {
		const rng = new Rng(2);
		const inputs = [gridTensor([6], rng, { minAbs: 0.2 }), gridTensor([6], rng, { minAbs: 0.2 })];
		expect(() => gradcheck(brokenMul('wrong sign'), inputs)).toThrow(/gradcheck failed/);
	});

	it('gradcheck rejects a backward that drops a term', () => {
		const rng = new Rng(3);
		const inputs = [gridTensor([6], rng, { minAbs: 0.2 }), gridTensor([6], rng, { minAbs: 0.2 })];
		expect(() => gradcheck(brokenMul('missing term'), inputs)).toThrow(/input 1/);
	});

	it('gradcheck rejects a gradient that is off by a factor of two', () => {
		const rng = new Rng(4);
		const inputs = [gridTensor([6], rng, { minAbs: 0.2 }), gridTensor([6], rng, { minAbs: 0.2 })];
		expect(() => gradcheck(brokenMul('half'), inputs)).toThrow(/input 0/);
	});

	it('grid tensors keep away from zero when asked', () => {
		const t = gridTensor([200], new Rng(5), { minAbs: 0.25, scale: 1 });
		for (const v of t.data) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.25);
	});
});
