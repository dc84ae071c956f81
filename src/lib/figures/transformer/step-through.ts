// FIG.05's state and words: one prediction of the reader's model followed stage by stage, from the
// typed prefix to the next-letter distribution, and back as a gradient. Every number comes from
// the worker's Inspection (the engine's own traced forward and backward pass); this module only
// chooses which of them each stage shows and says them. Pure, so node tests pin every string.

import { formatNumber, formatCount } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import { shownChar } from '$lib/worker/dataset';
import { END_LABEL } from '$lib/worker/inspect';
import type { InspectRequest } from '$lib/worker/inspect';
import type { Inspection, StageMatrix } from '$lib/worker/protocol';
import { spokenToken } from './attention-map';
import { heatStrip, positionLabel, type Strip, type StripLabel } from './heat-strip';
import type { Lesson1Figure } from './transformer';

/** Longest prefix a shared link may carry; longer typed text is explained, not sent. */
const PREFIX_URL_LENGTH = 15;

export const stepThroughSchema = {
	prefix: field.string({
		maxLength: PREFIX_URL_LENGTH,
		default: 'emm',
		pattern: /^[\p{L}\p{N} '.-]{0,15}$/u
	}),
	/** The true next token the reader picked: one character, or ◆ for "the item ends". */
	next: field.string({ maxLength: 2, default: 'a', pattern: /^(?:[\p{L}\p{N} '.-]|◆)$/u }),
	/** Which stage is shown, counted from 0; clamped to the model's stages. */
	stage: field.int({ min: 0, max: 99, default: 0 }),
	/** The strips show the stage's values, or the loss's gradient there. */
	show: field.enum(['values', 'gradients'] as const, 'values'),
	/** Seeds the sampled letter; "Draw again" moves it on. */
	seed: field.int({ min: 0, max: 999_999, default: 1 })
};
export type StepThroughState = StateOf<typeof stepThroughSchema>;

export const stepThroughFigure = defineFigure({
	id: 'inside',
	number: 5,
	caption: 'One prediction through the model, stage by stage, and its gradient on the way back',
	branch: 'linalg',
	schema: stepThroughSchema
});

type StageKind =
	| 'embed'
	| 'attention-norm'
	| 'qkv'
	| 'scores'
	| 'weights'
	| 'mix'
	| 'project'
	| 'mlp-norm'
	| 'mlp'
	| 'mlp-out'
	| 'final-norm'
	| 'logits'
	| 'probs'
	| 'back';

export interface StageEntry {
	kind: StageKind;
	/** The block it belongs to (0-based), or null outside the blocks. */
	layer: number | null;
	/** "Layer 1: queries, keys and values". */
	title: string;
}

const STAGE_NAMES: Record<StageKind, string> = {
	embed: 'Token and position embeddings',
	'attention-norm': 'RMSNorm before attention',
	qkv: 'Queries, keys and values',
	scores: 'Scores q·k/√d, masked',
	weights: 'Softmax weights',
	mix: 'Weighted sum of values',
	project: 'Output projection W_O and residual add',
	'mlp-norm': 'RMSNorm before the MLP',
	mlp: 'MLP: 4× wider, ReLU',
	'mlp-out': 'MLP projection and residual add',
	'final-norm': 'Final RMSNorm',
	logits: 'Logits',
	probs: 'Softmax: the next letter',
	back: 'The way back: the gradient'
};

const IN_LAYER: StageKind[] = [
	'attention-norm',
	'qkv',
	'scores',
	'weights',
	'mix',
	'project',
	'mlp-norm',
	'mlp',
	'mlp-out'
];

/** The stages of a model with `nLayer` blocks, in the order the numbers flow. */
export function stageList(nLayer: number): StageEntry[] {
	const entry = (kind: StageKind, layer: number | null = null): StageEntry => ({
		kind,
		layer,
		title: layer === null ? STAGE_NAMES[kind] : `Layer ${layer + 1}: ${STAGE_NAMES[kind]}`
	});
	const stages = [entry('embed')];
	for (let l = 0; l < nLayer; l++) for (const kind of IN_LAYER) stages.push(entry(kind, l));
	for (const kind of ['final-norm', 'logits', 'probs', 'back'] as const) stages.push(entry(kind));
	return stages;
}

/** The one-sentence explanation of a stage and the lesson-1 figure that taught its operation. */
interface Explanation {
	before: string;
	link: string;
	figure: Lesson1Figure;
	after: string;
}

function explain(kind: StageKind, i: Inspection): Explanation {
	const C = i.embedding.cols;
	const D = C / i.nHead;
	const hidden = i.layers[0]?.mlpHidden.cols ?? 4 * C;
	switch (kind) {
		case 'embed':
			return {
				before: `Each token picks its row of wte and each position its row of wpe (a lookup is `,
				link: 'a one-hot vector times a matrix',
				figure: 'matmul',
				after: `), and the two rows of ${C} numbers are added.`
			};
		case 'attention-norm':
		case 'mlp-norm':
		case 'final-norm':
			return {
				before: 'RMSNorm divides each row by its root-mean-square, the square root of ',
				link: 'its dot product with itself',
				figure: 'dot',
				after: ` over ${C}, so every row arrives at about the same size.`
			};
		case 'qkv':
			return {
				before: 'Three ',
				link: 'matrix multiplications',
				figure: 'matmul',
				after: ` make a query, a key and a value for every position; the ${C} columns split into ${i.nHead} heads of ${D}.`
			};
		case 'scores':
			return {
				before: 'Each score is the ',
				link: 'dot product',
				figure: 'dot',
				after: ` of a position’s query with a key, divided by √${D}; keys after the query are masked to −∞.`
			};
		case 'weights':
			return {
				before: 'A ',
				link: 'softmax',
				figure: 'softmax',
				after: ' turns each row of scores into weights that sum to 1; masked cells get exactly 0.'
			};
		case 'mix':
			return {
				before: 'Each position takes the weighted sum of the values it looks at, ',
				link: 'as a search over vectors does',
				figure: 'search',
				after: `; the ${i.nHead} heads’ results sit side by side.`
			};
		case 'project':
			return {
				before: 'W_O ',
				link: 'multiplies',
				figure: 'matmul',
				after:
					' the heads’ results back into the residual stream, and the residual add puts them on top of what was there.'
			};
		case 'mlp':
			return {
				before: 'The MLP is ',
				link: 'matmul, ReLU, matmul',
				figure: 'layer',
				after: `: ${hidden} numbers per position, and ReLU sets the negative ones to 0. It reads each position alone; here, the last one.`
			};
		case 'mlp-out':
			return {
				before: `The second `,
				link: 'matmul',
				figure: 'layer',
				after: ` takes the ${hidden} back to ${C}, and the second residual add puts the result onto the stream.`
			};
		case 'logits':
			return {
				before: 'The output head takes a ',
				link: 'dot product',
				figure: 'matmul',
				after:
					' of the last position’s vector with each token’s row of lm_head: one score per token.'
			};
		case 'probs':
			return {
				before: 'A ',
				link: 'softmax',
				figure: 'next-token',
				after:
					' turns the last row of logits into the next-token distribution, and a draw from it picks a letter.'
			};
		case 'back':
			return {
				before: 'Cross-entropy’s gradient at the logits is ',
				link: 'p − y',
				figure: 'punchline',
				after:
					'; the chain rule carries it back through every stage to every weight matrix, adding where paths meet.'
			};
	}
}

export interface Top {
	glyph: string;
	spoken: string;
	probability: string;
	sampled: boolean;
	target: boolean;
}

export interface GradientRow {
	name: string;
	/** "16 × 16" */
	shape?: string;
	norm: string;
	/** Bar length, 0 … 100, against the largest in its table. */
	bar: number;
}

export interface StepThroughView {
	/** Why the prefix or the next letter cannot be followed, or '' when they can. */
	problem: string;
	/** What stands in for the stage when there is none to show ('' when there is). */
	empty: string;
	/** The stage list, for jumping; titles only. */
	stages: { title: string; current: boolean }[];
	/** The shown stage, clamped to the model's stages. */
	stage: number;
	position: string;
	canPrevious: boolean;
	canNext: boolean;
	title: string;
	explanation: Explanation | null;
	strips: Strip[];
	/** ‖∂L/∂·‖ at the stage's output, or '—' where the stage has none (the distribution). */
	gradientHere: string;
	/** A stage's own read-outs ("Units that fire", "Loss"), in order. */
	readouts: { label: string; value: string }[];
	/** The top tokens of the distribution (the 'probs' and 'back' stages). */
	top: Top[];
	/** Gradient sizes, from the logits back to the embeddings, and at every weight matrix. */
	stageGradients: GradientRow[];
	weightGradients: GradientRow[];
	/** The tokens the reader may pick as the true next one: ◆ first. */
	nextOptions: { value: string; label: string }[];
	/** "Model after 250 training steps." */
	modelNote: string;
	/** "◆ e m m → ?" */
	reading: string;
	/** What the cell read-out says until a cell is pointed at or focused. */
	cellHint: string;
}

export interface StepThroughInput {
	connected: boolean;
	ui: StepThroughState;
	/** The page's check of the prefix (null: fine, or the text is not known yet). */
	prefixProblem: string | null;
	/** The characters of the model's vocabulary, once known. */
	chars: readonly string[] | null;
	/** The last inspection the worker sent, if any. */
	inspection: Inspection | null;
	/** The worker's refusal of the current request, if it refused it. */
	refused: string | null;
}

/** Why `next` cannot be the true next token, or null when it can (or the text is unknown). */
export function nextProblem(next: string, chars: readonly string[] | null): string | null {
	if (chars === null || next === END_LABEL) return null;
	if (Array.from(next).length === 1 && chars.includes(next)) return null;
	return `${next === '' ? 'Nothing' : shownChar(next)} is not a token of this model: pick the true next letter from the list.`;
}

/** The request to send for the reader's state, or null while it has a problem. */
export function inspectRequest(
	ui: StepThroughState,
	prefixProblem: string | null,
	chars: readonly string[] | null
): InspectRequest | null {
	if (prefixProblem !== null || nextProblem(ui.next, chars) !== null) return null;
	return { prefix: ui.prefix, next: ui.next, seed: ui.seed };
}

function norm(values: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
	return Math.sqrt(sum);
}

const gradientText = (x: number) => formatNumber(x, 4);

/** The last row of a stage, as a one-row matrix. */
function lastRow(m: StageMatrix): StageMatrix {
	const from = (m.rows - 1) * m.cols;
	return {
		rows: 1,
		cols: m.cols,
		values: m.values.subarray(from),
		grad: m.grad.subarray(from)
	};
}

function columnLabels(vocab: readonly string[]): StripLabel[] {
	return vocab.map((glyph) => ({
		glyph,
		spoken: glyph === END_LABEL ? 'end' : spokenToken(glyph)
	}));
}

interface Shown {
	matrix: StageMatrix;
	label: string;
	/** Columns per group: a head's share. */
	group?: number;
	/** Only the last position. */
	last?: boolean;
	/** Columns are the vocabulary's tokens. */
	tokens?: boolean;
}

function stripsOf(i: Inspection, shown: Shown[], gradients: boolean): Strip[] {
	const rowsAll = i.tokens.map((glyph, t) => positionLabel(glyph, t));
	return shown.map(({ matrix, label, group, last, tokens }) => {
		const m = last ? lastRow(matrix) : matrix;
		return heatStrip({
			label: gradients ? `${label}: gradient` : label,
			rows: m.rows,
			cols: m.cols,
			values: gradients ? m.grad : m.values,
			rowLabels: last ? [rowsAll[rowsAll.length - 1]!] : rowsAll,
			colLabels: tokens ? columnLabels(i.vocab) : undefined,
			group
		});
	});
}

function stageStrips(kind: StageKind, i: Inspection, layer: number | null, gradients: boolean) {
	const L = layer === null ? null : i.layers[layer]!;
	const D = i.embedding.cols / i.nHead;
	const per = (list: StageMatrix[], what: string): Shown[] =>
		list.map((matrix, h) => ({ matrix, label: `${what}, head ${h + 1}` }));
	const shown: Record<StageKind, () => Shown[]> = {
		embed: () => [
			{ matrix: i.tokenEmbedding, label: 'token embeddings (rows of wte)' },
			{ matrix: i.positionEmbedding, label: 'position embeddings (rows of wpe)' },
			{ matrix: i.embedding, label: 'their sum' }
		],
		'attention-norm': () => [{ matrix: L!.attentionNorm, label: 'after RMSNorm' }],
		qkv: () => [
			{ matrix: L!.q, label: 'queries', group: D },
			{ matrix: L!.k, label: 'keys', group: D },
			{ matrix: L!.v, label: 'values', group: D }
		],
		scores: () => per(L!.scores, 'scores'),
		weights: () => per(L!.weights, 'weights'),
		mix: () => [{ matrix: L!.weightedValues, label: 'weighted sums of values', group: D }],
		project: () => [
			{ matrix: L!.attentionProjection, label: 'after W_O' },
			{ matrix: L!.attentionResidual, label: 'after the residual add' }
		],
		'mlp-norm': () => [{ matrix: L!.mlpNorm, label: 'after RMSNorm' }],
		mlp: () => [
			{ matrix: L!.mlpHidden, label: 'hidden units before ReLU', last: true },
			{ matrix: L!.mlpActivation, label: 'after ReLU', last: true }
		],
		'mlp-out': () => [
			{ matrix: L!.mlpProjection, label: 'MLP output' },
			{ matrix: L!.mlpResidual, label: 'after the residual add' }
		],
		'final-norm': () => [{ matrix: i.finalNorm, label: 'after the final RMSNorm' }],
		logits: () => [{ matrix: i.logits, label: 'logits', last: true, tokens: true }],
		probs: () => [],
		back: () => []
	};
	return stripsOf(i, shown[kind](), gradients);
}

/**
 * The matrix a stage hands on, whose gradient the stage's read-out sizes; null for the stages
 * sized otherwise (several matrices at once) or not at all (the distribution, the way back).
 */
function stageOutput(kind: StageKind, i: Inspection, layer: number | null): StageMatrix | null {
	const L = layer === null ? null : i.layers[layer]!;
	const outputs: Partial<Record<StageKind, () => StageMatrix>> = {
		embed: () => i.embedding,
		'attention-norm': () => L!.attentionNorm,
		mix: () => L!.weightedValues,
		project: () => L!.attentionResidual,
		'mlp-norm': () => L!.mlpNorm,
		mlp: () => L!.mlpActivation,
		'mlp-out': () => L!.mlpResidual,
		'final-norm': () => i.finalNorm,
		logits: () => i.logits
	};
	return outputs[kind]?.() ?? null;
}

/** ‖g‖ of a stage: several matrices (q, k, v; every head) count together. */
function stageGradient(kind: StageKind, i: Inspection, layer: number | null): number | null {
	const L = layer === null ? null : i.layers[layer]!;
	if (kind === 'qkv') return Math.hypot(norm(L!.q.grad), norm(L!.k.grad), norm(L!.v.grad));
	if (kind === 'scores' || kind === 'weights') {
		const heads = kind === 'scores' ? L!.scores : L!.weights;
		return Math.hypot(...heads.map((h) => norm(h.grad)));
	}
	const out = stageOutput(kind, i, layer);
	return out === null ? null : norm(out.grad);
}

const WEIGHT_NAMES: Record<string, string> = {
	wte: 'wte, token embeddings',
	wpe: 'wpe, position embeddings',
	attn_wq: 'W_Q',
	attn_wk: 'W_K',
	attn_wv: 'W_V',
	attn_wo: 'W_O',
	mlp_fc1: 'MLP fc1',
	mlp_fc2: 'MLP fc2',
	lm_head: 'lm_head, output head'
};

/** "layer0.attn_wq" → "Layer 1 W_Q". */
export function weightName(name: string): string {
	const match = /^layer(\d+)\.(.+)$/.exec(name);
	if (!match) return WEIGHT_NAMES[name] ?? name;
	return `Layer ${Number(match[1]) + 1} ${WEIGHT_NAMES[match[2]!] ?? match[2]}`;
}

function bars(rows: { name: string; shape?: string; value: number }[]): GradientRow[] {
	const largest = Math.max(0, ...rows.map((r) => r.value));
	return rows.map(({ name, shape, value }) => ({
		name,
		...(shape ? { shape } : {}),
		norm: gradientText(value),
		bar: largest > 0 ? Math.round((value / largest) * 100) : 0
	}));
}

/** Every stage's gradient size, from the logits back to the embeddings. */
function backwardStages(i: Inspection): GradientRow[] {
	const stages = stageList(i.layers.length).filter((s) => s.kind !== 'probs' && s.kind !== 'back');
	return bars(
		stages.reverse().map((s) => ({ name: s.title, value: stageGradient(s.kind, i, s.layer) ?? 0 }))
	);
}

function topTokens(i: Inspection, count = 5): Top[] {
	const order = Array.from(i.probs.keys()).sort((a, b) => i.probs[b]! - i.probs[a]!);
	return order.slice(0, count).map((id) => {
		const glyph = i.vocab[id]!;
		return {
			glyph,
			spoken: glyph === END_LABEL ? 'end' : spokenToken(glyph),
			probability: `${formatNumber(i.probs[id]! * 100, 1)}%`,
			sampled: id === i.sampled,
			target: id === i.target
		};
	});
}

function stageReadouts(
	kind: StageKind,
	i: Inspection,
	layer: number | null
): { label: string; value: string }[] {
	const glyph = (id: number) => i.vocab[id]!;
	switch (kind) {
		case 'mlp': {
			const act = lastRow(i.layers[layer!]!.mlpActivation);
			let firing = 0;
			for (let j = 0; j < act.cols; j++) if (act.values[j]! > 0) firing++;
			return [{ label: 'Units that fire for the last letter', value: `${firing} of ${act.cols}` }];
		}
		case 'probs':
			return [
				{ label: 'Sampled next token', value: glyph(i.sampled) },
				{
					label: `P(${glyph(i.target)}), the letter you picked`,
					value: `${formatNumber(i.probs[i.target]! * 100, 1)}%`
				}
			];
		case 'back': {
			const p = i.probs[i.target]!;
			return [
				{ label: `Loss −ln P(${glyph(i.target)})`, value: `${formatNumber(i.loss, 4)} nats` },
				{
					label: `p − y at ${glyph(i.target)}`,
					value: formatNumber(p - 1, 4)
				}
			];
		}
		default:
			return [];
	}
}

/** p, y and p − y over the vocabulary: the start of the way back. */
function backStrips(i: Inspection): Strip[] {
	const V = i.vocab.length;
	const y = new Float32Array(V);
	y[i.target] = 1;
	const last = lastRow(i.logits);
	const row = [positionLabel(i.tokens.at(-1)!, i.tokens.length - 1)];
	const strip = (label: string, values: ArrayLike<number>) =>
		heatStrip({
			label,
			rows: 1,
			cols: V,
			values,
			rowLabels: row,
			colLabels: columnLabels(i.vocab)
		});
	return [
		strip('p, the predicted distribution', i.probs),
		strip('y, the letter you picked', y),
		strip('p − y, the gradient at the logits', last.grad)
	];
}

export function stepThroughView(s: StepThroughInput): StepThroughView {
	const { ui, inspection: i } = s;
	const problem = s.prefixProblem ?? nextProblem(ui.next, s.chars) ?? s.refused ?? '';
	const nextOptions = [
		{ value: END_LABEL, label: `${END_LABEL} (the name ends)` },
		...(s.chars ?? []).map((ch) => ({ value: ch, label: ch === ' ' ? 'space' : ch }))
	];
	const stages = stageList(i?.layers.length ?? 1);
	const stage = Math.min(ui.stage, stages.length - 1);
	const entry = stages[stage]!;
	const base = {
		problem,
		stages: stages.map((st, k) => ({ title: st.title, current: k === stage })),
		stage,
		position: `Stage ${stage + 1} of ${stages.length}`,
		canPrevious: stage > 0,
		canNext: stage < stages.length - 1,
		title: entry.title,
		nextOptions,
		reading: `${[END_LABEL, ...Array.from(ui.prefix)].join(' ')} → ?`,
		cellHint: 'Point at a cell, or Tab into a strip and use the arrow keys.'
	};
	if (i === null || problem !== '') {
		return {
			...base,
			empty:
				problem !== ''
					? ''
					: s.connected
						? 'Waiting for the model…'
						: 'The step-through reads the model training in your browser, so it needs JavaScript.',
			explanation: null,
			strips: [],
			gradientHere: '—',
			readouts: [],
			top: [],
			stageGradients: [],
			weightGradients: [],
			modelNote: ''
		};
	}
	const gradients = ui.show === 'gradients';
	const strips =
		entry.kind === 'back' ? backStrips(i) : stageStrips(entry.kind, i, entry.layer, gradients);
	const here = stageGradient(entry.kind, i, entry.layer);
	const steps = formatCount(i.step);
	return {
		...base,
		empty: '',
		explanation: explain(entry.kind, i),
		strips,
		gradientHere: here === null ? '—' : gradientText(here),
		readouts: stageReadouts(entry.kind, i, entry.layer),
		top: entry.kind === 'probs' || entry.kind === 'back' ? topTokens(i) : [],
		stageGradients: entry.kind === 'back' ? backwardStages(i) : [],
		weightGradients:
			entry.kind === 'back'
				? bars(
						i.weights.map((w) => ({
							name: weightName(w.name),
							shape: `${w.rows} × ${w.cols}`,
							value: w.norm
						}))
					)
				: [],
		modelNote:
			i.step === 0
				? 'The model has not trained yet: random weights, a nearly uniform guess.'
				: `The model after ${steps} training step${i.step === 1 ? '' : 's'}.`
	};
}
