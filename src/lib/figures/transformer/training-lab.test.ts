import { describe, expect, it } from 'vitest';
import {
	formatLearningRate,
	trainingLabView,
	trainingStatus,
	type TrainingLabState,
	type TrainingProgress
} from './training-lab';

const ready: TrainingProgress = {
	connected: true,
	data: 'ready',
	dataMessage: '',
	modelReady: true,
	running: false,
	done: false,
	step: 0
};

const state = (over: Partial<TrainingLabState> = {}): TrainingLabState => ({
	...ready,
	totalSteps: 1000,
	stepsPerSecond: 0,
	elapsedMs: 0,
	vocabSize: 27,
	bigram: { train: 2.4321, heldOut: 2.4265 },
	smoothedLoss: NaN,
	heldOut: [],
	measuredItems: 200,
	settings: { preset: 'micro' },
	kernels: 'wasm',
	...over
});

describe('the training status line', () => {
	it('says what the reader can do at every stage of a run', () => {
		expect(trainingStatus({ ...ready, connected: false, data: 'idle' })).toBe(
			'Training needs JavaScript.'
		);
		expect(trainingStatus({ ...ready, data: 'loading', modelReady: false })).toBe(
			'Loading the names and building the model…'
		);
		expect(trainingStatus(ready)).toBe('Ready: press Start.');
		expect(trainingStatus({ ...ready, running: true, step: 10 })).toBe('Training…');
		expect(trainingStatus({ ...ready, step: 10 })).toBe('Paused.');
		expect(trainingStatus({ ...ready, done: true, step: 12_000 })).toBe(
			'Finished 12,000 steps. Reset to train again, or change a setting.'
		);
	});

	it('passes on why the names could not be loaded', () => {
		const failed = { ...ready, data: 'failed' as const, modelReady: false, dataMessage: 'No.' };
		expect(trainingStatus(failed)).toBe('No.');
	});
});

describe('the training figure', () => {
	it('prints the step, speed, time and parameters of the chosen preset', () => {
		const view = trainingLabView(
			state({ step: 1234, totalSteps: 5000, stepsPerSecond: 412.6, elapsedMs: 3000 })
		);
		expect(view.step).toBe('1,234 / 5,000');
		expect(view.stepsPerSecond).toBe(413);
		expect(view.elapsed).toBe('3.0 s');
		expect(view.parameters).toBe('4,192');
		expect(trainingLabView(state({ settings: { preset: 'larger' } })).parameters).toBe('102,784');
	});

	it('names the kernels the worker trains with, and none before it has said', () => {
		expect(trainingLabView(state()).kernels).toBe('WebAssembly SIMD');
		expect(trainingLabView(state({ kernels: 'typescript' })).kernels).toBe('TypeScript');
		expect(trainingLabView(state({ kernels: null })).kernels).toBe('—');
	});

	it('labels each preset with its layers, width and parameter count on the current text', () => {
		expect(trainingLabView(state()).presets).toEqual([
			{ id: 'micro', label: 'microgpt: 1 layer, width 16, 4,192 parameters' },
			{ id: 'larger', label: 'larger: 2 layers, width 64, 102,784 parameters' }
		]);
	});

	it('names both reference lines in the chart title, and only ln V before the text is known', () => {
		expect(trainingLabView(state()).chartTitle).toBe(
			'Training loss per step, and the loss on held-out names. Reference lines: guessing ' +
				'uniformly at 3.30, bigram counts on the held-out names at 2.43.'
		);
		expect(
			trainingLabView(state({ bigram: { train: 1.91, heldOut: null }, measuredItems: 0 }))
				.chartTitle
		).toBe(
			'Training loss per step. Reference lines: guessing uniformly at 3.30, bigram counts at 1.91.'
		);
		expect(trainingLabView(state({ bigram: null, vocabSize: 11 })).chartTitle).toBe(
			'Training loss per step. Reference lines: guessing uniformly at 2.40.'
		);
	});

	it('shows — for the losses before the first step, and the last held-out loss with where it was measured', () => {
		const fresh = trainingLabView(state());
		expect([fresh.loss, fresh.heldOutLoss]).toEqual(['—', '—']);
		expect(fresh.heldOutNote).toBe('measured on 200 names it never trains on, from the first step');
		const later = trainingLabView(
			state({
				step: 120,
				smoothedLoss: 2.61,
				heldOut: [
					{ step: 0, loss: 3.29 },
					{ step: 100, loss: 2.58 }
				]
			})
		);
		expect([later.loss, later.heldOutLoss]).toEqual([2.61, 2.58]);
		expect(later.heldOutNote).toBe('at step 100, on 200 names it never trains on');
		const diverged = trainingLabView(state({ step: 3, smoothedLoss: NaN }));
		expect(diverged.loss).toBeNaN();
		expect(trainingLabView(state({ measuredItems: 0 })).heldOutNote).toBe(
			'nothing is held out of a list this short'
		);
	});

	it('offers Step beside Start while paused, and neither while running or after the last step', () => {
		expect(trainingLabView(state()).canStep).toBe(true);
		expect(trainingLabView(state({ step: 40 })).canStep).toBe(true);
		expect(trainingLabView(state({ running: true, step: 40 })).canStep).toBe(false);
		expect(trainingLabView(state({ step: 1000, done: true })).canStep).toBe(false);
		expect(trainingLabView(state({ modelReady: false, data: 'loading' })).canStep).toBe(false);
	});

	it('offers Start, then Pause while running, Resume after a pause, and Reset once it moved', () => {
		const fresh = trainingLabView(state());
		expect([fresh.startLabel, fresh.canStart, fresh.canPause, fresh.canReset]).toEqual([
			'Start',
			true,
			false,
			false
		]);
		const running = trainingLabView(state({ running: true, step: 40 }));
		expect([running.canStart, running.canPause, running.canReset, running.locked]).toEqual([
			false,
			true,
			true,
			true
		]);
		const paused = trainingLabView(state({ step: 40 }));
		expect([paused.startLabel, paused.canStart, paused.canReset]).toEqual(['Resume', true, true]);
		const done = trainingLabView(state({ step: 1000, done: true }));
		expect([done.startLabel, done.canStart, done.canReset]).toEqual(['Start', false, true]);
	});

	it('keeps every button but Pause disabled until the model is built', () => {
		const loading = trainingLabView(state({ modelReady: false, data: 'loading' }));
		expect([loading.canStart, loading.canReset]).toEqual([false, false]);
		const prerendered = trainingLabView(state({ connected: false, step: 5 }));
		expect([prerendered.canStart, prerendered.canReset]).toEqual([false, false]);
	});

	it('writes the learning rate with two significant digits beside the slider', () => {
		expect(formatLearningRate(0.01)).toBe('0.01');
		expect(formatLearningRate(0.0031623)).toBe('0.0032');
		expect(formatLearningRate(0.0001)).toBe('0.0001');
	});
});
