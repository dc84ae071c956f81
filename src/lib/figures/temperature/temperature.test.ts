import { describe, expect, it } from 'vitest';
import { logScale } from '$lib/ui/slider-scale';
import { decodeState } from '$lib/ui/url-state';
import { entropyBits, probabilities } from '../softmax/softmax';
import {
	formatTau,
	TAU_MAX,
	TAU_MIN,
	TAU_STEPS_PER_DECADE,
	TEMPERATURE_DEFAULT,
	temperatureSchema,
	temperatureView
} from './temperature';

const z = [...TEMPERATURE_DEFAULT];

describe('temperature', () => {
	it('as τ → 0 the distribution becomes the one-hot argmax', () => {
		for (const logits of [z, [0.3, 2.9, -1, 2.8], [-4, -9, -3.9]]) {
			const p = probabilities(logits, 1e-3);
			const best = logits.indexOf(Math.max(...logits));
			p.forEach((x, i) => expect(x).toBeCloseTo(i === best ? 1 : 0, 6));
			expect(entropyBits(logits, 1e-3)).toBeCloseTo(0, 6);
		}
	});

	it('as τ grows the distribution approaches uniform', () => {
		const p = probabilities([10, -10, 3, 0], 1e4);
		p.forEach((x) => expect(x).toBeCloseTo(0.25, 3));
		expect(entropyBits([10, -10, 3, 0], 1e4)).toBeCloseTo(2, 5);
	});

	it('reproduces the prose: τ = 0.5 gives (0.864, 0.117, 0.019) and τ = 2 gives (0.502, 0.304, 0.194)', () => {
		const at = (tau: number) => temperatureView({ z, tau }).rows.map((r) => r.p.toFixed(3));
		expect(at(0.5)).toEqual(['0.864', '0.117', '0.019']);
		expect(at(2)).toEqual(['0.502', '0.304', '0.194']);
	});

	it('entropy rises with τ, up to its maximum log₂ V', () => {
		const taus = [TAU_MIN, 0.25, 0.5, 1, 2, TAU_MAX];
		const bits = taus.map((tau) => temperatureView({ z, tau }).bits);
		for (let i = 1; i < bits.length; i++) expect(bits[i]).toBeGreaterThan(bits[i - 1]!);
		const view = temperatureView({ z, tau: TAU_MAX });
		expect(view.maxBits).toBeCloseTo(Math.log2(3), 12);
		expect(view.bits).toBeLessThan(view.maxBits);
	});

	it('marks the greedy choice on the largest logit, at every τ', () => {
		for (const tau of [TAU_MIN, 1, TAU_MAX]) {
			const view = temperatureView({ z: [0.5, 4, -2], tau });
			expect(view.greedy).toBe(1);
			expect(view.rows.map((r) => r.greedy)).toEqual([false, true, false]);
		}
	});

	it('keeps the τ = 1 distribution as a reference mark and z/τ beside each token', () => {
		const view = temperatureView({ z, tau: 0.5 });
		expect(view.rows.map((r) => r.scaled)).toEqual([4, 2, 0.2]);
		expect(view.rows[0]!.reference).toBeCloseTo(65.9, 1);
	});

	it('describes the distribution in words', () => {
		expect(temperatureView({ z, tau: 1 }).character).toBe('the plain softmax');
		expect(temperatureView({ z, tau: 0.5 }).character).toBe('sharper than at τ = 1');
		expect(temperatureView({ z, tau: 2 }).character).toBe('flatter than at τ = 1');
		expect(temperatureView({ z, tau: TAU_MIN }).character).toMatch(/^nearly certain/);
		expect(temperatureView({ z: [0.1, 0, 0.05], tau: 4 }).character).toBe('nearly uniform');
	});

	it('the τ slider stops exactly at 0.5, 1 and 2, and reaches both ends', () => {
		const scale = logScale(TAU_MIN, TAU_MAX, TAU_STEPS_PER_DECADE);
		const stops = new Set<number>();
		for (let p = scale.min; p <= scale.max + scale.step / 2; p += scale.step) {
			stops.add(scale.toValue(p));
		}
		expect(stops.has(0.5)).toBe(true);
		expect(stops.has(1)).toBe(true);
		expect(stops.has(2)).toBe(true);
		expect(stops.has(TAU_MIN)).toBe(true);
		expect(stops.has(TAU_MAX)).toBe(true);
		expect(formatTau(0.0625)).toBe('0.0625');
		expect(formatTau(1.0905)).toBe('1.09');
	});

	it('reads τ and logits from a shared link and ignores nonsense', () => {
		const s = decodeState(
			'?temperature.tau=0.5&temperature.z=1,2,3',
			'temperature',
			temperatureSchema
		);
		expect(s).toEqual({ tau: 0.5, z: [1, 2, 3] });
		const bad = decodeState(
			'?temperature.tau=0&temperature.z=a,b,c',
			'temperature',
			temperatureSchema
		);
		expect(bad).toEqual({ tau: 1, z });
	});
});

describe('what FIG.12 prints', () => {
	it('names the tokens, shows what the softmax sees and describes the distribution', () => {
		const view = temperatureView({ z, tau: 0.5 });
		expect(view.rows.map((r) => r.name)).toEqual(['token 1', 'token 2', 'token 3']);
		expect(view.rows.map((r) => r.label)).toEqual([
			'Probability 1',
			'Probability 2',
			'Probability 3'
		]);
		expect(view.rows.map((r) => r.scaledText)).toEqual(['z/τ = 4.00', 'z/τ = 2.00', 'z/τ = 0.20']);
		expect(view.greedyText).toBe('token 1');
		expect(view.maxLabel).toBe('Maximum (uniform), log₂ 3');
		expect(view.characterText).toBe('At τ = 0.5 the distribution is sharper than at τ = 1.');
	});

	it('writes τ with up to three significant digits, as the slider and the prose do', () => {
		expect(formatTau(1 / 16)).toBe('0.0625');
		expect(formatTau(2 ** (1 / 8))).toBe('1.09');
		expect(formatTau(4)).toBe('4');
	});
});
