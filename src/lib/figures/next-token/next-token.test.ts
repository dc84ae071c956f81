import { describe, expect, it } from 'vitest';
import { decodeState } from '$lib/ui/url-state';
import { probabilities } from '../softmax/softmax';
import {
	DEFAULT_SEED,
	drawsAllowed,
	drawTokens,
	formatShare,
	LOGITS,
	MAX_DRAWS,
	nextSeed,
	nextTokenSchema,
	nextTokenView,
	tally,
	VOCAB
} from './next-token';

describe('next-token sampling', () => {
	it('offers eight candidates with "mat" the most likely after the context', () => {
		expect(VOCAB).toHaveLength(8);
		const p = probabilities(LOGITS);
		expect(p.indexOf(Math.max(...p))).toBe(0);
		expect(VOCAB[0]!.token).toBe('mat');
	});

	it('the same seed draws the same tokens, and a different seed different ones', () => {
		const a = drawTokens(7, 1, 200);
		expect(drawTokens(7, 1, 200)).toEqual(a);
		expect(drawTokens(8, 1, 200)).not.toEqual(a);
	});

	it('the first k draws do not depend on how many come after, so a tally only grows', () => {
		const hundred = drawTokens(DEFAULT_SEED, 0.7, 100);
		expect(drawTokens(DEFAULT_SEED, 0.7, 101).slice(0, 100)).toEqual(hundred);
		expect(drawTokens(DEFAULT_SEED, 0.7, 1)).toEqual(hundred.slice(0, 1));
	});

	it('the tally converges to the probabilities', () => {
		const n = MAX_DRAWS;
		const counts = tally(drawTokens(DEFAULT_SEED, 1, n));
		expect(counts.reduce((s, c) => s + c, 0)).toBe(n);
		const p = probabilities(LOGITS);
		// Four standard errors of a binomial share: fails by chance about once in 16,000 runs of
		// a random seed, and never for this fixed one.
		counts.forEach((c, i) => {
			const se = Math.sqrt((p[i]! * (1 - p[i]!)) / n);
			expect(Math.abs(c / n - p[i]!)).toBeLessThan(4 * se + 1e-9);
		});
	});

	it('at a tiny temperature every draw is the greedy token', () => {
		expect(new Set(drawTokens(3, 1 / 16, 500))).toEqual(new Set([0]));
	});

	it('a new seed differs from the old one, stays in range and is itself reproducible', () => {
		for (const seed of [1, DEFAULT_SEED, 999_999]) {
			const next = nextSeed(seed);
			expect(next).not.toBe(seed);
			expect(next).toBeGreaterThanOrEqual(1);
			expect(next).toBeLessThanOrEqual(999_999);
			expect(nextSeed(seed)).toBe(next);
		}
	});

	it('sampling stops at the most draws the figure keeps', () => {
		expect(drawsAllowed(0, 100)).toBe(100);
		expect(drawsAllowed(MAX_DRAWS - 30, 100)).toBe(30);
		expect(drawsAllowed(MAX_DRAWS, 1)).toBe(0);
	});

	it('shows the last draw, the counts, and the probability beside each count', () => {
		const view = nextTokenView({ seed: DEFAULT_SEED, tau: 1, n: 100 });
		const draws = drawTokens(DEFAULT_SEED, 1, 100);
		expect(view.total).toBe(100);
		expect(view.rows.reduce((s, r) => s + r.count, 0)).toBe(100);
		expect(view.last).toBe(VOCAB[draws[99]!]!.token);
		expect(view.recent).toHaveLength(12);
		expect(view.summary).toBe(`Drew “${view.last}”. 100 draws so far.`);
		const p = probabilities(LOGITS);
		view.rows.forEach((r, i) => {
			expect(r.p).toBe(p[i]);
			expect(r.frequency).toBe(r.count / 100);
		});
		expect(view.rows[0]!.greedy).toBe(true);
	});

	it('shows shares as exact fractions: 0 and 1 plainly, tiny ones never as 0.000', () => {
		expect(formatShare(0, 100)).toBe('0');
		expect(formatShare(100, 100)).toBe('1');
		expect(formatShare(52, 100)).toBe('0.520');
		expect(formatShare(1, 10_000)).toBe('0.0001');
		expect(formatShare(0, 0)).toBe('—');
	});

	it('starts with an empty tally', () => {
		const view = nextTokenView({ seed: DEFAULT_SEED, tau: 1, n: 0 });
		expect(view.last).toBeNull();
		expect(view.rows.every((r) => r.count === 0 && r.frequencyWidth === 0)).toBe(true);
		expect(view.summary).toBe('No tokens drawn yet.');
	});

	it('reads seed, τ and count from a shared link and ignores nonsense', () => {
		expect(
			decodeState(
				'?next-token.seed=5&next-token.tau=2&next-token.n=300',
				'next-token',
				nextTokenSchema
			)
		).toEqual({ seed: 5, tau: 2, n: 300 });
		expect(
			decodeState(
				'?next-token.seed=-1&next-token.tau=99&next-token.n=1e9',
				'next-token',
				nextTokenSchema
			)
		).toEqual({ seed: DEFAULT_SEED, tau: 1, n: 0 });
	});
});

describe('what FIG.13 prints', () => {
	it('lists the latest draws, oldest first, and the logits with a real minus sign', () => {
		const view = nextTokenView({ seed: DEFAULT_SEED, tau: 1, n: 3 });
		const draws = drawTokens(DEFAULT_SEED, 1, 3).map((d) => VOCAB[d]!.token);
		expect(view.recentText).toBe(draws.join(' · '));
		expect(view.lastText).toBe(draws[2]);
		expect(view.blank).toBe(draws[2]);
		expect(view.rows.map((r) => r.logitText)).toEqual([
			'3.0',
			'2.2',
			'1.6',
			'1.1',
			'0.8',
			'−0.2',
			'−1.5',
			'−3.0'
		]);
	});

	it('offers Sample 1 and Sample 100 until the tally is full', () => {
		const fresh = nextTokenView({ seed: DEFAULT_SEED, tau: 1, n: 0 });
		expect([fresh.lastText, fresh.blank]).toEqual(['none yet', '…']);
		expect(fresh.samplers.map((s) => [s.label, s.disabled])).toEqual([
			['Sample 1', false],
			['Sample 100', false]
		]);
		const full = nextTokenView({ seed: DEFAULT_SEED, tau: 1, n: MAX_DRAWS });
		expect(full.samplers.every((s) => s.disabled)).toBe(true);
	});
});
