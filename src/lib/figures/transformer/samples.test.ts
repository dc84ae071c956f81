import { describe, expect, it } from 'vitest';
import { formatTemperature, samplesView, type SamplesState } from './samples';

const state = (over: Partial<SamplesState> = {}): SamplesState => ({
	connected: true,
	modelReady: true,
	samples: [],
	sampleTemperature: 1,
	...over
});

describe('the samples figure', () => {
	it('asks for a first draw, or for JavaScript in the prerendered page', () => {
		const view = samplesView(state());
		expect(view.summary).toBe('No names drawn yet.');
		expect(view.empty).toMatch(/^Press Generate to draw names/);
		expect(view.canGenerate).toBe(true);
		const prerendered = samplesView(state({ connected: false, modelReady: false }));
		expect(prerendered.empty).toBe(
			'Generating names needs JavaScript: the model lives in your browser tab.'
		);
		expect(prerendered.canGenerate).toBe(false);
	});

	it('tags each name and counts the new ones at the temperature they were drawn at', () => {
		const view = samplesView(
			state({
				sampleTemperature: 0.8,
				samples: [
					{ text: 'emma', isNew: false },
					{ text: 'brelyn', isNew: true },
					{ text: '', isNew: true }
				]
			})
		);
		expect(view.names).toEqual([
			{ text: 'emma', tag: 'in the data', isNew: false },
			{ text: 'brelyn', tag: 'new', isNew: true },
			{ text: '(empty)', tag: 'new', isNew: true }
		]);
		expect(view.summary).toBe('3 names at temperature 0.8: 2 new, 1 from the training set.');
		const precise = samplesView({ ...state(), sampleTemperature: 1.585, samples: view.names });
		expect(precise.summary).toMatch(/^3 names at temperature 1.585:/);
	});

	it('writes τ with two significant digits beside the slider', () => {
		expect(formatTemperature(0.8)).toBe('0.8');
		expect(formatTemperature(1.26)).toBe('1.3');
		expect(formatTemperature(0.126)).toBe('0.13');
	});
});
