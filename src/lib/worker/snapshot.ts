/**
 * A trained model as data: everything a run needs to go on exactly where it stopped (weights,
 * Adam's moments, every step's loss, the settings and the text's characters), for keeping it in
 * the browser (model-store.ts) and for a model the reader loads from a file (no moments, no
 * history: it starts a fresh run from its weights).
 *
 *   isModelSnapshot(structuredClone(snapshot));   // true: every name, shape and number checked
 *   snapshotProblem({ version: 0 });              // "it was saved in another format (0)"
 *
 * A snapshot comes from storage or another thread, so every field is checked before anything is
 * built from it. snapshot-trainer.ts takes one from a trainer and makes a trainer from one.
 */
import { PRESET_IDS, parameterShapes, presetConfig, type AdamState } from '$lib/engine';
import { MAX_CHARS } from './dataset';
import {
	isHeldOutPoint,
	isTrainSettings,
	type DataSource,
	type HeldOutPoint,
	type TrainSettings
} from './protocol';

/** Bumped whenever the shape of a snapshot changes; an older one is then ignored, with a note. */
export const SNAPSHOT_VERSION = 1;

export interface ModelSnapshot {
	version: typeof SNAPSHOT_VERSION;
	settings: TrainSettings;
	source: DataSource;
	/** The vocabulary's characters (tokens 1 … n), as the model was built with them. */
	chars: string[];
	/** The reader's own lines, so a model trained on them can train on; null for the names. */
	lines: string[] | null;
	/** Every step's loss; the step reached is their count. */
	losses: number[];
	/** The held-out losses measured so far, in step order. */
	heldOut: HeldOutPoint[];
	/** Time spent training, in ms. */
	elapsedMs: number;
	/** The parameters by stateDict name, row-major. */
	weights: Record<string, Float32Array>;
	/** Adam's memory; null for a model loaded from a file, which starts a fresh optimiser. */
	adam: AdamState | null;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

const isFloats = (x: unknown, length: number): x is Float32Array =>
	x instanceof Float32Array && x.length === length;

/** Held-out points in rising step order, none after the last step trained. */
function isHeldOutHistory(x: unknown, steps: number): x is HeldOutPoint[] {
	if (!Array.isArray(x)) return false;
	let last = -1;
	for (const point of x) {
		if (!isHeldOutPoint(point) || point.step <= last || point.step > steps) return false;
		last = point.step;
	}
	return true;
}

/** One code point each, sorted, no repeats, at most MAX_CHARS: as the worker builds them. */
function isVocabulary(x: unknown): x is string[] {
	if (!Array.isArray(x) || x.length === 0 || x.length > MAX_CHARS) return false;
	return x.every(
		(ch, i) =>
			typeof ch === 'string' &&
			Array.from(ch).length === 1 &&
			(i === 0 || ch.codePointAt(0)! > (x[i - 1] as string).codePointAt(0)!)
	);
}

/** Why `x` is not a snapshot this page can use, or null when it is one. */
export function snapshotProblem(x: unknown): string | null {
	if (!isObject(x)) return 'it is not a saved model';
	if (x.version !== SNAPSHOT_VERSION)
		return `it was saved in another format (${String(x.version)})`;
	if (!isTrainSettings(x.settings) || !PRESET_IDS.includes(x.settings.preset)) {
		return 'its settings are not ones this page offers';
	}
	if (x.source !== 'names' && x.source !== 'own') return 'its training text is unknown';
	if (!isVocabulary(x.chars)) return 'its vocabulary is not valid';
	if (x.source === 'own') {
		if (!Array.isArray(x.lines) || x.lines.length === 0) return 'its training text is missing';
		if (!x.lines.every((line) => typeof line === 'string' && line.length > 0)) {
			return 'its training text is not a list of lines';
		}
	} else if (x.lines !== null) return 'it holds lines it should not';
	const { settings } = x;
	if (
		!Array.isArray(x.losses) ||
		x.losses.length > settings.steps ||
		!x.losses.every((loss) => typeof loss === 'number')
	) {
		return 'its loss history is not valid';
	}
	if (!isHeldOutHistory(x.heldOut, x.losses.length)) return 'its held-out losses are not valid';
	if (!(typeof x.elapsedMs === 'number' && x.elapsedMs >= 0 && Number.isFinite(x.elapsedMs))) {
		return 'its training time is not valid';
	}
	const shapes = parameterShapes(presetConfig(settings.preset, x.chars.length + 1));
	const weights = x.weights;
	if (!isObject(weights)) return 'it has no weights';
	const names = shapes.map(([name]) => name);
	const extra = Object.keys(weights).find((name) => !names.includes(name));
	if (extra !== undefined) return `it has a weight “${extra}” this model does not have`;
	for (const [name, [rows, cols]] of shapes) {
		if (!isFloats(weights[name], rows * cols))
			return `its weight “${name}” is missing or misshapen`;
	}
	if (x.adam !== null) {
		const adam = x.adam;
		const moments = (m: unknown) =>
			Array.isArray(m) &&
			m.length === shapes.length &&
			m.every((a, i) => isFloats(a, shapes[i]![1][0] * shapes[i]![1][1]));
		if (
			!isObject(adam) ||
			!Number.isInteger(adam.t) ||
			(adam.t as number) < 0 ||
			!moments(adam.m) ||
			!moments(adam.v)
		) {
			return 'its optimiser state is not valid';
		}
	}
	return null;
}

export function isModelSnapshot(x: unknown): x is ModelSnapshot {
	return snapshotProblem(x) === null;
}
