// Every number lesson 2's prose states is recomputed here from the code and the data behind it,
// and the prose must print exactly that. Change a number in the text, the model's recipe or the
// names, and this fails: the lesson cannot drift from the truth.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	BLOCK_SIZE,
	MODEL_PRESETS,
	Rng,
	TRAINING,
	add,
	causalSelfAttention,
	countParameters,
	crossEntropy,
	defaultGPTConfig,
	matmul,
	mul,
	noGrad,
	parameterShapes,
	presetParameters,
	randn,
	softmax,
	square,
	tanh,
	tensor,
	transpose,
	Vocab,
	type AttentionHead
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
import { headFocus, type HeadFocus } from '$lib/figures/transformer/attention-map';

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
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];
/** A share as the prose writes it: "42%". */
const percent = (x: number) => `${Math.round(100 * x)}%`;

function expectProse(text: string) {
	expect(prose, `the lesson should say "${text}"`).toContain(text);
}

/** The names split as the worker splits them, and the bigram baselines it computes for the chart. */
const split = splitHeldOut(lines);
const bigram = splitBigram(split, chars);

/** A run of the default recipe for `steps` steps, trained to its end. */
const trainedRun = (steps: number) => train({ preset: 'micro', steps });

/** The default run, trained once for every test that reads it. */
const trainedDefault = () => micro();

/** Every head's focus on a name, as the attention figure's read-out computes it. */
function focusOn(trainer: Trainer, name: string): HeadFocus[] {
	return trainer.attention(name).layers.flatMap((heads) => heads.map((h) => headFocus(h.weights)!));
}

/**
 * Queries and 16 keys with entries drawn from Normal(0, 1), by the engine: the spread of q·k and
 * the average largest softmax weight, with and without the division by √d.
 */
