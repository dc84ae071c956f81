// Messages between lesson 2's page and its training worker, as tagged unions. Both sides check
// what they receive: a message is data from another thread, and a malformed one must answer with
// an error, never crash the receiver. The model presets live in the engine (presets.ts).

import {
	BLOCK_SIZE,
	PRESET_IDS,
	type KernelChoice,
	type KernelSet,
	type PresetId
} from '$lib/engine';
import type { BigramBaseline } from './dataset';
import { isModelSnapshot, type ModelSnapshot } from './snapshot';

/** Longest item that still fits with its start and end boundary tokens (blockSize − 1). */
export const MAX_LINE_LENGTH = BLOCK_SIZE - 1;

export interface TrainSettings {
	preset: PresetId;
	seed: number;
	/** Adam's learning rate at step 0; it decays linearly to 0 at the last step. */
	lr: number;
	/** Training steps. */
	steps: number;
	/** Items per step: each step's loss is the mean over this many items (microgpt: 1). */
	batch: number;
}

/** Which text a model trains on: the lesson's names, or the reader's own list. */
export type DataSource = 'names' | 'own';

/**
 * What the worker made of a training text: everything the page shows about it (the chart's
 * reference lines, the parameter count, the heat map's character check, FIG.05's report), and
 * never the text itself.
 */
export interface DataSummary {
	source: DataSource;
	/** Items after cleaning, training and held-out together. */
	items: number;
	/** Of those, the items held out of training (see splitHeldOut). */
	heldOut: number;
	/** Of those, the ones the held-out loss is measured on (see measuredHeldOut). */
	measured: number;
	/** The vocabulary's characters (tokens 1 … n), sorted by code point. */
	chars: string[];
	/** Cross-entropy of the add-one bigram model counted on the training items, in nats. */
	bigram: BigramBaseline;
	/** What was changed to make the text fit: lines cut, invisible characters removed. */
	notes: string[];
}

/**
 * Page → worker. The data and the model's settings travel separately; the worker builds a model
 * once it has both, and again whenever either changes. `id` numbers a data request so the page
 * knows which one an answer is for.
 */
export type ToWorker =
	/** Which kernels to train with (the page address's `?kernels=`); sent first, once. */
	| { type: 'kernels'; choice: KernelChoice }
	| { type: 'settings'; settings: TrainSettings }
	/** Train on the names at `url` (absolute): fetched and prepared once, then kept. */
	| { type: 'names'; id: number; url: string }
	/** Train on the reader's list: the text as typed, or a file the reader picked. */
	| { type: 'text'; id: number; text: string | Blob }
	| { type: 'start' }
	/** One training step, while paused. */
	| { type: 'step' }
	| { type: 'pause' }
	| { type: 'reset' }
	| { type: 'sample'; count: number; temperature: number; seed: number }
	| { type: 'attention'; text: string }
	/**
	 * Follow one prediction through the model: read the start marker and `prefix`, predict the
	 * next token, and take the gradient of −ln p(`next`) back through every stage.
	 */
	| { type: 'inspect'; prefix: string; next: string; seed: number }
	/** Asks for the current model as a snapshot, to keep it or save it as a file. */
	| { type: 'snapshot' }
	/** Goes on from a saved or loaded model; `id` numbers it as a data request (its text). */
	| { type: 'restore'; id: number; snapshot: ModelSnapshot };

export interface Sample {
	text: string;
	/** Not one of the training items. */
	isNew: boolean;
}

export interface HeadMap {
	/** weights[t][s]: softmax weight of key s seen from query t (0 above the diagonal). */
	weights: number[][];
	/** scores[t][s] = q_t · k_s / √d before the softmax (−∞ above the diagonal, sent as null). */
	scores: (number | null)[][];
}

/** The loss on the held-out items the worker measures, at a step of training. */
export interface HeldOutPoint {
	/** Steps taken when it was measured (0: before the first). */
	step: number;
	/** Mean cross-entropy over the measured held-out items, in nats. */
	loss: number;
}

