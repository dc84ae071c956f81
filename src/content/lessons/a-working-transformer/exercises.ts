// Lesson 2's exercises, section by section. Every answer is computed here, from the variant's
// own seeded numbers, by the engine (its GPT's parameter shapes, its attention, its backward
// pass, its tokenizer) or the figures' state modules: nothing is written in by hand, so "New
// numbers" always comes with a right answer.
import { formatCount } from '$lib/ui/format';
import {
	BLOCK_SIZE,
	MODEL_PRESETS,
	Vocab,
	add,
	causalMask,
	causalSelfAttention,
	countParameters,
	crossEntropy,
	defaultGPTConfig,
	mul,
	parameterShapes,
	presetParameters,
	randn,
	square,
	tensor,
	zeros,
	type AttentionHead,
	type GPTConfig,
	type Rng
} from '$lib/engine';
import {
	between,
	choice,
	exercise,
	nonzero,
	task,
	tidy,
	type Exercise
} from '$lib/exercises/kinds';
import type { FigureSpec } from '$lib/ui/figure';
import type { Schema } from '$lib/ui/url-state';
import { trainingSequence } from '$lib/worker/dataset';
import { attentionFigure, samplesFigure } from '$lib/figures/transformer/transformer';
import { stageList, stepThroughFigure } from '$lib/figures/transformer/step-through';

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;
const count = formatCount;
const figureName = (spec: FigureSpec<Schema>) => `FIG.${String(spec.number).padStart(2, '0')}`;

/** Names for the questions, two to fifteen letters: the model's window holds fifteen and ◆. */
const NAMES = [
	'jo',
	'ada',
	'eve',
	'noor',
	'emma',
	'liam',
	'julia',
	'olivia',
	'sophia',
	'theodore',
	'isabella',
	'maximilian',
	'alexandria',
	'christopher',
	'bartholomew',
	'maryelizabeth'
] as const;

const letters = Vocab.names();

/** The tokens the model reads for a name: ◆ and its letters (the closing ◆ is only a target). */
const readTokens = (name: string) => ['◆', ...Array.from(name)];

/** How many predictions training makes on one name: one per token read, as GPT.loss counts. */
function predictionsFor(name: string): number {
	return trainingSequence(letters, name, BLOCK_SIZE).length - 1;
}

const predictions = exercise('predictions-1', (rng) => {
	const name = pick(rng, NAMES);
	const answer = predictionsFor(name);
	const n = Array.from(name).length;
	const spelled = [...readTokens(name), '◆'].join(' ');
	return {
		kind: 'number',
		question: `A training step reads the name “${name}”. How many next-token predictions does it score?`,
		answer,
		tolerance: 0,
		why: `${spelled} is ${n + 2} tokens; every token but the last is followed by one to predict: ${answer}.`,
		hint: 'Wrap the name in ◆ at both ends, then count the tokens that have a next token after them.',
		worked: `“${name}” has ${n} letters, so the sequence is ${spelled}: ${n + 2} tokens. The model predicts after ◆, after each letter but the last, and after the last letter (the answer there is ◆, the end). That is ${n + 2} − 1 = ${answer} predictions, the rows of the heat maps in ${figureName(attentionFigure)}.`,
		showMe: { figure: attentionFigure, state: { name } }
	};
});

/** The parameters of a config, grouped as the lesson counts them. */
function parameterParts(config: GPTConfig) {
	let embeddings = 0;
	let attention = 0;
	let mlp = 0;
	let head = 0;
	for (const [name, [rows, cols]] of parameterShapes(config)) {
		const size = rows * cols;
		if (name === 'lm_head') head += size;
		else if (name.includes('.attn_')) attention += size;
		else if (name.includes('.mlp_')) mlp += size;
		else embeddings += size;
	}
	return { embeddings, attention, mlp, head, total: countParameters(config) };
}

