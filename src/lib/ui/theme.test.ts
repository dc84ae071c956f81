import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStoredTheme, resolveTheme, storedValueFor, THEME_CHOICES, THEME_KEY } from './theme';

describe('parseStoredTheme', () => {
	it('reads light and dark as explicit choices', () => {
		expect(parseStoredTheme('light')).toBe('light');
		expect(parseStoredTheme('dark')).toBe('dark');
	});

	it('reads a missing or unexpected value as following the system', () => {
		for (const raw of [null, undefined, '', 'system', 'Dark', '<script>', '__proto__']) {
			expect(parseStoredTheme(raw)).toBe('system');
		}
	});
});

describe('storedValueFor', () => {
	it('stores light and dark as themselves and system as no value', () => {
		expect(storedValueFor('light')).toBe('light');
		expect(storedValueFor('dark')).toBe('dark');
		expect(storedValueFor('system')).toBeNull();
	});

	it('round-trips every choice through storage', () => {
		for (const c of THEME_CHOICES) expect(parseStoredTheme(storedValueFor(c))).toBe(c);
	});
});

describe('resolveTheme', () => {
	it('follows the system preference only when the choice is system', () => {
		expect(resolveTheme('system', true)).toBe('dark');
		expect(resolveTheme('system', false)).toBe('light');
		expect(resolveTheme('light', true)).toBe('light');
		expect(resolveTheme('dark', false)).toBe('dark');
	});
});

describe('theme-init.js agreement', () => {
	it('uses the same storage key and values as the pre-paint script', () => {
		const script = readFileSync(new URL('../../../static/theme-init.js', import.meta.url), 'utf8');
		expect(script).toContain(`'${THEME_KEY}'`);
		expect(script).toContain("t === 'light' || t === 'dark'");
		expect(script).toContain('dataset.theme');
	});
});
