// FIG.05's words: the rules under the text box, which text the model trains on, and what the
// figure says after the reader's text is accepted or refused. Pure, so node tests pin every string.

import { defineFigure } from '$lib/ui/figure';
import { MAX_CHARS, MAX_TEXT_BYTES, type TextCheck } from '$lib/worker/dataset';
import { MAX_LINE_LENGTH } from '$lib/worker/protocol';

export type DataSource = 'names' | 'own';

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

export const NO_REPORT: OwnTextReport = { message: '', refused: false, notes: [] };
export const BACK_TO_NAMES: OwnTextReport = {
	message: 'Back to the names.',
	refused: false,
	notes: []
};

/** What the check of the reader's text means for them. */
export function ownTextReport(check: TextCheck): OwnTextReport {
	if (!check.ok) {
		return {
			message: `${check.message} The current model is unchanged.`,
			refused: true,
			notes: []
		};
	}
	const { lines, chars } = check.dataset;
	return {
		message:
			`Training set replaced: ${lines.length.toLocaleString('en-GB')} items, ` +
			`${chars.length} distinct characters, vocabulary of ${chars.length + 1} tokens. ` +
			'Press Start in FIG.02 to train on it.',
		refused: false,
		notes: check.notes
	};
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
