/**
 * Lesson 2's Trainer, the code the page's worker runs, on the names: steps per second for each
 * model preset, one name per step (forward, backward, Adam), the way the reader's browser trains.
 * The browser tests only check that a speed is shown; how fast it is gets measured here.
 */
import { readFileSync } from 'node:fs';
import { MODEL_PRESETS, PRESET_IDS, TRAINING, type PresetId } from '../src/lib/engine/index';
import { kernelSet, useKernels, type KernelSet } from '../src/lib/engine/kernels';
import { prepareText, splitHeldOut } from '../src/lib/worker/dataset';
import { MAX_LINE_LENGTH } from '../src/lib/worker/protocol';
import { Trainer } from '../src/lib/worker/trainer';

/** Timed steps per round, per preset and kernel set: each round takes a fraction of a second. */
const STEPS_PER_ROUND: Record<PresetId, Record<KernelSet, number>> = {
	micro: { wasm: 4000, typescript: 2000 },
	larger: { wasm: 400, typescript: 100 }
};
const ROUNDS = 7;
/** Untimed steps first: JIT compilation and the first allocations. */
const WARM_UP_ROUNDS = 1;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function loadNames(): { lines: string[]; chars: string[] } {
	const text = readFileSync(new URL('../static/data/names.txt', import.meta.url), 'utf8');
	const check = prepareText(text, MAX_LINE_LENGTH);
	if (!check.ok) throw new Error(`static/data/names.txt: ${check.message}`);
	return check.dataset;
}

/** Steps per second of each round of `perRound` steps, after the warm-up. */
function roundRates(trainer: Trainer, perRound: number): number[] {
	const rates: number[] = [];
	for (let round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
		const t0 = performance.now();
		for (let i = 0; i < perRound; i++) trainer.trainStep();
		const ms = performance.now() - t0;
		if (round >= 0) rates.push((perRound * 1000) / ms);
	}
	return rates;
}

/** Each kernel set given, in turn, for every preset; the default set is restored at the end. */
export function benchTrainer(sets: readonly KernelSet[]): void {
	const initial = kernelSet();
	const { lines, chars } = loadNames();
	console.log(
		`\nlesson 2's Trainer on the names: ${lines.length.toLocaleString('en-GB')} names, one per ` +
			`step (forward + backward + Adam), as the page's worker trains`
	);
	console.log(`  (median of ${ROUNDS} rounds after ${WARM_UP_ROUNDS} warm-up round)`);
	console.log(
		`  ${'preset'.padEnd(10)} ${'kernels'.padEnd(10)} ${'parameters'.padStart(10)}  ` +
			`${'steps/s'.padStart(8)}  range`
	);
	for (const preset of PRESET_IDS) {
		for (const set of sets) {
			useKernels(set);
			const perRound = STEPS_PER_ROUND[preset][set];
			const steps = perRound * (ROUNDS + WARM_UP_ROUNDS);
			// One name per step, whatever the preset's batch, so steps/s compare like with like.
			const trainer = new Trainer(
				{ preset, seed: TRAINING.seed, lr: MODEL_PRESETS[preset].lr, steps, batch: 1 },
				splitHeldOut(lines),
				chars
			);
			const rates = roundRates(trainer, perRound);
			console.log(
				`  ${MODEL_PRESETS[preset].label.padEnd(10)} ${set.padEnd(10)} ` +
					`${trainer.model.parameterCount.toLocaleString('en-GB').padStart(10)}  ` +
					`${median(rates).toFixed(0).padStart(8)}  ` +
					`${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)} ` +
					`(${perRound} steps a round)`
			);
		}
	}
	useKernels(initial);
}