const parameters = exercise('params-1', (rng) => {
	const config: GPTConfig = {
		vocabSize: pick(rng, [27, 30, 40, 65]),
		nEmbd: pick(rng, [8, 16, 32, 48, 64]),
		nHead: 4,
		nLayer: between(rng, 1, 3),
		blockSize: pick(rng, [8, 16, 32])
	};
	const { vocabSize: V, nEmbd: C, nLayer: L, blockSize: T } = config;
	const parts = parameterParts(config);
	const layers = L === 1 ? 'one layer' : `${L} layers`;
	return {
		kind: 'number',
		question: `A GPT built like microgpt has a vocabulary of ${V} tokens, vectors of ${C} numbers, ${layers} and a window of ${T} tokens. How many parameters does it learn?`,
		answer: parts.total,
		tolerance: 0,
		unit: 'parameters',
		why: `Embeddings ${count(parts.embeddings)}, attention ${count(parts.attention)}, MLP ${count(parts.mlp)}, output head ${count(parts.head)}: ${count(parts.total)}.`,
		hint: 'Count block by block: wte (V × C), wpe (T × C), per layer four C × C attention matrices and two 4C × C MLP matrices, and the output head (V × C).',
		worked: `Token and position tables: ${V} × ${C} + ${T} × ${C} = ${count(parts.embeddings)}. Each layer: attention 4 × ${C} × ${C} and the MLP 2 × ${4 * C} × ${C}, times ${L}: ${count(parts.attention)} + ${count(parts.mlp)}. Output head: ${V} × ${C} = ${count(parts.head)}. In all ${count(parts.total)}; there are no biases, and the number of heads does not change the count.`
	};
});

/** One head's weights for random queries, keys and values over `T` tokens, by the engine. */
function someAttention(rng: Rng, T: number): AttentionHead {
	const heads: AttentionHead[] = [];
	const q = randn([T, 4], rng);
	const k = randn([T, 4], rng);
	const v = randn([T, 4], rng);
	causalSelfAttention(q, k, v, 1, heads);
	return heads[0]!;
}

const mask = exercise('mask-1', (rng) => {
	const name = pick(
		rng,
		NAMES.filter((n) => n.length >= 4 && n.length <= 8)
	);
	const tokens = readTokens(name);
	const T = tokens.length;
	const { weights } = someAttention(rng, T);
	const weight = (t: number, s: number) => weights.data[t * T + s]!;
	const describe = ([t, s]: readonly [number, number]) =>
		`Position ${t} (${tokens[t]}) looking at position ${s} (${tokens[s]})`;
	// One pair of each kind: ahead of the query, the query itself, behind it, the start marker.
	const t = between(rng, 1, T - 2);
	const pairs: [number, number][] = [
		[t, between(rng, t + 1, T - 1)],
		[t + 1, t + 1],
		[t + 1, t],
		[T - 1, 0]
	];
	const zero = pairs.filter(([a, b]) => weight(a, b) === 0);
	const open = pairs.filter(([a, b]) => weight(a, b) !== 0);
	const [right] = zero.map(describe);
	return choice(rng, right!, open.map(describe), {
		question: `The model reads ${tokens.join(' ')} (positions 0 to ${T - 1}). Which attention weight is zero in every head, whatever the model has learned?`,
		why: 'The causal mask: a position may look at itself and back, never ahead, so a later key gets −∞ before the softmax and weight 0.',
		hint: 'Which positions may a row of the heat map look at? Think of the diagonal too.',
		worked: `A position t may attend to every s ≤ t, itself included. Only a key after the query, s > t, is masked with −∞ and gets weight exactly 0: here ${right!.toLowerCase()}.`,
		showMe: { figure: attentionFigure, state: { name } }
	});
});

const scale = exercise('scale-1', (rng) => {
	const nHead = pick(rng, [1, 2, 4, 8]);
	const C = nHead * pick(rng, [2, 4, 8, 16]);
	const ones = tensor(new Array(2 * C).fill(1), [2, C]);
	const heads: AttentionHead[] = [];
	causalSelfAttention(ones, ones, ones, nHead, heads);
	const answer = heads[0]!.scores.data[0]!;
	const d = C / nHead;
	return {
		kind: 'number',
		question: `A model's queries and keys have ${C} numbers, split into ${nHead === 1 ? 'one head' : `${nHead} heads`}. If every entry of a query and a key is 1, what score does the softmax read for them? (Two decimals, or √ as sqrt(…).)`,
		answer,
		tolerance: 5e-3,
		why: `Each head compares d = ${d} numbers: q·k = ${d}, divided by √${d}, is √${d} ≈ ${tidy(answer)}.`,
		hint: 'The dot product is taken inside one head, over d = (numbers) ÷ (heads) entries, and then divided by √d.',
		worked: `A head owns d = ${C} ÷ ${nHead} = ${d} of the numbers. Its score is q·k/√d = (1 × 1 added ${d} times)/√${d} = ${d}/√${d} = √${d} ≈ ${tidy(answer)}.`
	};
});

