/**
 * The forward trace's cost: a microgpt and a larger training step (forward, backward, Adam) with
 * the trace off, as training runs, and with it on, as the step-through asks for it. Off must cost
 * nothing: the two "off" columns are the same code path measured twice, so their difference is
 * the noise floor the "on" column is read against.
 */
import {
	ADAM,
	Adam,
	GPT,
	MODEL_PRESETS,
	NAMES_VOCAB_SIZE,
	PRESET_IDS,
	Rng,
	TRAINING,
	Vocab,
	crossEntropy,
	presetConfig,
	type PresetId
} from '../src/lib/engine/index';

const IDS = Vocab.names().encode('bartholomewjohn');
const INPUTS = Array.from(IDS.slice(0, -1));
const TARGETS = Array.from(IDS.slice(1));
const ROUNDS = 9;
const PER_ROUND: Record<PresetId, number> = { micro: 400, larger: 30 };

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function stepper(preset: PresetId, trace: boolean): () => void {
	const model = new GPT(presetConfig(preset, NAMES_VOCAB_SIZE), new Rng(TRAINING.seed));
	const opt = new Adam(model.parameters(), { lr: MODEL_PRESETS[preset].lr, ...ADAM });
	return () => {
		opt.zeroGrad();
		const logits = trace ? model.forward(INPUTS, { trace: true }).logits : model.forward(INPUTS);
		crossEntropy(logits, TARGETS).backward();
		opt.step();
	};
}

export function benchTrace(): void {
	console.log(
		`\nthe forward trace: one training step with it off (twice, for the noise floor) and on; ` +
			`median ms/step of ${ROUNDS} interleaved rounds`
	);
	console.log(
		`  ${'preset'.padEnd(10)} ${'off'.padStart(8)} ${'off again'.padStart(10)} ${'on'.padStart(8)}`
	);
	for (const preset of PRESET_IDS) {
		const runs = [stepper(preset, false), stepper(preset, false), stepper(preset, true)];
		const times: number[][] = runs.map(() => []);
		for (let round = -1; round < ROUNDS; round++) {
			runs.forEach((step, i) => {
				const t0 = performance.now();
				for (let s = 0; s < PER_ROUND[preset]; s++) step();
				if (round >= 0) times[i]!.push((performance.now() - t0) / PER_ROUND[preset]);
			});
		}
		const [off, again, on] = times.map((t) => median(t).toFixed(4));
		console.log(
			`  ${MODEL_PRESETS[preset].label.padEnd(10)} ${off!.padStart(8)} ${again!.padStart(10)} ${on!.padStart(8)}`
		);
	}
}
