import { describe, expect, it } from 'vitest';
import { Rng, crossEntropy, logSoftmax, noGrad, tensor, type Tensor } from '$lib/engine';
import { result } from '$lib/engine/tensor';
import { decodeState } from '$lib/ui/url-state';
import {
	CHART,
	backwardStops,
	chainRuleGradient,
	chartLayout,
	oneHot,
	PUNCHLINE_DEFAULT,
	punchlineSchema,
	punchlineView
} from './punchline';

const z = [...PUNCHLINE_DEFAULT];

/** p − y in float64 with Math.exp: no engine, no autograd, nothing shared with the route. */
function independentPMinusY(z: readonly number[], truth: number): number[] {
	const max = Math.max(...z);
	const e = z.map((v) => Math.exp(v - max));
	const total = e.reduce((a, b) => a + b, 0);
	return e.map((v, i) => v / total - (i === truth ? 1 : 0));
}

/** The fused op training uses: ∂L/∂z with p − y written into its backward by hand. */
function fusedGradient(z: readonly number[], truth: number): number[] {
	const logits = tensor([...z], [1, z.length], { requiresGrad: true });
	crossEntropy(logits, [truth]).backward();
	return Array.from(logits.grad!);
}

/**
 * A log-softmax with the right values and a wrong local gradient: it hands the incoming gradient
 * straight back, forgetting the softmax term (dx = g instead of g − p·Σg).
 */
function logSoftmaxWithBrokenBackward(x: Tensor): Tensor {
	const y = noGrad(() => logSoftmax(x));
	return result('logSoftmax', y.data, x.shape, [x], (out) => () => {
		for (let i = 0; i < x.size; i++) x.grad![i]! += out.grad![i]!;
	});
}

/** The largest float32 rounding step between 0.5 and 1: the routes differ by rounding only. */
const FLOAT32_EPS = 2 ** -23;

describe('the punchline, p − y, by the chain rule', () => {
	const rng = new Rng(5);
	const cases = Array.from({ length: 100 }, () => ({
		logits: Array.from({ length: 3 }, () => rng.uniform() * 20 - 10),
		truth: rng.int(3)
	}));

	it('backward() through log-softmax, the pick and the mean gives p − y for random logits', () => {
		for (const { logits, truth } of cases) {
			const { grad } = chainRuleGradient(logits, truth);
			const expected = independentPMinusY(logits, truth);
			grad.forEach((g, i) => expect(Math.abs(g - expected[i]!)).toBeLessThan(1e-6));
		}
	});

	it('agrees with the fused crossEntropy that training uses, to float32 precision', () => {
		for (const { logits, truth } of cases) {
			const unfused = chainRuleGradient(logits, truth).grad;
			const fused = fusedGradient(logits, truth);
			unfused.forEach((g, i) =>
				expect(Math.abs(g - fused[i]!)).toBeLessThanOrEqual(2 * FLOAT32_EPS)
			);
		}
	});

	it('sends −1 back to log p(true) and −y to log p, which log-softmax turns into p − y', () => {
		const route = chainRuleGradient(z, 1);
		expect(route.atPicked).toBe(-1);
		expect(route.atLogP.map((g) => g + 0)).toEqual([0, -1, 0]);
		expect(route.loss).toBeCloseTo(-route.logP[1]!, 6);
		expect(backwardStops(route).map((s) => [s.at, s.text])).toEqual([
			['L', '1.000'],
			['log p(true)', '−1.000'],
			['log p', '(0.000, −1.000, 0.000)'],
			['z', '(0.659, −0.758, 0.099)']
		]);
	});

	it('says "differ" when log-softmax’s local gradient is broken, so the check can fail', () => {
		const broken = { logSoftmax: logSoftmaxWithBrokenBackward };
		// The broken op still computes the right loss; only its gradient is wrong.
		expect(chainRuleGradient(z, 0, broken).loss).toBeCloseTo(chainRuleGradient(z, 0).loss, 6);
		expect(chainRuleGradient(z, 0, broken).grad.map((g) => g + 0)).toEqual([-1, 0, 0]);
		const view = punchlineView({ z, truth: 0 }, broken);
		expect(view.equal).toBe(false);
		expect(view.equalText).toBe('differ ✗');
		expect(view.summary).toMatch(/differs from p − y\.$/);
	});

	it('stays equal and finite for extreme logits of ±1e4', () => {
		const view = punchlineView({ z: [1e4, -1e4, 0], truth: 1 });
		expect(view.equal).toBe(true);
		expect(view.rows.map((r) => r.grad)).toEqual([1, -1, 0]);
		expect(view.loss).toBeCloseTo(2e4, 0);
	});

	it('gives the prose’s gradient (−0.341, 0.242, 0.099) and loss 0.417 by default', () => {
		const view = punchlineView({ z, truth: 0 });
		expect(view.rows.map((r) => r.gradText)).toEqual(['−0.341', '0.242', '0.099']);
		expect(view.rows.map((r) => r.atLogPText)).toEqual(['−1.000', '0.000', '0.000']);
		expect(view.rows.map((r) => r.diffText)).toEqual(['−0.341', '0.242', '0.099']);
		expect(view.loss.toFixed(3)).toBe('0.417');
		expect(view.equal).toBe(true);
		expect(view.maxDiff).toBeLessThan(1e-6);
	});

	it('the loss is −log p of the true token', () => {
		for (const truth of [0, 1, 2]) {
			const view = punchlineView({ z, truth });
			expect(view.loss).toBeCloseTo(-Math.log(view.pTrue), 5);
		}
	});

	it('only the true token’s gradient is negative, and the gradient sums to 0', () => {
		for (const truth of [0, 1, 2]) {
			const view = punchlineView({ z: [-3, 4, 0.5], truth });
			expect(view.rows.map((r) => r.grad < 0)).toEqual([0, 1, 2].map((i) => i === truth));
			expect(view.rows.reduce((s, r) => s + r.grad, 0)).toBeCloseTo(0, 6);
		}
	});

	it('y is one-hot at the truth', () => {
		expect(oneHot(1, 3)).toEqual([0, 1, 0]);
		expect(punchlineView({ z, truth: 2 }).rows.map((r) => r.y)).toEqual([0, 0, 1]);
	});
});

