import { describe, expect, it } from 'vitest';
import { GPT, Rng, Vocab, presetConfig } from '$lib/engine';
import { formatNumber } from '$lib/ui/format';
import { decodeState, defaultState } from '$lib/ui/url-state';
import { inspectPrediction } from '$lib/worker/inspect';
import type { Inspection } from '$lib/worker/protocol';
import {
	inspectRequest,
	nextProblem,
	stageList,
	stepThroughSchema,
	stepThroughView,
	weightName,
	type StepThroughInput,
	type StepThroughState
} from './step-through';

const vocab = Vocab.names();
const chars = [...'abcdefghijklmnopqrstuvwxyz'];

function inspect(preset: 'micro' | 'larger' = 'micro', prefix = 'emm', next = 'a'): Inspection {
	const model = new GPT(presetConfig(preset, vocab.size), new Rng(3));
	return inspectPrediction(model, vocab, { prefix, next, seed: 1 }, 0);
}

const micro = inspect();

function input(ui: Partial<StepThroughState> = {}, over: Partial<StepThroughInput> = {}) {
	return {
		connected: true,
		ui: { ...defaultState(stepThroughSchema), ...ui },
		prefixProblem: null,
		chars,
		inspection: micro,
		refused: null,
		...over
	};
}

describe('the stages of one prediction', () => {
	it('are the embeddings, nine per block, the final norm, logits, softmax and the way back', () => {
		const one = stageList(1).map((s) => s.title);
		expect(one).toEqual([
			'Token and position embeddings',
			'Layer 1: RMSNorm before attention',
			'Layer 1: Queries, keys and values',
			'Layer 1: Scores q·k/√d, masked',
			'Layer 1: Softmax weights',
			'Layer 1: Weighted sum of values',
			'Layer 1: Output projection W_O and residual add',
			'Layer 1: RMSNorm before the MLP',
			'Layer 1: MLP: 4× wider, ReLU',
			'Layer 1: MLP projection and residual add',
			'Final RMSNorm',
			'Logits',
			'Softmax: the next letter',
			'The way back: the gradient'
		]);
		const two = stageList(2).map((s) => s.title);
		expect(two).toHaveLength(23);
		// Each title names one stage: the stage list and the gradient table are keyed by them.
		expect(new Set(two).size).toBe(two.length);
	});

	it('walk from the first to the last with Previous and Next, and clamp a stage from an old link', () => {
		const first = stepThroughView(input());
		expect([first.canPrevious, first.canNext, first.position]).toEqual([
			false,
			true,
			'Stage 1 of 14'
		]);
		const last = stepThroughView(input({ stage: 99 }));
		expect([last.stage, last.canNext, last.title]).toEqual([
			13,
			false,
			'The way back: the gradient'
		]);
		expect(last.stages.filter((s) => s.current)).toEqual([
			{ title: 'The way back: the gradient', current: true }
		]);
	});
});

describe('each stage’s strips', () => {
	it('show the embeddings as the engine computed them, one row per token read', () => {
		const view = stepThroughView(input());
		expect(view.strips.map((s) => s.label)).toEqual([
			'token embeddings (rows of wte)',
			'position embeddings (rows of wpe)',
			'their sum'
		]);
		const sum = view.strips[2]!;
		expect([sum.rows, sum.cols]).toEqual([4, 16]);
		expect(sum.rowLabels.map((r) => r.glyph)).toEqual(['◆', 'e', 'm', 'm']);
		expect(sum.cells[16 + 3]!.text).toBe(formatNumber(micro.embedding.values[16 + 3]!, 4));
		expect(view.explanation).toMatchObject({
			link: 'a one-hot vector times a matrix',
			figure: 'matmul'
		});
		expect(view.reading).toBe('◆ e m m → ?');
	});

	it('split the queries into heads, and mask the scores above the diagonal', () => {
		const qkv = stepThroughView(input({ stage: 2 }));
		expect(qkv.strips.map((s) => s.groupStarts)).toEqual([
			[4, 8, 12],
			[4, 8, 12],
			[4, 8, 12]
		]);
		const scores = stepThroughView(input({ stage: 3 }));
		expect(scores.strips).toHaveLength(4);
		expect(scores.strips[0]!.cells[1]!.masked).toBe(true);
		expect(scores.explanation!.after).toContain('divided by √4');
	});

	it('count the MLP units that fire for the last letter, from the engine’s ReLU', () => {
		const view = stepThroughView(input({ stage: 8 }));
		const act = micro.layers[0]!.mlpActivation;
		const last = Array.from(act.values.subarray(3 * 64));
		const firing = last.filter((x) => x > 0).length;
		expect(firing).toBeGreaterThan(0);
		expect(view.readouts).toEqual([
			{ label: 'Units that fire for the last letter', value: `${firing} of 64` }
		]);
		expect(view.strips.map((s) => s.rows)).toEqual([1, 1]);
	});

	it('show the gradient there instead of the values when asked, and size it', () => {
		const values = stepThroughView(input({ stage: 1 }));
		const grads = stepThroughView(input({ stage: 1, show: 'gradients' }));
		expect(grads.strips[0]!.label).toBe('after RMSNorm: gradient');
		const g = micro.layers[0]!.attentionNorm.grad;
		expect(grads.strips[0]!.cells[5]!.text).toBe(formatNumber(g[5]!, 4));
		expect(values.strips[0]!.cells[5]!.text).toBe(
			formatNumber(micro.layers[0]!.attentionNorm.values[5]!, 4)
		);
		const size = Math.sqrt(Array.from(g).reduce((s, x) => s + x * x, 0));
		expect(grads.gradientHere).toBe(formatNumber(size, 4));
		expect(values.gradientHere).toBe(grads.gradientHere);
	});
});

