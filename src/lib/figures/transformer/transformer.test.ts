import { describe, expect, it } from 'vitest';
import { formatNumber } from '$lib/ui/format';
import { decodeState } from '$lib/ui/url-state';
import {
	ARCHITECTURE,
	CHART,
	EMA_BETA,
	attentionSchema,
	chartLayout,
	checkTypedName,
	formatElapsed,
	heatPercent,
	SEED_RANGE,
	STEPS_RANGE,
	smooth,
	trainSchema,
	typedSetting,
	uniformLoss
} from './transformer';

describe('the smoothed loss', () => {
	it('starts at the first loss (bias-corrected) and follows a constant exactly', () => {
		expect(smooth([3, 3, 3])).toEqual([3, 3, 3].map((x) => expect.closeTo(x, 12)));
		expect(smooth([2])[0]).toBeCloseTo(2, 12);
	});

	it('continues from a partial result as if computed in one go', () => {
		const losses = [3.3, 3.1, 2.9, 3.0, 2.7, 2.5];
		const whole = smooth(losses);
		const part = smooth(losses.slice(0, 3));
		expect(smooth(losses, 3, part)).toEqual(whole.map((x) => expect.closeTo(x, 12)));
		const second = (EMA_BETA * (1 - EMA_BETA) * 3.3 + (1 - EMA_BETA) * 3.1) / (1 - EMA_BETA ** 2);
		expect(whole[1]).toBeCloseTo(second, 12);
	});
});

/** The names' bigram baselines: counted on the training names, scored on them and on held-out ones. */
const BIGRAM = { train: 2.43, heldOut: 2.4265 };

describe('the loss chart layout', () => {
	it('draws nothing but the axes and reference lines before training', () => {
		const layout = chartLayout([], [], [], 1000, Math.log(27), BIGRAM);
		expect(layout.band).toBe('');
		expect(layout.line).toBe('');
		expect(layout.references.map((r) => r.label)).toEqual([
			'guessing uniformly, ln V = 3.30',
			'bigram counts on held-out names = 2.43'
		]);
		expect([layout.heldOutLine, layout.heldOutPoints, layout.table]).toEqual(['', [], []]);
		expect(layout.yMin).toBe(1);
		expect(layout.yMax).toBe(4);
	});

	it('puts higher losses higher up and keeps every point inside the plot', () => {
		const losses = Array.from({ length: 500 }, (_, i) => 3.3 - i / 500);
		const layout = chartLayout(losses, smooth(losses), [], 1000, Math.log(27), BIGRAM);
		const [ln27, bigram] = layout.references;
		expect(ln27!.y).toBeLessThan(bigram!.y);
		const numbers = layout.line.match(/-?\d+(\.\d+)?/g)!.map(Number);
		for (let i = 0; i < numbers.length; i += 2) {
			expect(numbers[i]!).toBeGreaterThanOrEqual(CHART.left);
			expect(numbers[i]!).toBeLessThanOrEqual((CHART.width - CHART.right) / 2 + CHART.left);
			expect(numbers[i + 1]!).toBeGreaterThanOrEqual(CHART.top);
			expect(numbers[i + 1]!).toBeLessThanOrEqual(CHART.height - CHART.bottom);
		}
	});

	it('draws the held-out losses where they were measured, and lists them in a table', () => {
		const losses = Array.from({ length: 500 }, (_, i) => 3.3 - i / 500);
		const smoothed = smooth(losses);
		const heldOut = [
			{ step: 0, loss: 3.3 },
			{ step: 250, loss: 2.8 },
			{ step: 500, loss: 2.5 }
		];
		const layout = chartLayout(losses, smoothed, heldOut, 1000, Math.log(27), BIGRAM);
		const [start, middle, end] = layout.heldOutPoints;
		expect(start!.x).toBe(CHART.left);
		expect(end!.x).toBeCloseTo((CHART.left + CHART.width - CHART.right) / 2, 6);
		expect(start!.y).toBeLessThan(middle!.y);
		expect(middle!.y).toBeLessThan(end!.y);
		expect(layout.heldOutLine.split('L')).toHaveLength(3);
		expect(layout.table).toEqual([
			{ step: '0', smoothed: '—', heldOut: '3.300' },
			{ step: '250', smoothed: formatNumber(smoothed[249]!, 3), heldOut: '2.800' },
			{ step: '500', smoothed: formatNumber(smoothed[499]!, 3), heldOut: '2.500' }
		]);
	});

	it('draws the bigram line on the training names when nothing is held out', () => {
		const layout = chartLayout([], [], [], 1000, Math.log(27), { train: 2.2, heldOut: null });
		expect(layout.references[1]!.label).toBe('bigram counts = 2.20');
	});

	it('groups long runs into at most a few hundred columns', () => {
		const losses = Array.from({ length: 20_000 }, () => 2.5);
		const layout = chartLayout(losses, losses, [], 20_000, Math.log(27), BIGRAM, CHART, 320);
		expect(layout.line.split('L').length).toBeLessThanOrEqual(321);
	});
});