/** One stage of the forward pass as a matrix, with the gradient of the loss there. */
export interface StageMatrix {
	rows: number;
	cols: number;
	/** Row-major, as the model computed them (−∞ where attention is masked). */
	values: Float32Array;
	/** ∂loss/∂values, from the backward pass through the step-through's loss. */
	grad: Float32Array;
}

/** One transformer block of an inspected prediction; see LayerTrace in the engine's gpt.ts. */
export interface InspectedLayer {
	attentionNorm: StageMatrix;
	q: StageMatrix;
	k: StageMatrix;
	v: StageMatrix;
	/** Per head, [T, T]: q·k/√d, −∞ above the diagonal. */
	scores: StageMatrix[];
	/** Per head, [T, T]: the softmax of each row of the scores. */
	weights: StageMatrix[];
	weightedValues: StageMatrix;
	attentionProjection: StageMatrix;
	attentionResidual: StageMatrix;
	mlpNorm: StageMatrix;
	mlpHidden: StageMatrix;
	mlpActivation: StageMatrix;
	mlpProjection: StageMatrix;
	mlpResidual: StageMatrix;
}

/** How large the loss's gradient is at one of the model's weight matrices. */
export interface WeightGradient {
	/** The parameter's name in the model's state dict ("layer0.attn_wq"). */
	name: string;
	rows: number;
	cols: number;
	/** ‖∂loss/∂W‖: the square root of the sum of every entry's square. */
	norm: number;
}

/** One prediction, every stage of it, forward and back, from the worker's model. */
export interface Inspection {
	prefix: string;
	/** The true next token as the reader picked it ('◆': the item ends here). */
	next: string;
	seed: number;
	/** Training steps the model had taken. */
	step: number;
	/** What the model read: the start marker, then the prefix's characters, as shown. */
	tokens: string[];
	/** Every token of the vocabulary as shown, in id order: the columns of the logits. */
	vocab: string[];
	nHead: number;
	tokenEmbedding: StageMatrix;
	positionEmbedding: StageMatrix;
	embedding: StageMatrix;
	layers: InspectedLayer[];
	finalNorm: StageMatrix;
	logits: StageMatrix;
	/** The softmax of the last position's logits: P(next token | prefix). */
	probs: Float32Array;
	/** A token drawn from `probs` with `seed`. */
	sampled: number;
	/** The id of `next`. */
	target: number;
	/** −ln probs[target], in nats. */
	loss: number;
	weights: WeightGradient[];
}

/** Worker → page. */
export type FromWorker =
	/** A data request was accepted: the model now trains on this text. */
	| { type: 'data'; id: number; summary: DataSummary }
	/** A data request was refused; the previous text and model are untouched. */
	| { type: 'refused'; id: number; source: DataSource; message: string }
	| {
			type: 'ready';
			settings: TrainSettings;
			parameterCount: number;
			vocabSize: number;
			items: number;
			/** The kernels this model trains with. */
			kernels: KernelSet;
	  }
	/** Training losses from step `from` on, and any held-out losses measured meanwhile. */
	| { type: 'losses'; from: number; losses: number[]; heldOut: HeldOutPoint[] }
	| {
			type: 'progress';
			step: number;
			steps: number;
			/** Time spent training, in ms (pauses excluded). */
			elapsedMs: number;
			stepsPerSecond: number;
			running: boolean;
	  }
	| { type: 'samples'; samples: Sample[]; temperature: number }
	| { type: 'attention'; text: string; tokens: string[]; layers: HeadMap[][] }
	| { type: 'inspection'; inspection: Inspection }
	/** The prediction asked for cannot be followed (a character outside the vocabulary, say). */
	| { type: 'uninspectable'; prefix: string; next: string; message: string }
	| { type: 'error'; message: string }
	| { type: 'done'; step: number }
	| { type: 'snapshot'; snapshot: ModelSnapshot }
	/** A restore worked: the model is in place at `step` (after 'data', 'ready' and its losses). */
	| { type: 'restored'; step: number }
	/** A restore was refused; the model before it is untouched. */
	| { type: 'unrestored'; message: string };

