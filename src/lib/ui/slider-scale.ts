/**
 * Maps a slider's value (what the figure uses, in its own units) to the position of a native
 * `<input type="range">` and back.
 *
 *   const s = logScale(1e-4, 1);        // a learning rate across four decades
 *   s.toPosition(0.01)                   // −2: the input moves in log10 space
 *   s.toValue(-2.5)                      // 0.00316: the figure always sees linear units
 *   s.fraction(0.01)                     // 0.5: where to draw a tick mark along the track
 *
 * Keeping this pure lets the Slider component stay a thin view and lets tests pin the maths.
 */
import { decimalsOf, formatFixed, formatSignificant } from './format';

export interface SliderScale {
	/** Attributes for the native input, in position units (log10 units for a log scale). */
	readonly min: number;
	readonly max: number;
	readonly step: number;
	/** Value → input position; out-of-range values are clamped, NaN goes to the minimum. */
	toPosition(value: number): number;
	/** Input position → value, snapped to the step grid and clamped to the range. */
	toValue(position: number): number;
	/** Value → 0…1 along the track. */
	fraction(value: number): number;
	/** The default text for a value: the visible readout and aria-valuetext. */
	format(value: number): string;
}

function clamp(x: number, lo: number, hi: number): number {
	if (Number.isNaN(x)) return lo;
	return Math.min(hi, Math.max(lo, x));
}

function checkRange(min: number, max: number): void {
	if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) {
		throw new RangeError(`slider range must be finite with min < max (got ${min}…${max})`);
	}
}

/** Evenly spaced values from `min` to `max` in steps of `step` (the native range behaviour). */
export function linearScale(min: number, max: number, step: number): SliderScale {
	checkRange(min, max);
	const s = Number.isFinite(step) && step > 0 ? step : (max - min) / 100;
	// Snapping with floats leaves noise like 0.30000000000000004; round it to the grid's precision.
	const decimals = Math.max(decimalsOf(s), decimalsOf(Math.abs(min)));
	return {
		min,
		max,
		step: s,
		toPosition: (value) => clamp(value, min, max),
		toValue(position) {
			const snapped = min + Math.round((clamp(position, min, max) - min) / s) * s;
			return clamp(Number(snapped.toFixed(decimals)), min, max);
		},
		fraction: (value) => (clamp(value, min, max) - min) / (max - min),
		format: (value) => formatFixed(value, decimals)
	};
}

/**
 * Values spread evenly in log10 space between `min` and `max` (both > 0), with about
 * `stepsPerDecade` keyboard steps per factor of ten. Values are rounded to three significant
 * digits so a reader sees 0.00316, not 0.0031622776601683794.
 */
export function logScale(min: number, max: number, stepsPerDecade = 20): SliderScale {
	checkRange(min, max);
	if (!(min > 0)) throw new RangeError(`a log slider needs min > 0 (got ${min})`);
	const lo = Math.log10(min);
	const hi = Math.log10(max);
	// A whole number of steps, so the thumb can reach both ends exactly.
	const per = Number.isFinite(stepsPerDecade) && stepsPerDecade > 0 ? stepsPerDecade : 20;
	const steps = Math.max(1, Math.round((hi - lo) * per));
	const step = (hi - lo) / steps;
	return {
		min: lo,
		max: hi,
		step,
		toPosition: (value) => (value > 0 ? clamp(Math.log10(value), lo, hi) : lo),
		toValue(position) {
			const p = clamp(position, lo, hi);
			const k = Math.round((p - lo) / step);
			if (k <= 0) return min;
			if (k >= steps) return max;
			return clamp(Number((10 ** (lo + k * step)).toPrecision(3)), min, max);
		},
		fraction: (value) => ((value > 0 ? clamp(Math.log10(value), lo, hi) : lo) - lo) / (hi - lo),
		format: (value) => formatSignificant(value, 3)
	};
}