describe('the typed name', () => {
	const letters = (ch: string) => /^[a-z]$/.test(ch);
	it('accepts letters of the vocabulary up to 15 characters', () => {
		expect(checkTypedName('emma', letters, 15)).toBeNull();
	});
	it('explains an empty name, a too-long one, and characters outside the vocabulary', () => {
		expect(checkTypedName('', letters, 15)).toMatch(/Type a name/);
		expect(checkTypedName('a'.repeat(16), letters, 15)).toMatch(/16 characters.*at most 15/);
		expect(checkTypedName('Emma!', letters, 15)).toMatch(/“E”, “!”.*lower-case/);
		expect(checkTypedName('ann marie', letters, 15)).toMatch(/space/);
	});
	it('names invisible and direction characters by code point, so they cannot reorder the message', () => {
		const message = checkTypedName('em\u202ema\u200b', letters, 15)!;
		expect(message).toMatch(
			/no token for U\+202E \(right-to-left override\), U\+200B \(zero width space\)/
		);
		expect(message).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b]/);
	});
});

describe('the URL state', () => {
	it('falls back to defaults for junk and keeps good values', () => {
		const params = new URLSearchParams(
			'train.preset=larger&train.seed=7&train.lr=5&train.steps=abc&train.batch=99&attention.name=<b>'
		);
		expect(decodeState(params, 'train', trainSchema)).toEqual({
			preset: 'larger',
			seed: 7,
			lr: 0.01,
			steps: 1000,
			batch: 1
		});
		expect(decodeState(params, 'attention', attentionSchema)).toEqual({ name: 'emma' });
	});
});

describe('typed seeds and step counts', () => {
	it('are used as typed when they are whole numbers in range', () => {
		expect(typedSetting('7', 'seed', 42)).toEqual({ value: 7, note: null });
		expect(typedSetting('2500', 'steps', 1000)).toEqual({ value: 2500, note: null });
	});

	it('are rounded and clamped into the range the URL accepts, saying which number is used', () => {
		expect(typedSetting('12.6', 'seed', 42)).toEqual({
			value: 13,
			note: 'Seeds are whole numbers: the model uses 13.'
		});
		expect(typedSetting('60000', 'steps', 1000)).toEqual({
			value: STEPS_RANGE.max,
			note: 'At most 50,000 steps: the model uses 50,000.'
		});
		expect(typedSetting('-1', 'seed', 42)).toEqual({
			value: 0,
			note: 'Seeds run from 0 to 999,999: the model uses 0.'
		});
		expect(typedSetting('-1e12', 'steps', 1000)).toEqual({
			value: STEPS_RANGE.min,
			note: 'At least 100 steps: the model uses 100.'
		});
	});

	it('share their bounds with the URL schema', () => {
		for (const [key, range] of [
			['seed', SEED_RANGE],
			['steps', STEPS_RANGE]
		] as const) {
			expect(trainSchema[key].parse(String(range.min))).toBe(range.min);
			expect(trainSchema[key].parse(String(range.max))).toBe(range.max);
			expect(trainSchema[key].parse(String(range.min - 1))).toBeUndefined();
			expect(trainSchema[key].parse(String(range.max + 1))).toBeUndefined();
		}
	});

	it('keep the last setting when the box holds no number, and say so', () => {
		expect(typedSetting('', 'seed', 42)).toEqual({
			value: 42,
			note: 'That is not a whole number, so the model keeps 42.'
		});
		expect(typedSetting('abc', 'steps', 1000)).toEqual({
			value: 1000,
			note: 'That is not a whole number, so the model keeps 1,000.'
		});
		expect(typedSetting('1e400', 'steps', 1000).value).toBe(STEPS_RANGE.max);
	});
});

describe('small helpers', () => {
	it('puts uniform guessing at ln V', () => {
		expect(uniformLoss(27)).toBeCloseTo(3.2958, 4);
		expect(uniformLoss(1)).toBe(0);
	});

	it('formats training time and heat', () => {
		expect(formatElapsed(12_345)).toBe('12.3 s');
		expect(formatElapsed(125_000)).toBe('2 min 05 s');
		expect(heatPercent(0.256)).toBe(26);
		expect(heatPercent(2)).toBe(100);
	});

	it('links every block of the architecture to a lesson 1 figure', () => {
		expect(ARCHITECTURE.length).toBeGreaterThanOrEqual(8);
		const names = ARCHITECTURE.map((b) => b.name).join(' ');
		for (const piece of [
			'embedding',
			'Attention',
			'MLP',
			'Residual',
			'RMSNorm',
			'output head',
			'Softmax',
			'Cross-entropy'
		]) {
			expect(names).toContain(piece);
		}
	});
});