const residual = exercise('residual-1', (rng) => {
	const a = nonzero(rng, 4);
	const x0 = between(rng, -10, 10) / 10;
	const x = tensor([x0], [1], { requiresGrad: true });
	add(x, mul(square(x), a)).backward();
	const answer = x.grad![0]!;
	const block = Math.abs(answer - 1);
	return {
		kind: 'number',
		question: `A block computes f(x) = ${tidy(a)}·x² and sits inside a residual connection, y = x + f(x). What is dy/dx at x = ${tidy(x0)}?`,
		answer,
		tolerance: 1e-3,
		why: `The two paths add: 1 along the straight road plus f′(x) = ${tidy(2 * a * x0)} through the block, ${tidy(answer)}.`,
		hint: 'x reaches y by two paths, and where paths meet their gradients add. What is the slope of each path?',
		worked: `y = x + ${tidy(a)}·x², so dy/dx = 1 + 2 × ${tidy(a)} × x = 1 + ${tidy(2 * a * x0)} = ${tidy(answer)} at x = ${tidy(x0)}. The 1 is the residual road; the block adds ${tidy(block)} in size${answer < 1 ? ', taken away here' : ''}.`
	};
});

const mlpShare = exercise('mlp-1', (rng) => {
	const C = pick(rng, [4, 8, 12, 16, 20, 24, 32, 48, 64]);
	const config: GPTConfig = { ...defaultGPTConfig, nEmbd: C };
	const answer = parameterParts(config).mlp;
	return {
		kind: 'number',
		question: `The MLP of a model whose vectors have ${C} numbers widens them four times and comes back. How many parameters do its two matrices hold?`,
		answer,
		tolerance: 0,
		unit: 'parameters',
		why: `${C} → ${4 * C} and ${4 * C} → ${C}: 2 × ${4 * C} × ${C} = ${count(answer)}.`,
		hint: 'One matrix maps C numbers to 4C, the other 4C back to C. No biases.',
		worked: `The first matrix is ${4 * C} × ${C} = ${count(4 * C * C)} numbers and the second ${C} × ${4 * C}, the same again: ${count(answer)} in all, 8C² for width C.`
	};
});

const namesSeen = exercise('names-seen-1', (rng) => {
	const items = between(rng, 10, 90) * 100;
	const steps = pick(rng, [500, 1000, 2000, 4000, 10_000]);
	const answer = (100 * Math.min(steps, items)) / items;
	return {
		kind: 'number',
		question: `A list of ${count(items)} names is shuffled once and training takes one name per step, in that order. What percentage of the names does a run of ${count(steps)} steps see at least once? (One decimal.)`,
		answer,
		tolerance: 0.05,
		unit: '%',
		why: `${count(Math.min(steps, items))} different names of ${count(items)}: ${tidy(answer, 1)}%.`,
		hint: 'A batch of one: each step is one name, and the shuffled order has no repeats until it runs out.',
		worked:
			steps >= items
				? `${count(steps)} steps are more than the ${count(items)} names, so the order runs out and starts again: every name is seen, 100%.`
				: `Each step takes the next name of the shuffled order, and the order has no repeats, so ${count(steps)} steps see ${count(steps)} different names: ${count(steps)} / ${count(items)} = ${tidy(answer, 1)}%.`
	};
});

