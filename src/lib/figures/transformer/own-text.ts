// FIG.05's words: the rules under the text box, which text the model trains on, and what the
// figure says while the worker checks the reader's text and after it is accepted or refused.
// Pure, so node tests pin every string.

import { defineFigure } from '$lib/ui/figure';
import { MAX_CHARS, MAX_TEXT_BYTES } from '$lib/worker/dataset';
import { MAX_LINE_LENGTH, type DataSource, type DataSummary } from '$lib/worker/protocol';

/** What became of the reader's last request: their text (typed or a file), or the names again. */
export type TextOutcome =
	| { kind: 'none' }
	/** The worker is checking it; `file` is the picked file's name, null for typed text. */
	| { kind: 'checking'; file: string | null }
	| { kind: 'accepted'; summary: DataSummary; file: string | null }
	| { kind: 'refused'; message: string }
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
			return report(outcome.file ? `Reading “${outcome.file}”…` : 'Checking your text…');
		case 'refused':
			return report(`${outcome.message} The current model is unchanged.`, true);
		case 'back':
			return report('Back to the names.');
		case 'accepted': {
			const { items, chars, notes } = outcome.summary;
			const file = outcome.file ? `Read “${outcome.file}”. ` : '';
			return report(
				`${file}Training set replaced: ${items.toLocaleString('en-GB')} items, ` +
					`${chars.length} distinct characters, vocabulary of ${chars.length + 1} tokens. ` +
					'Press Start in FIG.02 to train on it.',
				false,
				notes
			);
		}
	}
}

export function ownTextView(s: OwnTextState): OwnTextView {
	const items = s.items.toLocaleString('en-GB');
	return {
		rules:
			`Up to ${MAX_TEXT_BYTES / 1_000_000} MB and ${MAX_CHARS} distinct characters. ` +
			`Lines longer than ${MAX_LINE_LENGTH} characters are cut to fit the model’s window; ` +
			'tabs and invisible characters are removed.',
		source: !s.connected
			? 'Training on your own text needs JavaScript.'
			: s.source === 'names'
				? `The names (${items} items)`
				: `Your text (${items} items)`,
		canTrain: s.connected,
		canGoBack: s.connected && s.source !== 'names'
	};
}

/** FIG.05 keeps nothing in the URL: the reader's text can be a megabyte. */
export const ownTextFigure = defineFigure({
	id: 'own-text',
	number: 5,
	caption: 'Train it on your own list',
	schema: {}
});