function scoreSpread(d: number, trials = 2000) {
	const rng = new Rng(1);
	let sum = 0;
	let sumSq = 0;
	let n = 0;
	let top = 0;
	let topScaled = 0;
	for (let i = 0; i < trials; i++) {
		const scores = matmul(randn([1, d], rng), transpose(randn([16, d], rng)));
		for (const v of scores.data) {
			sum += v;
			sumSq += v * v;
			n++;
		}
		top += Math.max(...softmax(scores).data);
		topScaled += Math.max(...softmax(mul(scores, 1 / Math.sqrt(d))).data);
	}
	return {
		spread: Math.sqrt(sumSq / n - (sum / n) ** 2),
		top: top / trials,
		topScaled: topScaled / trials
	};
}

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

	it('"emma" is six tokens and five predictions, one per token read', () => {
		const ids = vocab.encode('emma');
		const predictions = ids.length - 1;
		// Trained first: a run must not start inside noGrad().
		const { model } = trainedDefault();
		expect(
			crossEntropy(
				noGrad(() => model.forward(ids.slice(0, -1))),
				ids.slice(1)
			).shape
		).toEqual([]);
		expect(model.forward(ids.slice(0, -1)).shape[0]).toBe(predictions);
		expectProse(`the model reads the first ${WORDS[predictions]} tokens, ◆ e m m a`);
		expectProse(
			`${WORDS[ids.length]![0]!.toUpperCase()}${WORDS[ids.length]!.slice(1)} tokens give ${WORDS[predictions]} predictions`
		);
		expectProse(`For "emma", $n = ${predictions}$`);
	});

	it('four heads of four numbers, and the split costs no parameters', () => {
		const { nEmbd, nHead } = MODEL_PRESETS.micro;
		const d = nEmbd / nHead;
		expectProse(
			`queries, keys and values have ${nEmbd} numbers each, and it splits them into ${nHead} heads of $d = ${d}$ numbers`
		);
		const oneHead = countParameters({ ...defaultGPTConfig, nHead: 1 });
		expect(oneHead).toBe(countParameters(defaultGPTConfig));
		expectProse(`with one head or ${WORDS[nHead]}, microgpt has ${count(oneHead)} parameters`);
		expectProse(`The ${WORDS[nHead]} heads each hand back ${d} numbers per position`);
		const [rows, cols] = parameterShapes(defaultGPTConfig).find(
			([n]) => n === 'layer0.attn_wo'
		)![1];
		expectProse(`the **output projection** $W_O$ ($${rows} \\times ${cols}$)`);
	});

	it('the causal mask leaves 15 of 25 weights open for ◆ e m m a, the diagonal included', () => {
		const T = vocab.encode('emma').length - 1;
		const heads: AttentionHead[] = [];
		const rng = new Rng(3);
		causalSelfAttention(randn([T, 4], rng), randn([T, 4], rng), randn([T, 4], rng), 1, heads);
		const w = heads[0]!.weights.data;
		const open = Array.from(w).filter((x) => x !== 0).length;
		for (let t = 0; t < T; t++) expect(w[t * T + t]).toBeGreaterThan(0);
		expect(w[0]).toBe(1);
		expectProse(
			`Reading ◆ e m m a, ${WORDS[T]} positions, ${open} of each head's ${T * T} weights can be nonzero and the other ${T * T - open} are zero by construction`
		);
	});

	it('why √d: the spread of q·k grows as √d and the softmax saturates; scaled, it does not', () => {
		const [small, medium, large] = [4, 16, 64].map((d) => scoreSpread(d));
		expectProse(
			`the dot products spread about ${Math.round(small!.spread)} either side of zero when $d = 4$, and about ${Math.round(large!.spread)} when $d = 64$`
		);
		expectProse(
			`the largest weight averages ${formatNumber(small!.top, 2)} at $d = 4$, ${formatNumber(medium!.top, 2)} at $d = 16$ and ${formatNumber(large!.top, 2)} at $d = 64$`
		);
		for (const r of [medium!, large!])
			expect(Math.abs(r.topScaled - small!.topScaled)).toBeLessThan(0.01);
		expectProse(
			`the largest of 16 weights to about ${formatNumber(small!.topScaled, 2)} on average, whatever $d$ is`
		);
	});

	it('the MLP: four times wider, and nearly half the parameters', () => {
		const shapes = parameterShapes(defaultGPTConfig);
		const mlp = shapes.filter(([n]) => n.startsWith('layer0.mlp_'));
		const hidden = mlp[0]![1][0];
		const size = mlp.reduce((sum, [, [r, c]]) => sum + r * c, 0);
		const total = countParameters(defaultGPTConfig);
		expectProse(
			`It widens each vector from ${defaultGPTConfig.nEmbd} numbers to ${hidden} with one matmul`
		);
		expectProse(`each of the ${hidden} hidden units fires only when its input is positive`);
		expectProse(
			`Its two matrices hold ${count(size)} of microgpt's ${count(total)} parameters, ${percent(size / total)} of them`
		);
	});

	it('gradients add where the residual road and the block meet: 1 + 0.981 = 1.981', () => {
		const block = tensor([0.5], [1], { requiresGrad: true });
		square(tanh(mul(block, 3))).backward();
		const x = tensor([0.5], [1], { requiresGrad: true });
		add(x, square(tanh(mul(x, 3)))).backward();
		expect(x.grad![0]! - block.grad![0]!).toBeCloseTo(1, 6);
		const own = formatNumber(block.grad![0]!, 3);
		expectProse(
			`At $x = 0.5$ its own slope is $${own}$, and the residual connection makes it $1 + ${own} = ${formatNumber(x.grad![0]!, 3)}$`
		);
	});

	it('one name per step: the spread of single names late in the run, and 13% of the training names seen', () => {
		const trainer = trainedDefault();
		const last = trainer.losses.slice(-100);
		expectProse(
			`In the last ${last.length} steps of the default run, single names cost anywhere from ${formatNumber(Math.min(...last), 2)} to ${formatNumber(Math.max(...last), 2)} nats, while the smoothed line ends at ${formatNumber(smooth(trainer.losses).at(-1)!, 2)}`
		);
		// "anna" is easy and a rare shape is dear, as the prose says.
		const cost = (name: string) => noGrad(() => trainer.model.loss(vocab.encode(name)).item());
		expect(cost('anna')).toBeLessThan(Math.min(...last) + 0.5);
		expect(TRAINING.steps).toBeLessThan(split.train.length);
		expectProse(
			`And ${count(TRAINING.steps)} steps are only ${count(TRAINING.steps)} names, about ${percent(TRAINING.steps / split.train.length)} of the ${count(split.train.length)} it trains on`
		);
		// The smoothing reaches back about 50 steps: 1 / (1 − β).
		expectProse('the dark line averages roughly the last 50 steps');
	});

	it('heads after 1,000 steps have barely parted; after 10,000 one follows the previous letter', () => {
		const early = focusOn(trainedDefault(), 'emma');
		const most = Math.max(...early.flatMap((f) => [f.itself, f.previous, f.start]));
		// Spreading evenly over rows 2, 3, 4 of ◆ e m m a gives 1/3, 1/4 and 1/5 to each place.
		const even = (1 / 3 + 1 / 4 + 1 / 5) / 3;
		expect(
			headFocus([
				[1],
				[0.5, 0.5],
				[1 / 3, 1 / 3, 1 / 3],
				[0.25, 0.25, 0.25, 0.25],
				[0.2, 0.2, 0.2, 0.2, 0.2]
			])!.previous
		).toBeCloseTo(even, 12);
		expectProse(
			`Do not expect much after the default ${count(TRAINING.steps)} steps. On "emma", no head puts more than ${percent(most)} of its weight on any one of those three places, where spreading evenly would already give ${percent(even)}`
		);
		const steps = 10_000;
		const late = focusOn(trainedRun(steps), 'emma');
		const previous = Math.max(...late.map((f) => f.previous));
		expectProse(
			`Set the steps to ${count(steps)} and train again: with the default seed, one head ends up putting ${percent(previous)} of its weight on the previous letter`
		);
	}, 60_000);
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
