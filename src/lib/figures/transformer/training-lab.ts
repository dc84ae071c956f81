// FIG.02's words and numbers: the status line, the read-outs, the button labels and the preset
// choices, all from the training session's state. Pure, so node tests pin every string.

import {
	MODEL_PRESETS,
	PRESET_IDS,
	presetParameters,
	type KernelSet,
	type PresetId
} from '$lib/engine';
import { formatNumber, formatSignificant, formatCount } from '$lib/ui/format';
import type { BigramBaseline } from '$lib/worker/dataset';
import type { HeldOutPoint } from '$lib/worker/protocol';
import { chartBigram, formatElapsed, uniformLoss } from './transformer';

/** What a read-out shows while there is nothing to show yet: before the first step, after Reset. */
export const NOTHING_YET = '—';

/** 'loading' until the names arrive; 'failed' if they cannot be fetched. */
export type DataState = 'idle' | 'loading' | 'ready' | 'failed';

/** What the status line reads from the session. */
export interface TrainingProgress {
	/** The page's JavaScript has connected the session (false in the prerendered page). */
	connected: boolean;
	data: DataState;
	/** Why the names could not be loaded, when `data` is 'failed'. */
	dataMessage: string;
	modelReady: boolean;
	running: boolean;
	/** The current model has trained all its steps. */
	done: boolean;
	step: number;
}

/** What the rest of the figure reads from the session. */
export interface TrainingLabState extends TrainingProgress {
	/** The step count of the current run. */
	totalSteps: number;
	stepsPerSecond: number;
	/** Time spent training, in ms. */
	elapsedMs: number;
	vocabSize: number;
	/** The bigram baselines in nats, once the text is known. */
	bigram: BigramBaseline | null;
	/** The last point of the smoothed training loss (NaN before the first step). */
	smoothedLoss: number;
	/** The held-out losses measured so far in this run. */
	heldOut: readonly HeldOutPoint[];
	/** How many held-out items the held-out loss is measured on. */
	measuredItems: number;
	settings: { preset: PresetId };
	/** The kernels the worker trains with, once it has said. */
	kernels: KernelSet | null;
}

export interface PresetChoice {
	id: PresetId;
	/** "microgpt: 1 layer, width 16, 4,192 parameters" */
	label: string;
}

export interface TrainingLabView {
	/** "0 / 1,000" */
	step: string;
	/** The smoothed training loss, or "—" before the first step (a diverged run shows NaN). */
	loss: number | string;
	/** The last held-out loss, or "—" before one is measured. */
	heldOutLoss: number | string;
	/** "measured at step 950 on 200 held-out names", or what stands in before. */
	heldOutNote: string;
	stepsPerSecond: number;
	elapsed: string;
	/** The chosen preset's parameter count on the current text: "4,192". */
	parameters: string;
	/** What does the arithmetic: "WebAssembly SIMD", "TypeScript", or "–" before the model. */
	kernels: string;
	/** The chart's accessible title, with both reference values. */
	chartTitle: string;
	startLabel: 'Start' | 'Resume';
	canStart: boolean;
	/** One step at a time: while paused, before the last step. */
	canStep: boolean;
	canPause: boolean;
	canReset: boolean;
	/** Settings cannot change while training runs. */
	locked: boolean;
	presets: PresetChoice[];
}

const count = formatCount;

const KERNEL_NAMES: Record<KernelSet, string> = {
	wasm: 'WebAssembly SIMD',
	typescript: 'TypeScript'
};

/** The learning rate beside its slider: two significant digits ("0.01", "0.0032"). */
export function formatLearningRate(lr: number): string {
	return formatSignificant(lr, 2);
}

/** The one status line: what the reader can do next. */
export function trainingStatus(p: TrainingProgress): string {
	if (!p.connected) return 'Training needs JavaScript.';
	if (p.data === 'failed') return p.dataMessage;
	if (!p.modelReady) return 'Loading the names and building the model…';
	if (p.running) return 'Training…';
	if (p.done) {
		return `Finished ${count(p.step)} steps. Reset to train again, or change a setting.`;
	}
	return p.step > 0 ? 'Paused.' : 'Ready: press Start.';
}

export function trainingLabView(s: TrainingLabState): TrainingLabView {
	const ready = s.connected && s.modelReady;
	const presetLabel = (id: PresetId) => {
		const { label, nLayer, nEmbd } = MODEL_PRESETS[id];
		const layers = nLayer === 1 ? 'layer' : 'layers';
		const parameters = count(presetParameters(id, s.vocabSize));
		return `${label}: ${nLayer} ${layers}, width ${nEmbd}, ${parameters} parameters`;
	};
	const bigramValue = chartBigram(s.bigram);
	const held = s.bigram?.heldOut != null;
	const bigram =
		bigramValue !== null
			? `, bigram counts${held ? ' on the held-out names' : ''} at ${formatNumber(bigramValue, 2)}`
			: '';
	const lastHeldOut = s.heldOut.at(-1);
	const measured = count(s.measuredItems);
	return {
		step: `${count(s.step)} / ${count(s.totalSteps)}`,
		loss: s.step > 0 ? s.smoothedLoss : NOTHING_YET,
		heldOutLoss: lastHeldOut ? lastHeldOut.loss : NOTHING_YET,
		heldOutNote: lastHeldOut
			? `at step ${count(lastHeldOut.step)}, on ${measured} names it never trains on`
			: s.measuredItems > 0
				? `measured on ${measured} names it never trains on, from the first step`
				: 'nothing is held out of a list this short',
		stepsPerSecond: Math.round(s.stepsPerSecond),
		elapsed: formatElapsed(s.elapsedMs),
		parameters: count(presetParameters(s.settings.preset, s.vocabSize)),
		kernels: s.kernels === null ? NOTHING_YET : KERNEL_NAMES[s.kernels],
		chartTitle: `Training loss per step${
			held ? ', and the loss on held-out names' : ''
		}. Reference lines: guessing uniformly at ${formatNumber(uniformLoss(s.vocabSize), 2)}${bigram}.`,
		startLabel: s.step > 0 && !s.done ? 'Resume' : 'Start',
		canStart: ready && !s.running && !s.done,
		canStep: ready && !s.running && !s.done,
		canPause: s.running,
		canReset: ready && (s.step > 0 || s.running),
		locked: s.running,
		presets: PRESET_IDS.map((id) => ({ id, label: presetLabel(id) }))
	};
}
