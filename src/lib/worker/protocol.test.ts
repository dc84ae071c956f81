import { describe, expect, it } from 'vitest';
import { isFromWorker, isToWorker, type FromWorker, type TrainSettings } from './protocol';

const settings: TrainSettings = { preset: 'micro', seed: 42, lr: 0.01, steps: 1000, batch: 1 };
const summary = {
	source: 'own',
	items: 2,
	heldOut: 0,
	measured: 0,
	chars: ['a', 'b'],
	bigram: { train: 1.2, heldOut: null },
	notes: []
};

/** A one-token, one-layer, one-head inspection: the smallest the page could receive. */
function stage(rows: number, cols: number) {
	return {
		rows,
		cols,
		values: new Float32Array(rows * cols),
		grad: new Float32Array(rows * cols)
	};
}
const layer = {
	attentionNorm: stage(1, 2),
	q: stage(1, 2),
	k: stage(1, 2),
	v: stage(1, 2),
	scores: [stage(1, 1)],
	weights: [stage(1, 1)],
	weightedValues: stage(1, 2),
	attentionProjection: stage(1, 2),
	attentionResidual: stage(1, 2),
	mlpNorm: stage(1, 2),
	mlpHidden: stage(1, 8),
	mlpActivation: stage(1, 8),
	mlpProjection: stage(1, 2),
	mlpResidual: stage(1, 2)
};
const inspection = {
	prefix: '',
	next: 'a',
	seed: 0,
	step: 0,
	tokens: ['◆'],
	vocab: ['◆', 'a'],
	nHead: 1,
	tokenEmbedding: stage(1, 2),
	positionEmbedding: stage(1, 2),
	embedding: stage(1, 2),
	layers: [layer],
	finalNorm: stage(1, 2),
	logits: stage(1, 2),
	probs: new Float32Array([0.5, 0.5]),
	sampled: 1,
	target: 1,
	loss: Math.LN2,
	weights: [{ name: 'wte', rows: 2, cols: 2, norm: 0.5 }]
};

describe('what the worker accepts from the page', () => {
	it('accepts well-formed requests', () => {
		for (const message of [
			{ type: 'kernels', choice: 'auto' },
			{ type: 'kernels', choice: 'typescript' },
			{ type: 'settings', settings },
			{ type: 'names', id: 0, url: 'http://127.0.0.1:4173/trenchcoat/data/names.txt' },
			{ type: 'text', id: 3, text: 'paris\nrome' },
			{ type: 'text', id: 4, text: new Blob(['paris']) },
			{ type: 'start' },
			{ type: 'step' },
			{ type: 'inspect', prefix: 'emm', next: '◆', seed: 3 },
			{ type: 'sample', count: 12, temperature: 0.8, seed: 42_000 },
			{ type: 'attention', text: 'emma' }
		]) {
			expect(isToWorker(message), JSON.stringify(message)).toBe(true);
		}
	});

	it('refuses settings out of range, a relative or foreign-scheme URL, and text that is neither a string nor a file', () => {
		for (const message of [
			{ type: 'settings', settings: { ...settings, lr: -1 } },
			{ type: 'settings', settings: { ...settings, preset: 'huge' } },
			{ type: 'names', id: 0, url: '/data/names.txt' },
			{ type: 'names', id: 0, url: 'javascript:alert(1)' },
			{ type: 'names', id: -1, url: 'https://example.test/names.txt' },
			{ type: 'text', id: 1, text: ['paris'] },
			{ type: 'text', text: 'paris' },
			{ type: 'init', settings, lines: ['emma'], chars: ['a'] },
			{ type: 'sample', count: 0, temperature: 1, seed: 1 },
			{ type: 'kernels', choice: 'gpu' },
			{ type: 'settings', settings: { ...settings, batch: 0 } },
			{ type: 'inspect', prefix: 'emm', next: 'a' },
			null
		]) {
			expect(isToWorker(message), JSON.stringify(message)).toBe(false);
		}
	});
});

describe('what the page accepts from the worker', () => {
	it('accepts every well-formed message, NaN losses included (a diverged run is shown as such)', () => {
		const messages: FromWorker[] = [
			{ type: 'data', id: 0, summary: { ...summary, source: 'names' } },
			{ type: 'refused', id: 1, source: 'own', message: 'Too big.' },
			{
				type: 'ready',
				settings,
				parameterCount: 4192,
				vocabSize: 27,
				items: 8403,
				kernels: 'wasm'
			},
			{ type: 'losses', from: 0, losses: [3.3, NaN], heldOut: [{ step: 0, loss: 3.29 }] },
			{ type: 'inspection', inspection },
			{ type: 'uninspectable', prefix: 'É', next: 'a', message: 'Not in the vocabulary.' },
			{ type: 'progress', step: 5, steps: 10, elapsedMs: 3, stepsPerSecond: 1, running: true },
			{ type: 'samples', samples: [{ text: 'ema', isNew: true }], temperature: 0.8 },
			{
				type: 'attention',
				text: 'a',
				tokens: ['◆', 'a'],
				layers: [[{ weights: [[1, 0]], scores: [[0.5, null]] }]]
			},
			{ type: 'error', message: 'Training stopped.' },
			{ type: 'done', step: 10 }
		];
		for (const message of messages) expect(isFromWorker(message), message.type).toBe(true);
	});

	it('refuses a message whose fields the page would misread', () => {
		for (const message of [
			{ type: 'data', id: 0, summary: { ...summary, chars: 'ab' } },
			{ type: 'data', id: 0, summary: { ...summary, bigram: NaN } },
			{ type: 'data', id: 0, summary: { ...summary, bigram: { train: 1.2, heldOut: NaN } } },
			{ type: 'data', id: 0, summary: { ...summary, source: 'mine' } },
			{ type: 'refused', id: 1, source: 'own' },
			{
				type: 'ready',
				settings: { ...settings, steps: 0 },
				parameterCount: 1,
				vocabSize: 2,
				items: 1,
				kernels: 'wasm'
			},
			{ type: 'ready', settings, parameterCount: 1, vocabSize: 2, items: 1, kernels: 'gpu' },
			{ type: 'ready', settings, parameterCount: 1, vocabSize: 2, items: 1 },
			{ type: 'losses', from: 0, losses: ['3.3'], heldOut: [] },
			{ type: 'losses', from: 0, losses: [3.3] },
			{ type: 'inspection', inspection: { ...inspection, probs: [0.5, 0.5] } },
			{ type: 'inspection', inspection: { ...inspection, sampled: 2 } },
			{
				type: 'inspection',
				inspection: { ...inspection, layers: [{ ...layer, q: { ...stage(1, 2), rows: 3 } }] }
			},
			{ type: 'progress', step: 5, steps: 10, elapsedMs: 3, stepsPerSecond: 1 },
			{ type: 'samples', samples: [{ text: 'ema' }], temperature: 0.8 },
			{ type: 'attention', text: 'a', tokens: ['◆'], layers: [[{ weights: [['x']], scores: [] }]] },
			{ type: 'done' },
			{ type: 'nonsense' },
			'ready'
		]) {
			expect(isFromWorker(message), JSON.stringify(message)).toBe(false);
		}
	});
});