describe('FIG.14 layout', () => {
	it('draws p − y below the zero line for the true token and above it for the others', () => {
		const view = punchlineView({ z, truth: 1 });
		const chart = chartLayout(view.rows);
		const grads = chart.bars.filter((b) => b.kind === 'grad');
		expect(grads).toHaveLength(3);
		expect(grads[1]!.rect.y).toBe(chart.zero);
		expect(grads[1]!.rect.height).toBeGreaterThan(0);
		for (const i of [0, 2])
			expect(grads[i]!.rect.y + grads[i]!.rect.height).toBeCloseTo(chart.zero, 9);
	});

	it('scales 1 to the top line and −1 to the bottom line', () => {
		const chart = chartLayout(punchlineView({ z: [1e4, -1e4, -1e4], truth: 1 }).rows);
		const p0 = chart.bars.find((b) => b.kind === 'p' && b.token === 0)!;
		expect(p0.rect.y).toBeCloseTo(chart.plusOne, 9);
		const g1 = chart.bars.find((b) => b.kind === 'grad' && b.token === 1)!;
		expect(g1.rect.y + g1.rect.height).toBeCloseTo(chart.minusOne, 9);
		expect(chart.plusOne).toBeGreaterThanOrEqual(0);
		expect(chart.labelY).toBeLessThan(CHART.height);
	});

	it('keeps every bar inside the chart and the groups from overlapping', () => {
		const chart = chartLayout(punchlineView({ z, truth: 0 }).rows);
		for (const b of chart.bars) {
			expect(b.rect.x).toBeGreaterThanOrEqual(chart.left);
			expect(b.rect.x + b.rect.width).toBeLessThanOrEqual(chart.right);
		}
		const xs = chart.bars.map((b) => b.rect.x).sort((a, b) => a - b);
		const width = chart.bars[0]!.rect.width;
		for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(width);
	});

	it('reads logits and truth from a shared link and ignores nonsense', () => {
		expect(
			decodeState('?punchline.z=1,2,3&punchline.truth=2', 'punchline', punchlineSchema)
		).toEqual({ z: [1, 2, 3], truth: 2 });
		expect(decodeState('?punchline.truth=3', 'punchline', punchlineSchema).truth).toBe(0);
	});
});

describe('what FIG.14 prints', () => {
	it('works the loss out from the true token’s probability and says the routes are equal', () => {
		const view = punchlineView({ z, truth: 0 });
		expect(view.lossNote).toBe('Loss 0.417 = −ln(0.659): the surprise at the true token.');
		expect(view.equalText).toBe('equal ✓');
		expect(view.rows.map((r) => r.number)).toEqual([1, 2, 3]);
		expect(view.maxDiffText).toMatch(/^(0|\d(\.\d)?e−\d+)$/);
	});
});
