// Lesson 2's figure state and layout, pure: the URL schemas, the loss chart's smoothing and
// geometry, the heat map's cells, and the small text helpers the views print.

import { MODEL_PRESETS, PRESET_IDS, TRAINING } from '$lib/engine';
import { defineFigure, type Branch } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import { formatNumber, formatCount } from '$lib/ui/format';
import { shownChar, type BigramBaseline } from '$lib/worker/dataset';
import { MAX_BATCH, MAX_STEPS, type HeldOutPoint } from '$lib/worker/protocol';

export interface IntRange {
	readonly min: number;
	readonly max: number;
}

/** What a reader may type as a seed and as a step count: the URL schema and the inputs share it. */
export const SEED_RANGE: IntRange = { min: 0, max: 999_999 };
export const STEPS_RANGE: IntRange = { min: 100, max: MAX_STEPS };
export const BATCH_RANGE: IntRange = { min: 1, max: MAX_BATCH };
export const LR_MIN = 1e-4;
export const LR_MAX = 0.1;

export const trainSchema = {
	preset: field.enum(PRESET_IDS, 'micro'),
	seed: field.int({ ...SEED_RANGE, default: TRAINING.seed }),
	lr: field.number({ min: LR_MIN, max: LR_MAX, default: MODEL_PRESETS.micro.lr, digits: 5 }),
	steps: field.int({ ...STEPS_RANGE, default: TRAINING.steps }),
	batch: field.int({ ...BATCH_RANGE, default: MODEL_PRESETS.micro.batch })
};
export type TrainUiState = StateOf<typeof trainSchema>;

/** FIG.02: its URL state is owned by the lesson's training session, not by the figure. */
export const trainFigure = defineFigure({
	id: 'train',
	number: 2,
	caption:
		'Training the GPT in your browser: loss per step, and on names it never trains on, against two baselines',
	branch: 'calculus',
	schema: trainSchema
});

/** What a typed seed, step count or batch became: the value the model uses, and why, when it differs. */
export interface TypedSetting {
	value: number;
	/** Why the model uses another number than the one typed; null when it uses it as typed. */
	note: string | null;
}

/**
 * A number typed into FIG.02's seed, steps or names-per-step box, made usable: rounded and clamped into the range
 * the URL accepts, or, for text that is not a number, the last value kept. The note says which.
 */
export function typedSetting(
	raw: string,
	key: 'seed' | 'steps' | 'batch',
	last: number
): TypedSetting {
	const range = { seed: SEED_RANGE, steps: STEPS_RANGE, batch: BATCH_RANGE }[key];
	const count = formatCount;
	const v = raw.trim() === '' ? NaN : Number(raw);
	if (Number.isNaN(v)) {
		return { value: last, note: `That is not a whole number, so the model keeps ${count(last)}.` };
	}
	const uses = (value: number, why: string) => ({
		value,
		note: `${why}: the model uses ${count(value)}.`
	});
	const seeds = `Seeds run from ${count(range.min)} to ${count(range.max)}`;
	const tooFew = {
		seed: seeds,
		steps: `At least ${count(range.min)} steps`,
		batch: `At least ${count(range.min)} name per step`
	}[key];
	const tooMany = {
		seed: seeds,
		steps: `At most ${count(range.max)} steps`,
		batch: `At most ${count(range.max)} names per step`
	}[key];
	if (v < range.min) return uses(range.min, tooFew);
	if (v > range.max) return uses(range.max, tooMany);
	const rounded = Math.round(v);
	const whole = {
		seed: 'Seeds are whole numbers',
		steps: 'Steps are whole numbers',
		batch: 'Names per step are whole numbers'
	}[key];
	if (rounded !== v) return uses(rounded, whole);
	return { value: v, note: null };
}

export const TEMPERATURE_MIN = 0.1;
export const TEMPERATURE_MAX = 2;
export const SAMPLE_COUNT = 12;
export const samplesSchema = {
	tau: field.number({ min: TEMPERATURE_MIN, max: TEMPERATURE_MAX, default: 0.8, digits: 3 })
};

