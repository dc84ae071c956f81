// Messages between lesson 2's page and its training worker, as tagged unions. Both sides check
// what they receive: a message is data from another thread, and a malformed one must answer with
// an error, never crash the receiver. The model presets live in the engine (presets.ts).

import { BLOCK_SIZE, PRESET_IDS, type PresetId } from '$lib/engine';

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

/** Page → worker. */
export type ToWorker =
	| { type: 'init'; settings: TrainSettings; lines: string[]; chars: string[] }
	| { type: 'start' }
	| { type: 'pause' }
	| { type: 'reset' }
	| { type: 'sample'; count: number; temperature: number; seed: number }
	| { type: 'attention'; text: string };

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
	| { type: 'done'; step: number };

const isObject = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);
const isStringArray = (x: unknown): x is string[] =>
	Array.isArray(x) && x.every((s) => typeof s === 'string');
const isInt = (x: unknown, min: number, max: number): x is number =>
	Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
const isPositive = (x: unknown): x is number =>
	typeof x === 'number' && Number.isFinite(x) && x > 0;

/** Largest number of steps a run may ask for. */
export const MAX_STEPS = 50_000;

export function isTrainSettings(x: unknown): x is TrainSettings {
	return (
		isObject(x) &&
		typeof x.preset === 'string' &&
		(PRESET_IDS as string[]).includes(x.preset) &&
		isInt(x.seed, 0, 2 ** 32 - 1) &&
		isPositive(x.lr) &&
		(x.lr as number) <= 1 &&
		isInt(x.steps, 1, MAX_STEPS)
	);
}

export function isToWorker(x: unknown): x is ToWorker {
	if (!isObject(x)) return false;
	switch (x.type) {
		case 'init':
			return isTrainSettings(x.settings) && isStringArray(x.lines) && isStringArray(x.chars);
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
			return typeof x.text === 'string';
		default:
			return false;
	}
}

/** A light check: the page only needs to know the tag before it reads a message's fields. */
export function isFromWorker(x: unknown): x is FromWorker {
	if (!isObject(x)) return false;
	return ['ready', 'losses', 'progress', 'samples', 'attention', 'error', 'done'].includes(
		x.type as string
	);
}