const isObject = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isArrayOf = <T>(x: unknown, item: (y: unknown) => y is T): x is T[] =>
	Array.isArray(x) && x.every(item);
const isNumber = (x: unknown): x is number => typeof x === 'number';
const isFiniteNumber = (x: unknown): x is number => Number.isFinite(x);
const isInt = (x: unknown, min: number, max: number): x is number =>
	Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
const isCount = (x: unknown): x is number => isInt(x, 0, Number.MAX_SAFE_INTEGER);
const isPositive = (x: unknown): x is number => isFiniteNumber(x) && x > 0;
const isKernelSet = (x: unknown): x is KernelSet => x === 'wasm' || x === 'typescript';
const isKernelChoice = (x: unknown): x is KernelChoice => x === 'auto' || isKernelSet(x);
const isSource = (x: unknown): x is DataSource => x === 'names' || x === 'own';
const isBlob = (x: unknown): x is Blob => typeof Blob !== 'undefined' && x instanceof Blob;

function isHttpUrl(x: unknown): x is string {
	if (!isString(x)) return false;
	try {
		return ['http:', 'https:'].includes(new URL(x).protocol);
	} catch {
		return false;
	}
}

/** Largest number of steps a run may ask for. */
export const MAX_STEPS = 50_000;
/** Most items a step may average over. */
export const MAX_BATCH = 32;

export function isTrainSettings(x: unknown): x is TrainSettings {
	return (
		isObject(x) &&
		isString(x.preset) &&
		(PRESET_IDS as string[]).includes(x.preset) &&
		isInt(x.seed, 0, 2 ** 32 - 1) &&
		isPositive(x.lr) &&
		x.lr <= 1 &&
		isInt(x.steps, 1, MAX_STEPS) &&
		isInt(x.batch, 1, MAX_BATCH)
	);
}

export function isToWorker(x: unknown): x is ToWorker {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'kernels':
			return isKernelChoice(x.choice);
		case 'settings':
			return isTrainSettings(x.settings);
		case 'names':
			return isCount(x.id) && isHttpUrl(x.url);
		case 'text':
			return isCount(x.id) && (isString(x.text) || isBlob(x.text));
		case 'start':
		case 'step':
		case 'pause':
		case 'reset':
			return true;
		case 'sample':
			return (
				isInt(x.count, 1, 100) &&
				isPositive(x.temperature) &&
				isInt(x.seed, 0, Number.MAX_SAFE_INTEGER)
			);
		case 'attention':
			return isString(x.text);
		case 'inspect':
			return isString(x.prefix) && isString(x.next) && isInt(x.seed, 0, 2 ** 32 - 1);
		case 'snapshot':
			return true;
		case 'restore':
			return isCount(x.id) && isModelSnapshot(x.snapshot);
		default:
			return false;
	}
}

function isDataSummary(x: unknown): x is DataSummary {
	return (
		isObject(x) &&
		isSource(x.source) &&
		isCount(x.items) &&
		isCount(x.heldOut) &&
		isCount(x.measured) &&
		isArrayOf(x.chars, isString) &&
		isObject(x.bigram) &&
		isFiniteNumber(x.bigram.train) &&
		(x.bigram.heldOut === null || isFiniteNumber(x.bigram.heldOut)) &&
		isArrayOf(x.notes, isString)
	);
}

const isSample = (x: unknown): x is Sample =>
	isObject(x) && isString(x.text) && typeof x.isNew === 'boolean';

const isScore = (x: unknown): x is number | null => x === null || isNumber(x);

const isHeadMap = (x: unknown): x is HeadMap =>
	isObject(x) &&
	isArrayOf(x.weights, (row): row is number[] => isArrayOf(row, isNumber)) &&
	isArrayOf(x.scores, (row): row is (number | null)[] => isArrayOf(row, isScore));

