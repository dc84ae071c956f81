// FIG.06's words: the rules under the text box, which text the model trains on, what the figure
// says while the worker checks the reader's text and after it is accepted or refused, and the
// check that keeps a paste over the limit out of the box. Pure, so node tests pin every string.

import { defineFigure } from '$lib/ui/figure';
import { countOf } from '$lib/ui/format';
import { showReaderText } from '$lib/ui/reader-text';
import { MAX_CHARS, MAX_TEXT_BYTES, tooLargeMessage, utf8Bytes } from '$lib/worker/dataset';
import { MAX_LINE_LENGTH, type DataSource, type DataSummary } from '$lib/worker/protocol';

/** What became of the reader's last request: their text (typed or a file), or the names again. */
export type TextOutcome =
	| { kind: 'none' }
	/** The worker is checking it; `file` is the picked file's name, null for typed text. */
	| { kind: 'checking'; file: string | null }
	| { kind: 'accepted'; summary: DataSummary; file: string | null }
	| { kind: 'refused'; message: string }
	/** A paste over the limit, kept out of the box. */
	| { kind: 'paste-refused'; message: string }
	| { kind: 'back' };

/** What the figure says about the last thing the reader did. */
export interface OwnTextReport {
	message: string;
	refused: boolean;
	/** Changes made to the reader's text (lines cut, characters removed). */
	notes: string[];
}

export interface OwnTextState {
	/** The page's JavaScript has connected the session (false in the prerendered page). */
	connected: boolean;
	source: DataSource;
	/** Items in the training text. */
	items: number;
}

export interface OwnTextView {
	rules: string;
	/** Which text the model trains on. */
	source: string;
	canTrain: boolean;
	canGoBack: boolean;
}

export const EXAMPLE_TEXT =
	'paris\nlondon\nrome\nberlin\nmadrid\nvienna\nprague\nlisbon\noslo\ndublin';

/** What the figure says about the reader's last request. */
export function ownTextReport(outcome: TextOutcome): OwnTextReport {
	const report = (message: string, refused = false, notes: string[] = []) => ({
		message,
		refused,
		notes
	});
	switch (outcome.kind) {
		case 'none':
			return report('');
		case 'checking':
			return report(
				outcome.file ? `Reading “${showReaderText(outcome.file)}”…` : 'Checking your text…'
			);
		case 'refused':
			return report(`${outcome.message} The current model is unchanged.`, true);
		case 'paste-refused':
			return report(`${outcome.message} Nothing was pasted; the current model is unchanged.`, true);
		case 'back':
			return report('Back to the names.');
		case 'accepted': {
			const { items, chars, notes } = outcome.summary;
			const file = outcome.file ? `Read “${showReaderText(outcome.file)}”. ` : '';
			return report(
				`${file}Training set replaced: ${countOf(items, 'item')}, ` +
					`${countOf(chars.length, 'distinct character')}, ` +
					`vocabulary of ${chars.length + 1} tokens. ` +
					'Press Start in FIG.02 to train on it.',
				false,
				notes
			);
		}
	}
}

/** The parts of the text box a paste replaces: its text and the selection (the caret if empty). */
export interface TextBox {
	value: string;
	selectionStart: number;
	selectionEnd: number;
}

/**
 * Why `pasted` must not land in `box` (the result would be over MAX_TEXT_BYTES), or null when it
 * may. Checked before the paste, because a textarea takes seconds to swallow megabytes.
 */
export function pasteProblem(box: TextBox, pasted: string): string | null {
	const { value, selectionStart, selectionEnd } = box;
	const bytes =
		utf8Bytes(value) - utf8Bytes(value.slice(selectionStart, selectionEnd)) + utf8Bytes(pasted);
	return bytes > MAX_TEXT_BYTES ? tooLargeMessage(bytes) : null;
}

export function ownTextView(s: OwnTextState): OwnTextView {
	const items = countOf(s.items, 'item');
	return {
		rules:
			`Up to ${MAX_TEXT_BYTES / 1_000_000} MB and ${MAX_CHARS} distinct characters. ` +
			`Lines longer than ${MAX_LINE_LENGTH} characters are cut to fit the model’s window; ` +
			'tabs and invisible characters are removed.',
		source: !s.connected
			? 'Training on your own text needs JavaScript.'
			: s.source === 'names'
				? `The names (${items})`
				: `Your text (${items})`,
		canTrain: s.connected,
		canGoBack: s.connected && s.source !== 'names'
	};
}

/** FIG.06 keeps nothing in the URL: the reader's text can be a megabyte. */
export const ownTextFigure = defineFigure({
	id: 'own-text',
	number: 6,
	caption: 'Train it on your own list',
	schema: {}
});
