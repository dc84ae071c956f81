/**
 * Lesson 2's model as a .safetensors file, the weights format of the Hugging Face ecosystem: one
 * float32 tensor per parameter, named as the engine's stateDict (wte, wpe, layer0.attn_wq, …,
 * lm_head; every linear weight [out, in], as torch.nn.Linear keeps it), and the model's recipe in
 * the header's __metadata__ (strings only, as the format asks). README.md shows how PyTorch loads
 * it.
 *
 *   const bytes = encodeModelFile(snapshot);                 // Uint8Array, ready for a Blob
 *   const loaded = decodeModelFile(bytes, namesChars);       // every name and shape checked
 *   if (loaded.ok) session.restore(loaded.snapshot);         // samples as the saved model did
 *   else show(loaded.message);                               // says what is wrong with the file
 *
 * A file keeps the weights only, not Adam's moments or the loss history: a loaded model starts a
 * fresh run from its weights, with the seed, learning rate and steps it was saved with.
 */
import {
	PRESET_IDS,
	SafetensorsError,
	decodeSafetensors,
	encodeSafetensors,
	parameterShapes,
	presetConfig,
	type PresetId,
	type StoredTensor
} from '$lib/engine';
import { isTrainSettings, type TrainSettings } from '$lib/worker/protocol';
import { SNAPSHOT_VERSION, type ModelSnapshot } from '$lib/worker/snapshot';

/** The __metadata__ mark of a file this site wrote. */
export const MODEL_FILE_FORMAT = 'trenchcoat-gpt';

/** "trenchcoat-gpt-micro-step-1000.safetensors" */
export function modelFileName(snapshot: ModelSnapshot): string {
	return `trenchcoat-gpt-${snapshot.settings.preset}-step-${snapshot.losses.length}.safetensors`;
}

export function encodeModelFile(snapshot: ModelSnapshot): Uint8Array {
	const { settings, chars } = snapshot;
	const config = presetConfig(settings.preset, chars.length + 1);
	const tensors: Record<string, StoredTensor> = {};
	for (const [name, shape] of parameterShapes(config)) {
		tensors[name] = { shape, data: snapshot.weights[name]! };
	}
	return encodeSafetensors(tensors, {
		format: MODEL_FILE_FORMAT,
		config: JSON.stringify(config),
		preset: settings.preset,
		seed: String(settings.seed),
		lr: String(settings.lr),
		steps: String(settings.steps),
		batch: String(settings.batch),
		step: String(snapshot.losses.length),
		// Token 0 is the boundary; token i is chars[i − 1].
		vocabulary: JSON.stringify(chars),
		source: snapshot.source
	});
}

export type LoadedModel =
	| { ok: true; snapshot: ModelSnapshot; /** Steps it had trained when saved. */ step: number }
	| { ok: false; message: string };

const refuse = (why: string): LoadedModel => ({
	ok: false,
	message: `That file cannot be loaded: ${why}.`
});

function parseJson(text: string | undefined): unknown {
	try {
		return text === undefined ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * A model from a file, checked against the text in use (`chars`, the names' letters): its
 * recipe, and every tensor's name and shape, must be exactly those of a model this page builds.
 */
export function decodeModelFile(bytes: Uint8Array, chars: readonly string[]): LoadedModel {
	let decoded: ReturnType<typeof decodeSafetensors>;
	try {
		decoded = decodeSafetensors(bytes);
	} catch (e) {
		if (e instanceof SafetensorsError) return { ok: false, message: e.message };
		throw e;
	}
	const { tensors, metadata } = decoded;
	if (metadata.format !== MODEL_FILE_FORMAT) {
		return refuse('it is not a model saved by this page (its metadata has no “format”)');
	}
	const preset = metadata.preset as PresetId;
	if (!PRESET_IDS.includes(preset))
		return refuse(`its model shape “${metadata.preset}” is unknown`);
	const vocabulary = parseJson(metadata.vocabulary);
	if (
		!Array.isArray(vocabulary) ||
		vocabulary.length !== chars.length ||
		vocabulary.some((ch, i) => ch !== chars[i])
	) {
		return refuse(
			'it was trained on other characters than the names’ letters; only models trained on the ' +
				'names can be loaded here'
		);
	}
	const settings: TrainSettings = {
		preset,
		seed: Number(metadata.seed),
		lr: Number(metadata.lr),
		steps: Number(metadata.steps),
		// Files written before the batch setting existed trained one name per step.
		batch: metadata.batch === undefined ? 1 : Number(metadata.batch)
	};
	if (!isTrainSettings(settings))
		return refuse('its seed, learning rate, steps or names per step are not valid');
	const config = presetConfig(preset, chars.length + 1);
	if (metadata.config !== JSON.stringify(config)) {
		return refuse(`its config does not match the ${preset} model`);
	}
	const step = Number(metadata.step);
	if (!Number.isInteger(step) || step < 0 || step > settings.steps) {
		return refuse('its step count is not valid');
	}
	const shapes = parameterShapes(config);
	const expected = new Set(shapes.map(([name]) => name));
	const extra = Object.keys(tensors).find((name) => !expected.has(name));
	if (extra !== undefined) return refuse(`it has a tensor “${extra}” the model does not have`);
	const weights: Record<string, Float32Array> = {};
	for (const [name, shape] of shapes) {
		const tensor = tensors[name];
		if (!tensor) return refuse(`its tensor “${name}” is missing`);
		if (tensor.shape.join(',') !== shape.join(',')) {
			return refuse(
				`its tensor “${name}” is [${tensor.shape.join(', ')}], the model needs [${shape.join(', ')}]`
			);
		}
		if (!tensor.data.every(Number.isFinite)) {
			return refuse(`its tensor “${name}” holds values that are not finite numbers`);
		}
		weights[name] = tensor.data;
	}
	return {
		ok: true,
		step,
		snapshot: {
			version: SNAPSHOT_VERSION,
			settings,
			source: 'names',
			chars: [...chars],
			lines: null,
			losses: [],
			heldOut: [],
			elapsedMs: 0,
			weights,
			adam: null
		}
	};
}
