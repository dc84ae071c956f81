// WCAG 2.x contrast, used to prove the palette in app.css readable in both themes.

/** Parses #rgb or #rrggbb into 0–255 channels. */
export function parseHex(hex: string): [number, number, number] {
	const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
	if (!m || !m[1]) throw new Error(`Not a hex colour: ${hex}`);
	const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
	return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance as WCAG defines it (sRGB, linearised). */
export function luminance(hex: string): number {
	const [r, g, b] = parseHex(hex).map((c) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

export type ThemePalette = { light: Record<string, string>; dark: Record<string, string> };

/** Reads every `--name: light-dark(#a, #b);` declaration from a stylesheet. */
export function readPalette(css: string): ThemePalette {
	const palette: ThemePalette = { light: {}, dark: {} };
	const decl = /--([\w-]+):\s*light-dark\(\s*(#[0-9a-f]{3,6})\s*,\s*(#[0-9a-f]{3,6})\s*\)/gi;
	for (const m of css.matchAll(decl)) {
		const [, name, light, dark] = m as unknown as [string, string, string, string];
		palette.light[name] = light;
		palette.dark[name] = dark;
	}
	return palette;
}