const noisyCurve = exercise('batch-1', (rng) =>
	choice(
		rng,
		'Each step’s loss is measured on one name, and some names are much harder to predict than others',
		[
			'The learning rate grows as training goes on',
			'Adam adds random noise to the weights at every step',
			'The model forgets each name as soon as it has seen it'
		],
		{
			question:
				'Late in training, the loss still jumps up and down from one step to the next. Why?',
			why: 'A batch of one: the step’s loss is one name’s loss, so the curve shows how hard each name is as much as how good the model is.',
			hint: 'What is a step’s loss an average over, in this lesson’s training?',
			worked:
				'Every step trains on a single name and reports that name’s mean cross-entropy. An easy name costs little and an odd one a lot, so neighbouring steps differ by a nat or more even when the model hardly changes. The smoothed line averages many names; a batch of several names per step would also calm it.'
		}
	)
);

/** A temperature within this of the target counts: the slider moves in steps of about 12%. */
const TAU_TOLERANCE = 0.01;
const TAU_TARGET = 0.5;

const temperature = exercise('tau-1', () =>
	task({
		figure: samplesFigure,
		question: `In ${figureName(samplesFigure)}, set the temperature so that the logits are doubled before the softmax.`,
		met: (s) => Math.abs(s.tau - TAU_TARGET) <= TAU_TOLERANCE,
		status: (s) => `τ = ${tidy(s.tau, 3)}: the logits are multiplied by ${tidy(1 / s.tau, 2)}.`,
		why: `Dividing by τ = ${TAU_TARGET} is multiplying by ${1 / TAU_TARGET}: a sharper distribution, safer names.`,
		hint: 'The temperature divides the logits. Dividing by which number doubles them?',
		worked: `softmax(z/τ) with τ = ${TAU_TARGET} is softmax(${1 / TAU_TARGET}z): every gap between logits doubles, so likely letters become likelier and the names get more ordinary.`,
		showMe: { figure: samplesFigure, state: { tau: TAU_TARGET } }
	})
);

/** Cells of one heat map that may carry weight for a name: the entries the mask leaves finite. */
export function openCells(name: string): number {
	const T = readTokens(name).length;
	return Array.from(causalMask(zeros([T, T])).data).filter(Number.isFinite).length;
}

const CELLS_TARGET = openCells('julia');

const cells = exercise('cells-1', () =>
	task({
		figure: attentionFigure,
		question: `In ${figureName(attentionFigure)}, type a name of letters a to z whose heat maps each have exactly ${CELLS_TARGET} cells that may carry weight.`,
		met: (s) => /^[a-z]+$/.test(s.name) && openCells(s.name) === CELLS_TARGET,
		status: (s) =>
			/^[a-z]+$/.test(s.name)
				? `“${s.name}”: ${readTokens(s.name).length} positions, ${openCells(s.name)} cells in each map.`
				: 'Type letters a to z only.',
		why: 'With T positions, row t has t + 1 cells (everything up to and including itself): 1 + 2 + … + T = T(T + 1)/2.',
		hint: 'Count a row per position, ◆ included, and remember the diagonal: row t has t + 1 cells.',
		worked: `The maps have T(T + 1)/2 cells for T positions, and ${CELLS_TARGET} = 6 × 7 / 2, so T = 6: ◆ and five letters, such as “julia”.`,
		showMe: { figure: attentionFigure, state: { name: 'julia' } }
	})
);

const ownText = exercise('own-text-1', (rng) => {
	const chars = between(rng, 10, 96);
	const answer = presetParameters('micro', chars + 1);
	const { nEmbd: C } = MODEL_PRESETS.micro;
	// A one-token vocabulary leaves one row in each of wte and the output head: take them away.
	const fixed = presetParameters('micro', 1) - 2 * C;
	return {
		kind: 'number',
		question: `You paste a list that uses ${chars} distinct characters and train microgpt on it. How many parameters does the model have?`,
		answer,
		tolerance: 0,
		unit: 'parameters',
		why: `${chars} characters and ◆ make ${chars + 1} tokens; only wte and the output head grow with them: ${count(answer)}.`,
		hint: 'The vocabulary is the characters plus ◆. Which tables have one row per token?',
		worked: `The vocabulary has ${chars} + 1 = ${chars + 1} tokens. wte and the output head are each ${chars + 1} × ${C} = ${count((chars + 1) * C)}; everything else (positions, attention, MLP) stays ${count(fixed)}. Total ${count(fixed)} + 2 × ${count((chars + 1) * C)} = ${count(answer)}.`
	};
});

