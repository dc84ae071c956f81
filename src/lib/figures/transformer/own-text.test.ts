import { describe, expect, it } from 'vitest';
import { prepareText } from '$lib/worker/dataset';
import { BACK_TO_NAMES, ownTextReport, ownTextView } from './own-text';

describe('training on your own text', () => {
	it('states the rules from the limits the check applies', () => {
		expect(ownTextView({ connected: true, source: 'names', items: 8403 }).rules).toBe(
			'Up to 1 MB and 96 distinct characters. Lines longer than 15 characters are cut to fit ' +
				'the model’s window; tabs and invisible characters are removed.'
		);
	});

	it('says which text the model trains on, and when the names can come back', () => {
		const names = ownTextView({ connected: true, source: 'names', items: 8403 });
		expect(names.source).toBe('The names (8,403 items)');
		expect([names.canTrain, names.canGoBack]).toEqual([true, false]);
		const own = ownTextView({ connected: true, source: 'own', items: 11 });
		expect(own.source).toBe('Your text (11 items)');
		expect(own.canGoBack).toBe(true);
		const prerendered = ownTextView({ connected: false, source: 'names', items: 0 });
		expect(prerendered.source).toBe('Training on your own text needs JavaScript.');
		expect([prerendered.canTrain, prerendered.canGoBack]).toEqual([false, false]);
	});

	it('reports an accepted text with its size and vocabulary, and the changes made to it', () => {
		const report = ownTextReport(prepareText('paris\nrome\nreykjavikurborgin', 15));
		expect(report.message).toBe(
			'Training set replaced: 3 items, 15 distinct characters, vocabulary of 16 tokens. ' +
				'Press Start in FIG.02 to train on it.'
		);
		expect(report.refused).toBe(false);
		expect(report.notes).toEqual([expect.stringMatching(/Cut 1 line to 15 characters/)]);
	});

	it('reports a refused text as refused, leaving the model as it was', () => {
		const report = ownTextReport(prepareText('', 15));
		expect(report.refused).toBe(true);
		expect(report.message).toMatch(/nothing to train on.* The current model is unchanged\.$/);
		expect(report.notes).toEqual([]);
		expect(BACK_TO_NAMES.message).toBe('Back to the names.');
	});
});
