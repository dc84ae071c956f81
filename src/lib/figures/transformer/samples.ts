// FIG.03's words: the drawn names with their tags, the summary line and the empty-state text.
// Pure, so node tests pin every string.

import { formatSignificant } from '$lib/ui/format';
import type { Sample } from '$lib/worker/protocol';

export interface SamplesState {
	/** The page's JavaScript has connected the session (false in the prerendered page). */
	connected: boolean;
	modelReady: boolean;
	samples: readonly Sample[];
	/** The temperature the current samples were drawn at. */
	sampleTemperature: number;
}

export interface SampleItem {
	text: string;
	tag: string;
	isNew: boolean;
}

export interface SamplesView {
	names: SampleItem[];
	summary: string;
	/** Shown instead of the list while there are no names. */
	empty: string;
	canGenerate: boolean;
}

/** τ beside the slider: two significant digits ("0.8", "1.3"). */
export function formatTemperature(tau: number): string {
	return formatSignificant(tau, 2);
}

export function samplesView(s: SamplesState): SamplesView {
	// τ exactly as drawn: the URL keeps three decimals, so up to four significant digits.
	const tau = formatSignificant(s.sampleTemperature, 4);
	const total = s.samples.length;
	const fresh = s.samples.filter((sample) => sample.isNew).length;
	return {
		names: s.samples.map((sample) => ({
			text: sample.text === '' ? '(empty)' : sample.text,
			tag: sample.isNew ? 'new' : 'in the data',
			isNew: sample.isNew
		})),
		summary:
			total === 0
				? 'No names drawn yet.'
				: `${total} names at temperature ${tau}: ${fresh} new, ${total - fresh} from the training set.`,
		empty: s.connected
			? 'Press Generate to draw names from the model as it is right now. Before training they are gibberish; after a few hundred steps they start to sound like names.'
			: 'Generating names needs JavaScript: the model lives in your browser tab.',
		canGenerate: s.connected && s.modelReady
	};
}
