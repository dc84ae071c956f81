/**
 * Theme choice, pure part. The reactive store is in theme.svelte.ts.
 *
 *   parseStoredTheme(localStorage.getItem(THEME_KEY))   // 'light' | 'dark' | 'system'
 *   resolveTheme('system', true)                         // 'dark'
 *
 * static/theme-init.js reads the same key and values before first paint; keep them identical.
 */

export type ThemeChoice = 'light' | 'dark' | 'system';
export type ResolvedTheme = 'light' | 'dark';

/** The localStorage key. 'system' is stored as no key at all. */
export const THEME_KEY = 'trenchcoat-theme';

export const THEME_CHOICES: readonly ThemeChoice[] = ['light', 'dark', 'system'];

/** What localStorage holds → the reader's choice. Anything unexpected means "follow the system". */
export function parseStoredTheme(raw: string | null | undefined): ThemeChoice {
	return raw === 'light' || raw === 'dark' ? raw : 'system';
}

/** The choice → what localStorage should hold (null: remove the key). */
export function storedValueFor(choice: ThemeChoice): ResolvedTheme | null {
	return choice === 'system' ? null : choice;
}

/** The theme actually shown. */
export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): ResolvedTheme {
	if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
	return choice;
}
