// FIG.12's state and maths: the same kind of logits divided by a temperature τ before the
// softmax, with the entropy in bits and the greedy (argmax) choice.

import { formatNumber, formatSignificant } from '$lib/ui/format';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';
import {
	argmax,
	entropyBits,
	LOGIT_MAX,
	LOGIT_MIN,
	probabilities,
	probabilityRows,
	type ProbabilityRow
} from '../softmax/softmax';

/**
 * The τ slider runs from 1/16 to 4 in steps of a factor 2^(1/8), so 0.5, 1 and 2 (the prose's
 * examples) are exact stops a reader can reach with the arrow keys.
 */
export const TAU_MIN = 1 / 16;
export const TAU_MAX = 4;
export const TAU_STEPS_PER_DECADE = 8 / Math.log10(2);
/** Ticks on the τ slider. */
export const TAU_MARKS = [
	{ value: 0.5, label: '0.5' },
	{ value: 1, label: '1' },
	{ value: 2, label: '2' }
] as const;

export const tauField = (fallback = 1) =>
	field.number({ min: TAU_MIN, max: TAU_MAX, default: fallback, digits: 4 });

/** The prose's logits, so its τ = 0.5 and τ = 2 examples can be reproduced here. */
export const TEMPERATURE_DEFAULT = [2.0, 1.0, 0.1] as const;

export const temperatureSchema = {
	z: field.numbers({
		min: LOGIT_MIN,
		max: LOGIT_MAX,
		length: TEMPERATURE_DEFAULT.length,
		default: TEMPERATURE_DEFAULT,
		digits: 1
	}),
	tau: tauField(1)
};

/** FIG.12: its id (also its URL namespace), number, caption and colour. */
export const temperatureFigure = defineFigure({
	id: 'temperature',
	number: 12,
	caption:
		'Temperature divides the logits before the softmax: low τ sharpens towards the greedy choice, high τ flattens towards uniform',
	branch: 'prob',
	schema: temperatureSchema
});

export type TemperatureState = StateOf<typeof temperatureSchema>;

/** τ as the slider and the prose write it: up to three significant digits. */
export function formatTau(tau: number): string {
	return formatSignificant(tau, 3);
}

export interface TemperatureRow extends ProbabilityRow {
	/** "token 1". */
	name: string;
	/** z / τ, what the softmax actually sees. */
	scaled: number;
	/** "z/τ = 4.00". */
	scaledText: string;
	/** The probability at τ = 1, drawn as a reference mark, in percent of the track. */
	reference: number;
	greedy: boolean;
}

/** What FIG.12 shows for a state. */
export function temperatureView(state: TemperatureState) {
	const { z, tau } = state;
	const reference = probabilities(z, 1);
	const greedy = argmax(z);
	const rows: TemperatureRow[] = probabilityRows(z, tau).map((row, i) => ({
		...row,
		name: `token ${i + 1}`,
		scaled: row.logit / tau,
		scaledText: `z/τ = ${formatNumber(row.logit / tau, 2)}`,
		reference: reference[i]! * 100,
		greedy: i === greedy
	}));
	const bits = entropyBits(z, tau);
	const maxBits = Math.log2(z.length);
	const character =
		bits > 0.98 * maxBits
			? 'nearly uniform'
			: rows[greedy]!.p > 0.99
				? 'nearly certain: almost always the greedy choice'
				: tau < 1
					? 'sharper than at τ = 1'
					: tau > 1
						? 'flatter than at τ = 1'
						: 'the plain softmax';
	return {
		rows,
		greedy,
		greedyText: rows[greedy]!.name,
		bits,
		maxBits,
		maxLabel: `Maximum (uniform), log₂ ${z.length}`,
		character,
		characterText: `At τ = ${formatTau(tau)} the distribution is ${character}.`,
		summary: `τ ${formatTau(tau)}: ${rows.map((r) => r.text).join(', ')}; entropy ${bits.toFixed(2)} bits, ${character}`
	};
}
