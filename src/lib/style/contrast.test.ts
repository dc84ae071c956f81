import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, readPalette } from './contrast';

const css = readFileSync(new URL('../../app.css', import.meta.url), 'utf8');
const palette = readPalette(css);
const TEXT = ['fg', 'muted', 'accent', 'linalg', 'calculus', 'prob'];
const BACKGROUNDS = ['bg', 'surface', 'surface-2'];

describe('contrast', () => {
	it('black on white is 21:1 and a colour on itself is 1:1', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#777', '#777')).toBeCloseTo(1, 10);
	});

	it('reads both sides of every light-dark() token in app.css', () => {
		for (const name of [...TEXT, ...BACKGROUNDS, 'focus', 'border']) {
			expect(palette.light[name], name).toMatch(/^#/);
			expect(palette.dark[name], name).toMatch(/^#/);
		}
	});

	for (const theme of ['light', 'dark'] as const) {
		for (const text of TEXT) {
			it(`--${text} passes WCAG AA (4.5:1) on every background in the ${theme} theme`, () => {
				for (const bg of BACKGROUNDS) {
					const ratio = contrastRatio(palette[theme][text]!, palette[theme][bg]!);
					expect(ratio, `${text} on ${bg}`).toBeGreaterThanOrEqual(4.5);
				}
			});
		}
		for (const [text, tint] of [
			['linalg', 'linalg-tint'],
			['calculus', 'calculus-tint'],
			['prob', 'prob-tint']
		] as const) {
			it(`--${text} text stays AA on its own tint in the ${theme} theme`, () => {
				expect(contrastRatio(palette[theme][text]!, palette[theme][tint]!)).toBeGreaterThanOrEqual(
					4.5
				);
			});
		}
		it(`the focus ring is visible (3:1) against the page in the ${theme} theme`, () => {
			for (const bg of BACKGROUNDS) {
				expect(contrastRatio(palette[theme]['focus']!, palette[theme][bg]!)).toBeGreaterThanOrEqual(
					3
				);
			}
		});
	}
});