/** Parts of the model, each with the parameter it learns (null: it learns nothing). */
const PARTS: readonly { label: string; parameter: string | null }[] = [
	{ label: 'The softmax that turns attention scores into weights', parameter: null },
	{ label: 'The output projection W_O', parameter: 'layer0.attn_wo' },
	{ label: 'The MLP', parameter: 'layer0.mlp_fc1' },
	{ label: 'The table of position rows, wpe', parameter: 'wpe' },
	{ label: 'The output head', parameter: 'lm_head' }
];

const noWeights = exercise('no-weights-1', (rng) => {
	const shapes = new Map(parameterShapes(defaultGPTConfig));
	const isLearned = (p: (typeof PARTS)[number]) => p.parameter !== null && shapes.has(p.parameter);
	const size = (name: string) => shapes.get(name)!.join(' × ');
	const right = PARTS.find((p) => !isLearned(p))!.label;
	const wrong = rng.shuffle(PARTS.filter(isLearned).map((p) => p.label)).slice(0, 3);
	return choice(rng, right, wrong, {
		question: 'Which part of microgpt learns no weights of its own?',
		why: 'Softmax is a fixed function: it only exponentiates and divides. What it is fed (q·k/√d) is learned.',
		hint: 'Which of these is a formula applied to numbers, with no table or matrix inside?',
		worked: `W_O is a ${size('layer0.attn_wo')} matrix, the MLP two matrices (${size('layer0.mlp_fc1')} and ${size('layer0.mlp_fc2')}), wpe a ${size('wpe')} table and the output head a ${size('lm_head')} matrix: all learned. The softmax has nothing to learn; training changes the scores it receives, through W_Q and W_K.`
	});
});

/**
 * The gradient the way back starts from, at the true letter's logit, by the engine's own
 * cross-entropy: logits whose softmax gives the true letter `p` and shares the rest evenly.
 */
function gradientAtTruth(p: number, vocabSize: number): number {
	const rest = Math.log((1 - p) / (vocabSize - 1));
	const logits = tensor(
		Array.from({ length: vocabSize }, (_, i) => (i === 0 ? Math.log(p) : rest)),
		[1, vocabSize],
		{ requiresGrad: true }
	);
	crossEntropy(logits, [0]).backward();
	return logits.grad![0]!;
}

const wayBack = exercise('way-back-1', (rng) => {
	const p = between(rng, 5, 95) / 100;
	const letter = pick(rng, Array.from('abcdefghijklmnopqrstuvwxyz'));
	const answer = gradientAtTruth(p, letters.size);
	return {
		kind: 'number',
		question: `The true next letter is “${letter}”, and the model gives it a probability of ${tidy(p)}. The way back starts from p − y at the logits: what is its entry at “${letter}”'s logit? (Two decimals.)`,
		answer,
		tolerance: 5e-3,
		why: `y is 1 at the true letter, so the entry there is ${tidy(p)} − 1 = ${tidy(answer)}: negative, so a step raises that logit.`,
		hint: 'y is the one-hot truth: 1 at the true letter, 0 everywhere else. Subtract it from p.',
		worked: `p − y at the true letter is p − 1 = ${tidy(p)} − 1 = ${tidy(answer)}. Every other letter's entry is just its own probability, positive, so a gradient step lowers those logits and raises “${letter}”'s. This is lesson 1's FIG.14 in the real model: the gradient of the loss at the logits, before the chain rule carries it back through every stage.`,
		showMe: {
			figure: stepThroughFigure,
			// The last stage of microgpt's list is the way back.
			state: { stage: stageList(MODEL_PRESETS.micro.nLayer).length - 1, next: letter }
		}
	};
});

/** Lesson 2's exercises, by section id (the contents' anchors), in page order. */
export const EXERCISES: Record<string, readonly Exercise[]> = {
	'the-model-block-by-block': [predictions, parameters],
	'attention-head-by-head': [mask, scale],
	'the-mlp-and-the-residual-stream': [residual, mlpShare],
	'training-live': [namesSeen, noisyCurve],
	'inventing-names': [temperature],
	'where-attention-looks': [cells],
	'one-prediction-all-the-way-through': [wayBack],
	'your-own-text': [ownText],
	'what-you-just-saw': [noWeights]
};
