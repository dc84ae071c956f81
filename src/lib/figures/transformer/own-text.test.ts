import { describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES } from '$lib/worker/dataset';
import type { DataSummary } from '$lib/worker/protocol';
import { ownTextReport, ownTextView, pasteProblem } from './own-text';

const summary: DataSummary = {
	source: 'own',
	items: 3,
	chars: [...'abcdefghijklmno'],
	heldOut: 0,
	measured: 0,
	bigram: { train: 2.5, heldOut: null },
	notes: [
		'Cut 1 line to 15 characters, the longest the model can read with its start and end markers.'
	]
};

describe('training on your own text', () => {
	it('states the rules from the limits the check applies', () => {
		expect(ownTextView({ connected: true, source: 'names', items: 8403 }).rules).toBe(
			'Up to 1 MB and 96 distinct characters. Lines longer than 15 characters are cut to fit ' +
				'the model’s window; tabs and invisible characters are removed.'
		);
	});

	it('counts one item and one character in the singular', () => {
		const one: DataSummary = {
			source: 'own',
			items: 1,
			heldOut: 0,
			measured: 0,
			chars: ['a'],
			bigram: { train: 1, heldOut: null },
			notes: []
		};
		expect(ownTextReport({ kind: 'accepted', summary: one, file: null }).message).toBe(
			'Training set replaced: 1 item, 1 distinct character, vocabulary of 2 tokens. ' +
				'Press Start in FIG.02 to train on it.'
		);
		expect(ownTextView({ connected: true, source: 'own', items: 1 }).source).toBe(
			'Your text (1 item)'
		);
	});

	it('names a file’s invisible and direction characters by code point', () => {
		const report = ownTextReport({ kind: 'checking', file: 'evil\u202etxt.exe' });
		expect(report.message).toBe('Reading “evil[U+202E]txt.exe”…');
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
		const report = ownTextReport({ kind: 'accepted', summary, file: null });
		expect(report.message).toBe(
			'Training set replaced: 3 items, 15 distinct characters, vocabulary of 16 tokens. ' +
				'Press Start in FIG.02 to train on it.'
		);
		expect(report.refused).toBe(false);
		expect(report.notes).toEqual([expect.stringMatching(/Cut 1 line to 15 characters/)]);
		const file = ownTextReport({ kind: 'accepted', summary, file: 'cities.txt' });
		expect(file.message).toMatch(/^Read “cities\.txt”\. Training set replaced: 3 items/);
	});

	it('says the text is being checked, or the file read, while the worker is at it', () => {
		expect(ownTextReport({ kind: 'checking', file: null }).message).toBe('Checking your text…');
		expect(ownTextReport({ kind: 'checking', file: 'cities.txt' }).message).toBe(
			'Reading “cities.txt”…'
		);
	});

	it('reports a refused text or paste as refused, leaving the model as it was', () => {
		const refused = ownTextReport({
			kind: 'refused',
			message: 'There is nothing to train on yet.'
		});
		expect(refused).toEqual({
			message: 'There is nothing to train on yet. The current model is unchanged.',
			refused: true,
			notes: []
		});
		const paste = ownTextReport({ kind: 'paste-refused', message: 'That text is 1.10 MB.' });
		expect(paste.message).toBe(
			'That text is 1.10 MB. Nothing was pasted; the current model is unchanged.'
		);
		expect(paste.refused).toBe(true);
		expect(ownTextReport({ kind: 'back' }).message).toBe('Back to the names.');
		expect(ownTextReport({ kind: 'none' }).message).toBe('');
	});
});

describe('a paste into the text box', () => {
	const box = (value: string, selectionStart = value.length, selectionEnd = selectionStart) => ({
		value,
		selectionStart,
		selectionEnd
	});

	it('is refused, with the limit’s own message, when the box would hold more than 1 MB', () => {
		expect(pasteProblem(box(''), 'a'.repeat(1_100_000))).toBe(
			'That text is 1.10 MB; the limit is 1 MB, so training stays quick in a browser tab. ' +
				'Paste a shorter list.'
		);
		expect(pasteProblem(box('a'.repeat(600_000)), 'b'.repeat(500_000))).toMatch(/1\.10 MB/);
		expect(pasteProblem(box(''), 'a'.repeat(MAX_TEXT_BYTES))).toBeNull();
	});

	it('counts only what stays in the box: a paste over a selection replaces it', () => {
		const full = 'a'.repeat(MAX_TEXT_BYTES);
		expect(pasteProblem(box(full), 'b')).not.toBeNull();
		expect(pasteProblem(box(full, 0, 10), 'b'.repeat(10))).toBeNull();
		expect(pasteProblem(box(full, 0, 10), 'b'.repeat(11))).not.toBeNull();
	});

	it('counts UTF-8 bytes, as the worker’s check does', () => {
		// 400,000 two-byte letters are 800,000 bytes; 600,000 are over the limit
		expect(pasteProblem(box(''), 'é'.repeat(400_000))).toBeNull();
		expect(pasteProblem(box(''), 'é'.repeat(600_000))).toMatch(/1\.20 MB/);
	});
});
