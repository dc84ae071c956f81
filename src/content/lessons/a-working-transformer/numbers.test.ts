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
	noGrad,
	parameterShapes,
	presetParameters,
	tensor,
	Vocab
} from '$lib/engine';
import { formatNumber } from '$lib/ui/format';
import {
	HELD_OUT_FRACTION,
	HELD_OUT_MEASURED,
	MAX_CHARS,
	MAX_TEXT_BYTES,
	prepareText,
	splitBigram,
	splitHeldOut,
	type Split
} from '$lib/worker/dataset';
import { MAX_LINE_LENGTH, type TrainSettings } from '$lib/worker/protocol';
import { Trainer, heldOutInterval } from '$lib/worker/trainer';
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

/** The names split as the worker splits them, and the bigram baselines it computes for the chart. */
const split = splitHeldOut(lines);
const bigram = splitBigram(split, chars);

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

	it('the bigram baseline on the held-out names is about 2.43', () => {
		expectProse(`**The bigram line: about ${formatNumber(bigram.heldOut!, 2)}.**`);
	});
});

/** A run of the worker's own Trainer to its last step. */
function train(settings: Partial<TrainSettings>, on: Split = split): Trainer {
	const preset = settings.preset ?? 'micro';
	const trainer = new Trainer(
		{
			preset,
			seed: TRAINING.seed,
			lr: MODEL_PRESETS[preset].lr,
			steps: TRAINING.steps,
			batch: MODEL_PRESETS[preset].batch,
			...settings
		},
		on,
		chars
	);
	while (!trainer.done) trainer.trainStep();
	return trainer;
}

/** Each run once, however many tests read it (the larger one takes a while). */
function once<T>(make: () => T): () => T {
	let value: T | undefined;
	return () => (value ??= make());
}

const micro = once(() => train({ preset: 'micro' }));
const microFour = once(() => train({ preset: 'micro', batch: MODEL_PRESETS.larger.batch }));
const larger = once(() => train({ preset: 'larger' }));
/** The larger model on a short list: its first 100 training names, 100 steps. */
const SHORT_LIST = 100;
const SHORT_STEPS = 100;
const memoriser = once(() =>
	train(
		{ preset: 'larger', steps: SHORT_STEPS },
		{ train: split.train.slice(0, SHORT_LIST), heldOut: split.heldOut }
	)
);

const finalHeldOut = (t: Trainer) => t.heldOut.at(-1)!.loss;
/** The mean loss on `count` of the names a run trained on, measured like the held-out loss. */
function seenLoss(t: Trainer, count = HELD_OUT_MEASURED): number {
	const seen = t.order.slice(0, count).map((i) => t.sequences[i]!);
	return noGrad(() => seen.reduce((sum, ids) => sum + t.model.loss(ids).item(), 0) / seen.length);
}
const nats = (x: number) => formatNumber(x, 2);
/** Long enough for a training run on a busy machine (the larger model's reads 4,000 names). */
const SLOW = 240_000;

describe('the numbers about names the model never saw', () => {
	it('one name in ten is held out, and the loss is measured on 200 of them every 50 steps', () => {
		expect(split.heldOut).toHaveLength(Math.floor(lines.length * HELD_OUT_FRACTION));
		expectProse(
			`Before training starts, ${count(split.heldOut.length)} of the ${count(lines.length)} names, one in ${
				1 / HELD_OUT_FRACTION
			}`
		);
		expectProse(
			`Every ${heldOutInterval(TRAINING.steps)} steps the worker measures the loss on the same ${HELD_OUT_MEASURED} of them`
		);
		expectProse(`and the bigram table, counted on the other ${count(split.train.length)}`);
	});

	it(
		'with the default settings microgpt ends below the bigram line on the held-out names',
		() => {
			const t = micro();
			const held = finalHeldOut(t);
			expect(held).toBeLessThan(bigram.heldOut!);
			expect(Math.abs(t.losses[0]! - Math.log(vocab.size))).toBeLessThan(0.2);
			expectProse('With the default settings, microgpt gets below it.');
			const smoothed = smooth(t.losses).at(-1)!;
			expectProse(
				`microgpt ends at ${nats(held)} on the held-out names, below the bigram's ${nats(bigram.heldOut!)} on the same names, while its smoothed training loss ends at ${nats(smoothed)}`
			);
		},
		SLOW
	);

	it(
		'the larger preset reads 4 names per step and beats microgpt on held-out names',
		() => {
			const big = larger();
			const small = micro();
			const four = microFour();
			const { batch } = MODEL_PRESETS.larger;
			expect(finalHeldOut(big)).toBeLessThan(finalHeldOut(small));
			expect(finalHeldOut(big)).toBeLessThan(finalHeldOut(four));
			expect(finalHeldOut(four)).toBeLessThan(finalHeldOut(small));
			const times = presetParameters('larger', vocab.size) / presetParameters('micro', vocab.size);
			expectProse(`The larger preset has ${Math.round(times)} times as many parameters`);
			expectProse(`So the larger preset reads ${WORDS[batch]} names per step`);
			expectProse(
				`and its ${count(TRAINING.steps)} steps see ${count(TRAINING.steps * batch)} names instead of ${count(TRAINING.steps)}`
			);
			expectProse(`That takes it to ${nats(finalHeldOut(big))} on the held-out names`);
			expectProse(
				`${WORDS[batch]![0]!.toUpperCase()}${WORDS[batch]!.slice(1)} names per step help microgpt too (${nats(finalHeldOut(four))}), so capacity alone buys the last ${nats(finalHeldOut(four) - finalHeldOut(big))} nats`
			);
			const seen = seenLoss(big);
			expect(Math.abs(finalHeldOut(big) - seen)).toBeLessThan(0.05);
			expectProse(
				`its loss ends at ${nats(seen)} on ${HELD_OUT_MEASURED} of its training names and at ${nats(finalHeldOut(big))} on the held-out ones`
			);
		},
		SLOW
	);

	it(
		'on a list of 100 names the larger model memorises: its held-out loss turns and climbs',
		() => {
			const t = memoriser();
			const best = t.heldOut.reduce((a, b) => (b.loss < a.loss ? b : a));
			const end = finalHeldOut(t);
			const seen = seenLoss(t, SHORT_LIST);
			expect(best.step).toBeLessThan(SHORT_STEPS / 2);
			expect(end).toBeGreaterThan(best.loss + 0.2);
			expect(seen).toBeLessThan(best.loss - 1);
			const passes = (SHORT_STEPS * MODEL_PRESETS.larger.batch) / SHORT_LIST;
			expectProse(
				`Trained on only ${SHORT_LIST} names for ${SHORT_STEPS} steps (${WORDS[passes]} passes over them)`
			);
			expectProse(`its loss on those names falls to ${nats(seen)}`);
			expectProse(
				`its held-out loss is lowest at step ${best.step} (${nats(best.loss)}) and then climbs to ${nats(end)}`
			);
		},
		SLOW
	);
});
