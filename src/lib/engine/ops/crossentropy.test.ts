import { expect, it } from 'vitest';
import fixture from '../fixtures/crossentropy.json';
import { gradcheck, gridTensor } from '../gradcheck';
import { Rng } from '../rng';
import { tensor } from '../tensor';
import { forEachKernelSet } from '../test-kernels';
import { crossEntropy } from './crossentropy';

forEachKernelSet('crossEntropy', () => {
	it('uniform logits over V classes give a loss of ln V', () => {
		const loss = crossEntropy(tensor(new Array(2 * 27).fill(0), [2, 27]), [3, 26]);
		expect(loss.item()).toBeCloseTo(Math.log(27), 6);
	});

	it('the gradient is (p − onehot) / N', () => {
		const logits = tensor([0, 0, 0, 0], [2, 2], { requiresGrad: true });
		crossEntropy(logits, [0, 1]).backward();
		expect(Array.from(logits.grad!)).toEqual([-0.25, 0.25, 0.25, -0.25]);
	});

	it('loss and gradient match numpy, including a row with logits near ±1e4', () => {
		const logits = tensor(fixture.logits, undefined, { requiresGrad: true });
		const loss = crossEntropy(logits, fixture.targets);
		expect(loss.item()).toBeCloseTo(fixture.loss, 3);
		expect(Math.abs(loss.item() - fixture.loss) / fixture.loss).toBeLessThan(1e-6);
		loss.backward();
		const expected = fixture.grad.flat();
		for (let i = 0; i < expected.length; i++) {
			expect(Math.abs(logits.grad![i]! - expected[i]!)).toBeLessThan(1e-6);
		}
	});

	it('crossEntropy passes gradcheck', () => {
		const rng = new Rng(80);
		gradcheck((x) => crossEntropy(x, [1, 0, 4]), [gridTensor([3, 5], rng, { scale: 3 })]);
	});

	it('targets out of range or of the wrong count are errors saying what is expected', () => {
		const logits = tensor(new Array(6).fill(0), [2, 3]);
		expect(() => crossEntropy(logits, [0, 3])).toThrow(/target 3 at row 1 .* 0 … 2/);
		expect(() => crossEntropy(logits, [0])).toThrow(/1 targets for logits of shape \[2,3\]/);
	});
});