/** FIG.03: its id (also its URL namespace), number, caption and colour. */
export const samplesFigure = defineFigure({
	id: 'samples',
	number: 3,
	caption: 'Names the model invents, at a temperature you choose',
	branch: 'prob',
	schema: samplesSchema
});

/** FIG.01 has nothing to keep in the URL. */
export const architectureFigure = defineFigure({
	id: 'architecture',
	number: 1,
	caption: 'The whole model, from letters to loss',
	schema: {}
});

/** What a typed name may look like in a shared link: letters and a few marks, at most 15. */
export const attentionSchema = {
	name: field.string({ maxLength: 15, default: 'emma', pattern: /^[\p{L}\p{N} '.-]{0,15}$/u })
};

/** FIG.04: its id (also its URL namespace), number, caption and colour. */
export const attentionFigure = defineFigure({
	id: 'attention',
	number: 4,
	caption: 'Attention heat maps: where each position of a name looks',
	branch: 'prob',
	schema: attentionSchema
});

/** The loss of guessing uniformly over `vocabSize` tokens, ln V nats: where training starts. */
export function uniformLoss(vocabSize: number): number {
	return Math.log(vocabSize);
}

/** How strongly the smoothed line follows each new step: about the last 50 steps count. */
export const EMA_BETA = 0.98;

/**
 * Exponential moving average with bias correction (as Adam corrects its moments), so the line
 * starts at the first loss instead of climbing up from zero.
 */
export function smooth(losses: ArrayLike<number>, from = 0, out: number[] = []): number[] {
	let raw = from > 0 ? out[from - 1]! * (1 - EMA_BETA ** from) : 0;
	for (let i = from; i < losses.length; i++) {
		raw = EMA_BETA * raw + (1 - EMA_BETA) * losses[i]!;
		out[i] = raw / (1 - EMA_BETA ** (i + 1));
	}
	return out;
}

export interface ChartSize {
	width: number;
	height: number;
	left: number;
	right: number;
	top: number;
	bottom: number;
}

export const CHART: ChartSize = {
	width: 640,
	height: 300,
	left: 44,
	right: 12,
	top: 12,
	bottom: 34
};

export interface ReferenceLine {
	y: number;
	value: number;
	label: string;
}

export interface ChartLayout {
	/** Min–max band of the per-step losses, one column per bin ('' when empty). */
	band: string;
	/** The smoothed line. */
	line: string;
	/** The held-out losses joined up ('' until one is measured), and each as a point. */
	heldOutLine: string;
	heldOutPoints: { x: number; y: number }[];
	/** The chart's numbers for a screen reader: each held-out loss beside the smoothed one. */
	table: LossRow[];
	yTicks: { y: number; label: string }[];
	xTicks: { x: number; label: string }[];
	references: ReferenceLine[];
	/** The y range drawn, in nats. */
	yMin: number;
	yMax: number;
}

/** One row of the chart's table, as printed. */
export interface LossRow {
	step: string;
	/** The smoothed training loss after that step ("—" at step 0). */
	smoothed: string;
	heldOut: string;
}

/** The bigram line the chart draws: on the held-out items when some are held out (like with like). */
export function chartBigram(bigram: BigramBaseline | null): number | null {
	return bigram === null ? null : (bigram.heldOut ?? bigram.train);
}

/**
 * Maps losses to SVG coordinates. The x axis spans the whole run (so the curve grows towards the
 * right edge), the y axis is fixed per vocabulary, so nothing jumps while training runs. Steps
 * are grouped into at most `bins` columns; the band shows each column's lowest and highest loss.
 * The held-out losses are few (about twenty a run), so each is drawn where it was measured.
 */
export function chartLayout(
	losses: ArrayLike<number>,
	smoothed: ArrayLike<number>,
	heldOut: readonly HeldOutPoint[],
	totalSteps: number,
	lnVocab: number,
	bigram: BigramBaseline | null,
	size: ChartSize = CHART,
	bins = 320
): ChartLayout {
	const bigramValue = chartBigram(bigram);
	const yMax = Math.ceil(lnVocab * 2) / 2 + 0.5;
	const yMin = Math.max(0, Math.floor(Math.min(bigramValue ?? lnVocab, lnVocab)) - 1);
	const x0 = size.left;
	const x1 = size.width - size.right;
	const y0 = size.height - size.bottom;
	const y1 = size.top;
	const sx = (step: number) => x0 + ((x1 - x0) * step) / Math.max(totalSteps, 1);
	const sy = (v: number) => {
		const c = Math.min(Math.max(v, yMin), yMax);
		return y0 - ((y0 - y1) * (c - yMin)) / (yMax - yMin);
	};
	const n = Math.min(losses.length, totalSteps);
	const per = Math.max(1, Math.ceil(totalSteps / bins));
	const top: string[] = [];
	const bottom: string[] = [];
	const line: string[] = [];
	for (let start = 0; start < n; start += per) {
		const end = Math.min(start + per, n);
		let lo = Infinity;
		let hi = -Infinity;
		for (let i = start; i < end; i++) {
			const v = losses[i]!;
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
		const x = sx(end).toFixed(1);
		top.push(`${x},${sy(hi).toFixed(1)}`);
		bottom.push(`${x},${sy(lo).toFixed(1)}`);
		line.push(`${x},${sy(smoothed[end - 1]!).toFixed(1)}`);
	}
	const first = n > 0 ? `${sx(0).toFixed(1)},${sy(losses[0]!).toFixed(1)}` : '';
	const band = top.length > 0 ? `M${first}L${top.join('L')}L${bottom.reverse().join('L')}Z` : '';
	const heldOutPoints = heldOut
		.filter((point) => point.step <= totalSteps && Number.isFinite(point.loss))
		.map((point) => ({ x: sx(point.step), y: sy(point.loss) }));
	const heldOutLine =
		heldOutPoints.length > 0
			? `M${heldOutPoints.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('L')}`
			: '';
	const table = heldOut.map((point) => ({
		step: formatCount(point.step),
		smoothed: point.step > 0 && point.step <= n ? formatNumber(smoothed[point.step - 1]!, 3) : '—',
		heldOut: formatNumber(point.loss, 3)
	}));
	const yTicks = [];
	for (let v = yMin; v <= yMax + 1e-9; v += 0.5) {
		yTicks.push({ y: sy(v), label: formatNumber(v, 1) });
	}
	const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
		x: sx(f * totalSteps),
		label: formatCount(Math.round(f * totalSteps))
	}));
	const references: ReferenceLine[] = [
		{
			y: sy(lnVocab),
			value: lnVocab,
			label: `guessing uniformly, ln V = ${formatNumber(lnVocab, 2)}`
		}
	];
	if (bigramValue !== null && Number.isFinite(bigramValue)) {
		const where = bigram?.heldOut != null ? ' on held-out names' : '';
		references.push({
			y: sy(bigramValue),
			value: bigramValue,
			label: `bigram counts${where} = ${formatNumber(bigramValue, 2)}`
		});
	}
	return {
		band,
		line: line.length > 0 ? `M${first}L${line.join('L')}` : '',
		heldOutLine,
		heldOutPoints,
		table,
		yTicks,
		xTicks,
		references,
		yMin,
		yMax
	};
}

/** "12.3 s", "2 min 05 s". */
export function formatElapsed(ms: number): string {
	const s = ms / 1000;
	if (s < 60) return `${s.toFixed(1)} s`;
	const m = Math.floor(s / 60);
	return `${m} min ${String(Math.floor(s - m * 60)).padStart(2, '0')} s`;
}

/** Why a typed name cannot be drawn, or null when it can. */
export function checkTypedName(
	text: string,
	has: (ch: string) => boolean,
	maxLength: number
): string | null {
	const chars = Array.from(text);
	if (chars.length === 0) return 'Type a name to see where each position looks.';
	if (chars.length > maxLength) {
		return `That is ${chars.length} characters; the model reads at most ${maxLength} after its start marker.`;
	}
	const missing = [...new Set(chars.filter((ch) => !has(ch)))];
	if (missing.length > 0) {
		const shown = missing.map(shownChar).join(', ');
		return `The model has no token for ${shown}: it only knows the characters of its training text${
			missing.some((ch) => ch !== ch.toLowerCase()) ? ' (the names are lower-case)' : ''
		}.`;
	}
	return null;
}

/** Why a typed prefix cannot be followed through the model, or null when it can; empty is fine. */
export function checkPrefix(
	text: string,
	has: (ch: string) => boolean,
	maxLength: number
): string | null {
	return text === '' ? null : checkTypedName(text, has, maxLength);
}

/** Cell background strength for a weight in [0, 1], as a percentage for color-mix(). */
export function heatPercent(weight: number): number {
	return Math.round(Math.min(Math.max(weight, 0), 1) * 100);
}

/** Figure ids in lesson 1 that lesson 2 links back to. */
export type Lesson1Figure =
	| 'tree'
	| 'layer'
	| 'dot'
	| 'search'
	| 'matmul'
	| 'shapes'
	| 'loops'
	| 'derivative'
	| 'chain'
	| 'descent'
	| 'optimisers'
	| 'softmax'
	| 'temperature'
	| 'next-token'
	| 'punchline';

export interface ArchitectureBlock {
	name: string;
	/** What it computes, in one line. */
	does: string;
	branch: Branch;
	/** The lesson 1 figure that taught its maths, and the link text. */
	figure: Lesson1Figure;
	taught: string;
	/** Repeated once per layer. */
	inLayer?: boolean;
}

/** The model from input to loss, in the order the numbers flow. */
export const ARCHITECTURE: readonly ArchitectureBlock[] = [
	{
		name: 'Token and position embedding',
		does: 'looks up one row of wte per letter and one row of wpe per position, and adds them',
		branch: 'linalg',
		figure: 'matmul',
		taught: 'a lookup is a one-hot vector times a matrix'
	},
	{
		name: 'RMSNorm',
		does: 'divides each vector by its root-mean-square, so its size stays near 1',
		branch: 'linalg',
		figure: 'dot',
		taught: 'a vector’s length comes from its dot product with itself',
		inLayer: true
	},
	{
		name: 'Attention',
		does: 'queries · keys / √d, softmax over the earlier positions, a weighted sum of values',
		branch: 'prob',
		figure: 'softmax',
		taught: 'dot products become weights that sum to 1',
		inLayer: true
	},
	{
		name: 'Residual add',
		does: 'adds the block’s output to its input, so the gradient has a straight road back',
		branch: 'calculus',
		figure: 'chain',
		taught: 'the chain rule through an addition passes the gradient on unchanged',
		inLayer: true
	},
	{
		name: 'RMSNorm, then MLP',
		does: 'matmul to 4× the width, ReLU, matmul back; then another residual add',
		branch: 'linalg',
		figure: 'layer',
		taught: 'matmul, nonlinearity, matmul',
		inLayer: true
	},
	{
		name: 'RMSNorm, then output head',
		does: 'one matmul from the residual stream to a logit per token of the vocabulary',
		branch: 'linalg',
		figure: 'matmul',
		taught: 'every output entry is a dot product'
	},
	{
		name: 'Softmax',
		does: 'turns the logits into P(next token) at every position',
		branch: 'prob',
		figure: 'softmax',
		taught: 'scores into a distribution'
	},
	{
		name: 'Cross-entropy loss',
		does: '−log of the probability given to the token that really came next, averaged',
		branch: 'prob',
		figure: 'punchline',
		taught: 'its gradient is p − y'
	},
	{
		name: 'Backward pass and Adam',
		does: 'the chain rule carries p − y back to all the weights; Adam takes a step downhill',
		branch: 'calculus',
		figure: 'optimisers',
		taught: 'gradient descent with momentum and per-weight step sizes'
	}
];