export const isHeldOutPoint = (x: unknown): x is HeldOutPoint =>
	isObject(x) && isCount(x.step) && isNumber(x.loss);

const isFloats = (x: unknown, length: number): x is Float32Array =>
	x instanceof Float32Array && x.length === length;

function isStageMatrix(x: unknown): x is StageMatrix {
	if (!isObject(x) || !isCount(x.rows) || !isCount(x.cols)) return false;
	const size = x.rows * x.cols;
	return isFloats(x.values, size) && isFloats(x.grad, size);
}

const INSPECTED_STAGES = [
	'attentionNorm',
	'q',
	'k',
	'v',
	'weightedValues',
	'attentionProjection',
	'attentionResidual',
	'mlpNorm',
	'mlpHidden',
	'mlpActivation',
	'mlpProjection',
	'mlpResidual'
] as const;

const isInspectedLayer = (x: unknown): x is InspectedLayer =>
	isObject(x) &&
	INSPECTED_STAGES.every((key) => isStageMatrix(x[key])) &&
	isArrayOf(x.scores, isStageMatrix) &&
	isArrayOf(x.weights, isStageMatrix);

const isWeightGradient = (x: unknown): x is WeightGradient =>
	isObject(x) && isString(x.name) && isCount(x.rows) && isCount(x.cols) && isNumber(x.norm);

function isInspection(x: unknown): x is Inspection {
	if (!isObject(x) || !isArrayOf(x.vocab, isString)) return false;
	const V = x.vocab.length;
	return (
		isString(x.prefix) &&
		isString(x.next) &&
		isCount(x.seed) &&
		isCount(x.step) &&
		isArrayOf(x.tokens, isString) &&
		isCount(x.nHead) &&
		isStageMatrix(x.tokenEmbedding) &&
		isStageMatrix(x.positionEmbedding) &&
		isStageMatrix(x.embedding) &&
		isArrayOf(x.layers, isInspectedLayer) &&
		isStageMatrix(x.finalNorm) &&
		isStageMatrix(x.logits) &&
		isFloats(x.probs, V) &&
		isInt(x.sampled, 0, V - 1) &&
		isInt(x.target, 0, V - 1) &&
		isNumber(x.loss) &&
		isArrayOf(x.weights, isWeightGradient)
	);
}

/** The page's check of what the worker sends: every field it reads has the type it expects. */
export function isFromWorker(x: unknown): x is FromWorker {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'data':
			return isCount(x.id) && isDataSummary(x.summary);
		case 'refused':
			return isCount(x.id) && isSource(x.source) && isString(x.message);
		case 'ready':
			return (
				isTrainSettings(x.settings) &&
				isCount(x.parameterCount) &&
				isCount(x.vocabSize) &&
				isCount(x.items) &&
				isKernelSet(x.kernels)
			);
		case 'losses':
			return (
				isCount(x.from) && isArrayOf(x.losses, isNumber) && isArrayOf(x.heldOut, isHeldOutPoint)
			);
		case 'progress':
			return (
				isCount(x.step) &&
				isCount(x.steps) &&
				isNumber(x.elapsedMs) &&
				isNumber(x.stepsPerSecond) &&
				typeof x.running === 'boolean'
			);
		case 'samples':
			return isArrayOf(x.samples, isSample) && isPositive(x.temperature);
		case 'attention':
			return (
				isString(x.text) &&
				isArrayOf(x.tokens, isString) &&
				isArrayOf(x.layers, (layer): layer is HeadMap[] => isArrayOf(layer, isHeadMap))
			);
		case 'inspection':
			return isInspection(x.inspection);
		case 'uninspectable':
			return isString(x.prefix) && isString(x.next) && isString(x.message);
		case 'error':
			return isString(x.message);
		case 'done':
			return isCount(x.step);
		case 'snapshot':
			return isModelSnapshot(x.snapshot);
		case 'restored':
			return isCount(x.step);
		case 'unrestored':
			return isString(x.message);
		default:
			return false;
	}
}
