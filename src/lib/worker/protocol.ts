// Messages between lesson 2's page and its training worker, as tagged unions. Both sides check
// what they receive: a message is data from another thread, and a malformed one must answer with
// an error, never crash the receiver. The model presets live in the engine (presets.ts).

import { BLOCK_SIZE, PRESET_IDS, type PresetId } from '$lib/engine';
import { isModelSnapshot, type ModelSnapshot } from './snapshot';

/** Longest item that still fits with its start and end boundary tokens (blockSize − 1). */
export const MAX_LINE_LENGTH = BLOCK_SIZE - 1;

export interface TrainSettings {
	preset: PresetId;
	seed: number;
	/** Adam's learning rate at step 0; it decays linearly to 0 at the last step. */
	lr: number;
	/** Training steps, one item each. */
	steps: number;
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
	/** Training items, after cleaning. */
	items: number;
	/** The vocabulary's characters (tokens 1 … n), sorted by code point. */
	chars: string[];
	/** Cross-entropy of the add-one bigram model on the items, in nats. */
	bigram: number;
	/** What was changed to make the text fit: lines cut, invisible characters removed. */
	notes: string[];
}

/**
 * Page → worker. The data and the model's settings travel separately; the worker builds a model
 * once it has both, and again whenever either changes. `id` numbers a data request so the page
 * knows which one an answer is for.
 */
export type ToWorker =
	| { type: 'settings'; settings: TrainSettings }
	/** Train on the names at `url` (absolute): fetched and prepared once, then kept. */
	| { type: 'names'; id: number; url: string }
	/** Train on the reader's list: the text as typed, or a file the reader picked. */
	| { type: 'text'; id: number; text: string | Blob }
	| { type: 'start' }
	| { type: 'pause' }
	| { type: 'reset' }
	| { type: 'sample'; count: number; temperature: number; seed: number }
	| { type: 'attention'; text: string }
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
	  }
	| { type: 'losses'; from: number; losses: number[] }
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

export function isTrainSettings(x: unknown): x is TrainSettings {
	return (
		isObject(x) &&
		isString(x.preset) &&
		(PRESET_IDS as string[]).includes(x.preset) &&
		isInt(x.seed, 0, 2 ** 32 - 1) &&
		isPositive(x.lr) &&
		x.lr <= 1 &&
		isInt(x.steps, 1, MAX_STEPS)
	);
}

export function isToWorker(x: unknown): x is ToWorker {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'settings':
			return isTrainSettings(x.settings);
		case 'names':
			return isCount(x.id) && isHttpUrl(x.url);
		case 'text':
			return isCount(x.id) && (isString(x.text) || isBlob(x.text));
		case 'start':
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
		isArrayOf(x.chars, isString) &&
		isFiniteNumber(x.bigram) &&
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
				isCount(x.items)
			);
		case 'losses':
			return isCount(x.from) && isArrayOf(x.losses, isNumber);
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
