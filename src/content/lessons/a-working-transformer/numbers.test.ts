// Every number lesson 2's prose states is recomputed here from the code and the data behind it,
// and the prose must print exactly that. Change a number in the text, the model's recipe or the
// names, and this fails: the lesson cannot drift from the truth.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	BLOCK_SIZE,
	MODEL_PRESETS,
	TRAINING,
	crossEntropy,
	defaultGPTConfig,
	parameterShapes,
	presetParameters,
	tensor,
	Vocab
} from '$lib/engine';
import { formatNumber } from '$lib/ui/format';
import { MAX_CHARS, MAX_TEXT_BYTES, datasetBigram, prepareText } from '$lib/worker/dataset';
import { MAX_LINE_LENGTH } from '$lib/worker/protocol';
import { Trainer } from '$lib/worker/trainer';
import { smooth } from '$lib/figures/transformer/transformer';

const prose = readFileSync(new URL('./lesson.svx', import.meta.url), 'utf8');
const namesText = readFileSync(
	new URL('../../../../static/data/names.txt', import.meta.url),
	'utf8'
);
const check = prepareText(namesText, MAX_LINE_LENGTH);
if (!check.ok) throw new Error(check.message);
const { lines, chars } = check.dataset;
const vocab = new Vocab(chars);

/** Thousands with a comma, as the prose writes counts: "8,403". */
const count = (n: number) => n.toLocaleString('en-GB');
const WORDS = ['zero', 'one', 'two', 'three', 'four'];

function expectProse(text: string) {
	expect(prose, `the lesson should say "${text}"`).toContain(text);
}

/** The names' bigram baseline, computed exactly as the worker computes it for the chart. */
const bigram = datasetBigram(check.dataset);

describe('the numbers in "A working transformer"', () => {
	it('the names: 8,403 distinct items, 26 letters plus the boundary make 27 tokens', () => {
		expect(check.notes).toEqual([]);
		expect(new Set(lines).size).toBe(lines.length);
		expectProse(`The training set is ${count(lines.length)} distinct first names`);
		expectProse(`Names that are not among the ${count(lines.length)} are marked new`);
		expectProse(`The vocabulary is the ${chars.length} letters plus one special **boundary**`);
		expectProse(`${vocab.size} tokens in all`);
	});

	it('microgpt’s parameters, added up block by block as the prose does: 4,192', () => {
		const shapes = parameterShapes(defaultGPTConfig);
		const shape = (name: string) => shapes.find(([n]) => n === name)![1];
		const [V, C] = shape('wte');
		expectProse(`one row of ${C} numbers per token`);
		expectProse(`Token embeddings: $${V} \\times ${C} = ${V * C}$`);
		const [T] = shape('wpe');
		expectProse(`Positions: $${T} \\times ${C} = ${T * C}$`);
		const attention = shapes.filter(([n]) => n.startsWith('layer0.attn_'));
		const attentionSize = attention.reduce((sum, [, [r, c]]) => sum + r * c, 0);
		expect(attention.every(([, [r, c]]) => r === C && c === C)).toBe(true);
		expectProse(
			`Attention's ${WORDS[attention.length]} square matrices: $${attention.length} \\times ${C} \\times ${C} = ${attentionSize}$`
		);
		const mlp = shapes.filter(([n]) => n.startsWith('layer0.mlp_'));
		const hidden = mlp[0]![1][0];
		const mlpSize = mlp.reduce((sum, [, [r, c]]) => sum + r * c, 0);
		expectProse(`The MLP's two: $${mlp.length} \\times ${hidden} \\times ${C} = ${mlpSize}$`);
		const [headRows, headCols] = shape('lm_head');
		expectProse(`The output head: another $${headRows * headCols}$`);
		const total = V * C + T * C + attentionSize + mlpSize + headRows * headCols;
		expect(presetParameters('micro', vocab.size)).toBe(total);
		expectProse(`That makes **${count(total)} parameters**`);
	});

	it('the larger preset: four times as wide, two layers, 102,784 parameters', () => {
		const { micro, larger } = MODEL_PRESETS;
		expectProse(
			`The larger preset is ${WORDS[larger.nEmbd / micro.nEmbd]} times as wide (${larger.nEmbd} numbers per vector) ` +
				`with ${WORDS[larger.nLayer]} layers: ${count(presetParameters('larger', vocab.size))} parameters`
		);
	});

	it('16 tokens at once, so items are cut at 15 characters', () => {
		for (const preset of Object.values(MODEL_PRESETS)) expect(preset.blockSize).toBe(BLOCK_SIZE);
		expectProse(`Both read at most ${BLOCK_SIZE} tokens at once`);
		expectProse(
			`items longer than ${MAX_LINE_LENGTH} characters are cut so that each one still fits the model's ${BLOCK_SIZE}-token window`
		);
	});

	it('the limits on the reader’s own text: 1 MB and 96 distinct characters', () => {
		expectProse(
			`at most ${MAX_TEXT_BYTES / 1_000_000} MB of text and ${MAX_CHARS} distinct characters`
		);
	});

	it('guessing uniformly costs ln 27 ≈ 3.30, by the engine’s own cross-entropy', () => {
		const uniform = crossEntropy(tensor(new Array(vocab.size).fill(0), [1, vocab.size]), [1]);
		expect(uniform.item()).toBeCloseTo(Math.log(vocab.size), 5);
		expectProse(`**Guessing uniformly: ln ${vocab.size} ≈ ${uniform.item().toFixed(2)}.**`);
		expectProse(`$-\\ln \\tfrac{1}{${vocab.size}} = \\ln ${vocab.size}$`);
	});

	it('the bigram baseline on the names is about 2.43', () => {
		expectProse(`**The bigram line: about ${formatNumber(bigram, 2)}.**`);
	});

	it('with the default settings microgpt ends below the bigram line, as the prose promises', () => {
		const trainer = new Trainer(
			{ preset: 'micro', seed: TRAINING.seed, lr: MODEL_PRESETS.micro.lr, steps: TRAINING.steps },
			lines,
			chars
		);
		while (!trainer.done) trainer.trainStep();
		expect(smooth(trainer.losses).at(-1)!).toBeLessThan(bigram);
		expect(Math.abs(trainer.losses[0]! - Math.log(vocab.size))).toBeLessThan(0.2);
		expectProse('With the default settings, microgpt gets below it.');
	});
});
