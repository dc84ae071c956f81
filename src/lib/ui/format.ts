/**
 * Number formatting for readouts, slider values and labels.
 *
 *   formatNumber(3.14159)      // "3.14"
 *   formatNumber(-2, 1)        // "−2.0"   (U+2212, the real minus sign)
 *   formatNumber(1 / 0)        // "∞"
 *   formatNumber(0.00042)      // "4.20e−4"
 *   describeNonFinite(NaN)     // "Not a number: …"  (null for finite values)
 *   countOf(1, 'item')         // "1 item";  countOf(8403, 'item') // "8,403 items"
 *
 * A figure must never break on NaN or infinity: it shows them as such and explains them.
 */

/** U+2212. A hyphen-minus looks wrong beside digits and reads oddly in some screen readers. */
export const MINUS = '\u2212';

/** At or above this magnitude the fixed form gets too wide for a readout. */
const LARGE = 1e6;

/** The widest exponent form a caller can ask for; toFixed/toExponential reject more than 100. */
const MAX_DIGITS = 20;

function clampDigits(digits: number): number {
	if (!Number.isFinite(digits)) return 2;
	return Math.min(MAX_DIGITS, Math.max(0, Math.round(digits)));
}

/** Swaps ASCII hyphen-minus for the real minus sign wherever it appears. */
export function withRealMinus(s: string): string {
	return s.replace(/-/g, MINUS);
}

/**
 * Formats `x` with `digits` decimal places. Magnitudes of a million or more, and non-zero values
 * that would round to zero at `digits` places, switch to exponent form ("1.23e7", "4.20e−4") so
 * a tiny gradient never reads as a misleading "0.00".
 */
export function formatNumber(x: number, digits = 2): string {
	if (Number.isNaN(x)) return 'NaN';
	if (x === Infinity) return '∞';
	if (x === -Infinity) return `${MINUS}∞`;
	const d = clampDigits(digits);
	const abs = Math.abs(x);
	// -0 would otherwise print as "-0.00".
	if (abs === 0) return (0).toFixed(d);
	if (abs >= LARGE || abs < 0.5 * 10 ** -d) {
		const [mantissa = '', exponent = '0'] = x.toExponential(d).split('e');
		return withRealMinus(`${mantissa}e${Number(exponent)}`);
	}
	return withRealMinus(x.toFixed(d));
}

/**
 * Fixed-point only, never exponent form: for values on a known grid (slider steps, handle
 * coordinates) where "4.0e−2" would be noise. Real minus sign; no "−0.0".
 */
export function formatFixed(x: number, digits = 2): string {
	if (!Number.isFinite(x)) return formatNumber(x);
	const d = clampDigits(digits);
	const fixed = x.toFixed(d);
	// -0.04 at one decimal is "-0.0"; a sign on zero only confuses.
	return Number(fixed) === 0 ? (0).toFixed(d) : withRealMinus(fixed);
}

/**
 * A short plain-English explanation of a non-finite value, or null for an ordinary number.
 * Shown next to the value so a reader who pushes a figure too far learns what happened.
 */
export function describeNonFinite(x: number): string | null {
	if (Number.isNaN(x)) {
		return `Not a number: an undefined operation such as ∞ ${MINUS} ∞ or 0/0 happened.`;
	}
	if (x === Infinity) {
		return 'The value overflowed: it grew past the largest number a float can hold.';
	}
	if (x === -Infinity) {
		return 'The value overflowed: it fell below the most negative number a float can hold.';
	}
	return null;
}

/** The number of decimal places in a step such as 0.05 (→ 2) or 1e-3 (→ 3); integers give 0. */
export function decimalsOf(step: number): number {
	if (!Number.isFinite(step) || step <= 0 || Number.isInteger(step)) return 0;
	const s = step.toExponential();
	const [mantissa = '', exponent = '0'] = s.split('e');
	const fraction = mantissa.split('.')[1]?.length ?? 0;
	return Math.min(MAX_DIGITS, Math.max(0, fraction - Number(exponent)));
}

/** Below this magnitude formatSignificant switches to exponent form unless told otherwise. */
const SMALL = 1e-4;

export interface SignificantOptions {
	/** Magnitudes below this are written in exponent form ("5e−3"); default 1e−4. */
	expBelow?: number;
}

/**
 * Formats `x` to `sig` significant digits without trailing zeros ("0.003", "250", "1.5e−7").
 * The one formatter for values that span decades on a logarithmic slider (a learning rate, a
 * temperature τ, a nudge ε).
 */
export function formatSignificant(
	x: number,
	sig = 3,
	{ expBelow = SMALL }: SignificantOptions = {}
): string {
	if (!Number.isFinite(x)) return formatNumber(x);
	if (x === 0) return '0';
	const s = Math.min(MAX_DIGITS, Math.max(1, Math.round(sig)));
	// Round first: 0.000999 becomes 0.001, which changes the magnitude used below.
	const rounded = Number(x.toPrecision(s));
	const abs = Math.abs(rounded);
	const magnitude = Math.floor(Math.log10(abs));
	if (abs >= LARGE || abs < expBelow) {
		const [mantissa = '', exponent = '0'] = rounded.toExponential(s - 1).split('e');
		return withRealMinus(`${trimZeros(mantissa)}e${Number(exponent)}`);
	}
	const digits = Math.min(MAX_DIGITS, Math.max(0, s - 1 - magnitude));
	return withRealMinus(trimZeros(rounded.toFixed(digits)));
}

function trimZeros(fixed: string): string {
	return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * "8,403": a count with thousands separators, as en-GB writes them. Written out rather than
 * through Intl: a page's first `toLocaleString` loads the locale's data, about 20 ms at desktop
 * speed and several times that on a phone, which a page loading its figures should not pay.
 */
export function formatCount(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	const [whole, fraction] = String(Math.abs(n)).split('.');
	const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return `${n < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** "1 item", "8,403 items": a count with its noun, singular for exactly one. */
export function countOf(n: number, one: string, many = `${one}s`): string {
	return `${formatCount(n)} ${n === 1 ? one : many}`;
}
