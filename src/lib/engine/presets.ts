/**
 * Every GPT recipe of the site, defined once: the model shapes a reader can pick, microgpt's
 * Adam settings, and the learning rate, steps and seed a fresh run starts from. The lesson's
 * training figure, the worker, the benchmark and the tests all import from here.
 *
 *   presetConfig('micro', 27)        // { vocabSize: 27, nEmbd: 16, nHead: 4, nLayer: 1, blockSize: 16 }
 *   presetParameters('larger', 27)   // 102,784
 *   new Adam(model.parameters(), { lr: MODEL_PRESETS.micro.lr, ...ADAM });
 */
import { countParameters, type GPTConfig } from './gpt';

/** Every preset reads 16 tokens, so text can be checked before a model exists. */
export const BLOCK_SIZE = 16;

/** The boundary token plus the letters a … z: the names' vocabulary. */
export const NAMES_VOCAB_SIZE = 27;

/**
 * The model shapes a reader can pick, each with the learning rate it trains well at (the larger
 * model prefers smaller steps) and the items each step averages its loss over. microgpt keeps
 * microgpt's recipe, one name per step. The larger model reads 4 names per step: at one, its
 * 1,000 steps end no better than microgpt's on names neither has seen; at four, it beats
 * microgpt there (the lesson's numbers test holds it to that). The vocabulary size comes from
 * the training text.
 */
export const MODEL_PRESETS = {
	micro: {
		label: 'microgpt',
		nEmbd: 16,
		nHead: 4,
		nLayer: 1,
		blockSize: BLOCK_SIZE,
		lr: 0.01,
		batch: 1
	},
	larger: {
		label: 'larger',
		nEmbd: 64,
		nHead: 4,
		nLayer: 2,
		blockSize: BLOCK_SIZE,
		lr: 0.003,
		batch: 4
	}
} as const;

export type PresetId = keyof typeof MODEL_PRESETS;
export const PRESET_IDS = Object.keys(MODEL_PRESETS) as PresetId[];

/** microgpt's Adam: a shorter memory for the mean (β₁ = 0.85) than PyTorch's default. */
export const ADAM = { beta1: 0.85, beta2: 0.99, eps: 1e-8 } as const;

/** What a fresh training run starts from (the learning rate decays linearly to 0 at the last step). */
export const TRAINING = { seed: 42, steps: 1000 } as const;

/** The shape of a preset's model for a vocabulary of `vocabSize` tokens. */
export function presetConfig(preset: PresetId, vocabSize: number): GPTConfig {
	const { nEmbd, nHead, nLayer, blockSize } = MODEL_PRESETS[preset];
	return { vocabSize, nEmbd, nHead, nLayer, blockSize };
}

export function presetParameters(preset: PresetId, vocabSize: number): number {
	return countParameters(presetConfig(preset, vocabSize));
}

/** microgpt on the names: 4,192 parameters. */
export const defaultGPTConfig: Readonly<GPTConfig> = Object.freeze(
	presetConfig('micro', NAMES_VOCAB_SIZE)
);
