import { describe, expect, it } from 'vitest';
import { Rng } from '$lib/engine';
import { decodeState } from '$lib/ui/url-state';
import {
	CHART,
	chartLayout,
	engineGradient,
	oneHot,
	PUNCHLINE_DEFAULT,
	predictedMinusTrue,
	punchlineSchema,
	punchlineView
} from './punchline';

const z = [...PUNCHLINE_DEFAULT];

describe('the punchline, p − y', () => {
	it('the engine’s gradient equals p − y to 1e-6 for random logits and every truth', () => {
		const rng = new Rng(5);
		for (let trial = 0; trial < 100; trial++) {
			const logits = Array.from({ length: 3 }, () => rng.uniform() * 20 - 10);
			const truth = rng.int(3);
			const { grad } = engineGradient(logits, truth);
			const { diff } = predictedMinusTrue(logits, truth);
			grad.forEach((g, i) => expect(Math.abs(g - diff[i]!)).toBeLessThan(1e-6));
		}
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
