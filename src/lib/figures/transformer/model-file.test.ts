import { describe, expect, it } from 'vitest';
import {
	MODEL_PRESETS,
	decodeSafetensors,
	encodeSafetensors,
	type StoredTensor
} from '$lib/engine';
import { splitHeldOut } from '$lib/worker/dataset';
import { takeSnapshot } from '$lib/worker/snapshot-trainer';
import { Trainer } from '$lib/worker/trainer';
import { decodeModelFile, encodeModelFile, modelFileName } from './model-file';

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];
const trainer = new Trainer(
	{ preset: 'micro', seed: 3, lr: MODEL_PRESETS.micro.lr, steps: 30, batch: 1 },
	splitHeldOut([
		'emma',
		'olivia',
		'zoe',
		'quinn',
		'jack',
		'bryce',
		'felix',
		'hugo',
		'kate',
		'wyatt'
	]),
	LETTERS
);
for (let i = 0; i < 5; i++) trainer.trainStep();
const snapshot = takeSnapshot(trainer, { source: 'names', lines: null, elapsedMs: 99 });
const bytes = encodeModelFile(snapshot);

/** The file's tensors and metadata, changed by `edit`, written again. */
function edited(
	edit: (tensors: Record<string, StoredTensor>, metadata: Record<string, string>) => void
): Uint8Array {
	const { tensors, metadata } = decodeSafetensors(bytes);
	edit(tensors, metadata);
	return encodeSafetensors(tensors, metadata);
}

describe('a model saved as a .safetensors file', () => {
	it('names its tensors as the engine’s stateDict, float32 [out, in], the recipe in __metadata__', () => {
		const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
		const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
		const names = Object.keys(trainer.model.stateDict());
		expect(Object.keys(header).filter((k) => k !== '__metadata__')).toEqual(names);
		expect(header['layer0.mlp_fc1']).toMatchObject({ dtype: 'F32', shape: [64, 16] });
		expect(header.lm_head).toMatchObject({ dtype: 'F32', shape: [27, 16] });
		expect(header.__metadata__).toMatchObject({
			format: 'trenchcoat-gpt',
			config: '{"vocabSize":27,"nEmbd":16,"nHead":4,"nLayer":1,"blockSize":16}',
			preset: 'micro',
			seed: '3',
			step: '5'
		});
		expect(modelFileName(snapshot)).toBe('trenchcoat-gpt-micro-step-5.safetensors');
	});

	it('loads back with the same weights and settings, ready for a fresh run', () => {
		const loaded = decodeModelFile(bytes, LETTERS);
		expect(loaded.ok).toBe(true);
		if (!loaded.ok) return;
		expect(loaded.step).toBe(5);
		expect(loaded.snapshot.settings).toEqual(snapshot.settings);
		expect(loaded.snapshot.weights).toEqual(snapshot.weights);
		expect([loaded.snapshot.losses, loaded.snapshot.adam]).toEqual([[], null]);
	});

	it('refuses anything else with a message that says what is wrong', () => {
		const cases: [Uint8Array, RegExp][] = [
			[new TextEncoder().encode('emma\nolivia\n'), /Not a model this page can load/],
			[bytes.subarray(0, 100), /Not a model this page can load/],
			[edited((_, m) => delete m.format), /not a model saved by this page/],
			[edited((_, m) => (m.preset = 'huge')), /model shape “huge” is unknown/],
			[edited((t) => delete t.wpe), /tensor “wpe” is missing/],
			[
				edited((t) => (t.extra = { shape: [1], data: new Float32Array(1) })),
				/tensor “extra” the model does not have/
			],
			[
				edited((t) => (t.wte = { shape: [16, 27], data: t.wte!.data })),
				/“wte” is \[16, 27\], the model needs \[27, 16\]/
			],
			[edited((t) => (t.wte!.data[0] = NaN)), /not finite/],
			[edited((_, m) => (m.seed = '-1')), /seed, learning rate, steps or names per step/],
			[edited((_, m) => (m.step = '31')), /step count/]
		];
		for (const [file, why] of cases) {
			const loaded = decodeModelFile(file, LETTERS);
			expect(loaded.ok).toBe(false);
			expect(!loaded.ok && loaded.message).toMatch(why);
		}
		expect(decodeModelFile(bytes, LETTERS.slice(1))).toMatchObject({
			ok: false,
			message: expect.stringMatching(/other characters than the names’ letters/)
		});
	});
});