describe('the distribution and the way back', () => {
	it('lists the top five tokens with the sampled one and the reader’s pick marked', () => {
		const view = stepThroughView(input({ stage: 12 }));
		expect(view.top).toHaveLength(5);
		const probs = view.top.map((t) => parseFloat(t.probability));
		expect(probs).toEqual([...probs].sort((a, b) => b - a));
		const sampled = micro.vocab[micro.sampled]!;
		expect(view.readouts[0]).toEqual({ label: 'Sampled next token', value: sampled });
		expect(view.readouts[1]!.label).toBe('P(a), the letter you picked');
		expect(view.gradientHere).toBe('—');
	});

	it('starts from p − y at the logits and sizes the gradient at every stage and weight matrix', () => {
		const view = stepThroughView(input({ stage: 13 }));
		expect(view.strips.map((s) => s.label)).toEqual([
			'p, the predicted distribution',
			'y, the letter you picked',
			'p − y, the gradient at the logits'
		]);
		const a = vocab.encode('a')[1]!;
		const pMinusY = view.strips[2]!.cells[a]!.text;
		expect(pMinusY).toBe(view.readouts[1]!.value);
		expect(view.readouts[0]).toEqual({
			label: 'Loss −ln P(a)',
			value: `${formatNumber(micro.loss, 4)} nats`
		});
		expect(view.stageGradients[0]!.name).toBe('Logits');
		expect(view.stageGradients.at(-1)!.name).toBe('Token and position embeddings');
		expect(view.stageGradients).toHaveLength(12);
		expect(view.weightGradients.map((w) => w.name)).toEqual([
			'wte, token embeddings',
			'wpe, position embeddings',
			'Layer 1 W_Q',
			'Layer 1 W_K',
			'Layer 1 W_V',
			'Layer 1 W_O',
			'Layer 1 MLP fc1',
			'Layer 1 MLP fc2',
			'lm_head, output head'
		]);
		expect(Math.max(...view.weightGradients.map((w) => w.bar))).toBe(100);
		expect(view.weightGradients[0]!.shape).toBe('27 × 16');
		expect(view.explanation).toMatchObject({ link: 'p − y', figure: 'punchline' });
	});

	it('says the model is untrained at step 0, and how far it trained otherwise', () => {
		expect(stepThroughView(input()).modelNote).toMatch(/not trained yet/);
		const later = stepThroughView(input({}, { inspection: { ...micro, step: 1250 } }));
		expect(later.modelNote).toBe('The model after 1,250 training steps.');
	});

	it('has two blocks’ stages for the larger model', () => {
		const view = stepThroughView(input({ stage: 17 }, { inspection: inspect('larger') }));
		expect(view.title).toBe('Layer 2: MLP: 4× wider, ReLU');
		expect(view.readouts[0]!.value).toMatch(/ of 256$/);
		expect(weightName('layer1.attn_wo')).toBe('Layer 2 W_O');
	});
});

describe('what the reader types', () => {
	it('a prefix or next letter with a problem shows the problem and no strips, and sends nothing', () => {
		const problem = 'The model has no token for “E”.';
		const view = stepThroughView(input({ prefix: 'Emm' }, { prefixProblem: problem }));
		expect([view.problem, view.strips, view.empty]).toEqual([problem, [], '']);
		expect(inspectRequest(defaultState(stepThroughSchema), problem, chars)).toBeNull();
		expect(nextProblem('É', chars)).toBe(
			'“É” is not a token of this model: pick the true next letter from the list.'
		);
		expect(nextProblem('\u202E', chars)).toMatch(/^U\+202E \(right-to-left override\) is not/);
		expect(nextProblem('◆', chars)).toBeNull();
		expect(nextProblem('É', null)).toBeNull();
		expect(
			inspectRequest({ ...defaultState(stepThroughSchema), next: 'É' }, null, chars)
		).toBeNull();
		expect(inspectRequest(defaultState(stepThroughSchema), null, chars)).toEqual({
			prefix: 'emm',
			next: 'a',
			seed: 1
		});
	});

	it('shows the worker’s refusal, and what stands in before the model answers', () => {
		expect(stepThroughView(input({}, { refused: 'No.' })).problem).toBe('No.');
		expect(stepThroughView(input({}, { inspection: null })).empty).toBe('Waiting for the model…');
		expect(stepThroughView(input({}, { inspection: null, connected: false })).empty).toMatch(
			/needs JavaScript/
		);
	});

	it('offers the end marker and every character as the true next token', () => {
		const view = stepThroughView(input());
		expect(view.nextOptions[0]).toEqual({ value: '◆', label: '◆ (the name ends)' });
		expect(view.nextOptions).toHaveLength(27);
	});

	it('keeps a hostile prefix out of a shared link', () => {
		const ns = 'inside';
		const read = (q: string) => decodeState(q, ns, stepThroughSchema);
		expect(read('?inside.prefix=oli&inside.next=v&inside.stage=3').prefix).toBe('oli');
		expect(read('?inside.prefix=%E2%80%AEemm').prefix).toBe('emm');
		expect(read('?inside.prefix=%3Cscript%3E').prefix).toBe('emm');
		expect(read('?inside.prefix=' + 'a'.repeat(16)).prefix).toBe('emm');
		expect(read('?inside.next=ab').next).toBe('a');
		expect(read('?inside.show=gradients').show).toBe('gradients');
	});
});
