// Every number lesson 2's prose states, checked against the code that produces it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	BLOCK_SIZE,
	MODEL_PRESETS,
	TRAINING,
	countParameters,
	defaultGPTConfig,
	parameterShapes,
	presetParameters,
	Vocab
} from '$lib/engine';
import { bigramLoss, prepareText, trainingSequence } from '$lib/worker/dataset';
import { MAX_LINE_LENGTH } from '$lib/worker/protocol';
import { Trainer } from '$lib/worker/trainer';
import { smooth } from '$lib/figures/transformer/transformer';
import { MAX_CHARS, MAX_TEXT_BYTES } from '$lib/worker/dataset';

const prose = readFileSync(new URL('./lesson.svx', import.meta.url), 'utf8');
const namesText = readFileSync(
	new URL('../../../../static/data/names.txt', import.meta.url),
	'utf8'
);
const check = prepareText(namesText, MAX_LINE_LENGTH);
if (!check.ok) throw new Error(check.message);
const { lines, chars } = check.dataset;

describe("lesson 2's numbers", () => {
	it('the names are 8,403 distinct items over 26 letters, 27 tokens with the boundary', () => {
		expect(prose).toContain('8,403');
		expect(lines.length).toBe(8403);
		expect(new Vocab(chars).size).toBe(27);
		expect(check.notes).toEqual([]);
	});

	it('microgpt has 4,192 parameters, split as the prose adds them up', () => {
		expect(presetParameters('micro', 27)).toBe(4192);
		expect(countParameters(defaultGPTConfig)).toBe(4192);
		const sizes = Object.fromEntries(
			parameterShapes({ ...defaultGPTConfig }).map(([name, [r, c]]) => [name, r * c])
		);
		expect(sizes.wte).toBe(432);
		expect(sizes.wpe).toBe(256);
		expect(sizes['layer0.attn_wq']! * 4).toBe(1024);
		expect(sizes['layer0.mlp_fc1']! + sizes['layer0.mlp_fc2']!).toBe(2048);
		expect(sizes.lm_head).toBe(432);
		expect(prose).toContain('**4,192 parameters**');
	});

	it('the larger preset is four times as wide with two layers: 102,784 parameters', () => {
		expect(MODEL_PRESETS.larger.nEmbd).toBe(4 * MODEL_PRESETS.micro.nEmbd);
		expect(MODEL_PRESETS.larger.nLayer).toBe(2);
		expect(presetParameters('larger', 27)).toBe(102_784);
		expect(prose).toContain('102,784 parameters');
	});

	it('both read 16 tokens; items are cut at 15 characters; caps are 1 MB and 96 characters', () => {
		expect(MODEL_PRESETS.micro.blockSize).toBe(16);
		expect(MODEL_PRESETS.larger.blockSize).toBe(16);
		expect(BLOCK_SIZE).toBe(16);
		expect(MAX_LINE_LENGTH).toBe(15);
		expect(MAX_TEXT_BYTES).toBe(1_000_000);
		expect(MAX_CHARS).toBe(96);
	});

	it('ln 27 ≈ 3.30 and the bigram baseline on the names ≈ 2.43', () => {
		expect(Math.log(27).toFixed(2)).toBe('3.30');
		const vocab = new Vocab(chars);
		const bigram = bigramLoss(
			lines.map((line) => trainingSequence(vocab, line, BLOCK_SIZE)),
			vocab.size
		);
		expect(bigram.toFixed(2)).toBe('2.43');
		expect(prose).toContain('about 2.43');
	});

	it('with the default settings microgpt ends below the bigram line', () => {
		const trainer = new Trainer(
			{ preset: 'micro', seed: TRAINING.seed, lr: MODEL_PRESETS.micro.lr, steps: TRAINING.steps },
			lines,
			chars
		);
		while (!trainer.done) trainer.trainStep();
		const smoothed = smooth(trainer.losses);
		expect(smoothed.at(-1)!).toBeLessThan(2.43);
		expect(Math.abs(trainer.losses[0]! - Math.log(27))).toBeLessThan(0.2);
	});
});
