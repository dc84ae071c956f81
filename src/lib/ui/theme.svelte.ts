/**
 * The reader's theme, as reactive state.
 *
 *   import { theme } from '$lib/ui/theme.svelte';
 *   theme.choice      // 'light' | 'dark' | 'system'
 *   theme.resolved    // 'light' | 'dark': follows the OS setting live while choice is 'system'
 *   theme.set('dark') // saves it and applies it to <html data-theme>
 *
 * Colours themselves live in CSS (app.css keys off data-theme and prefers-color-scheme); read
 * `resolved` only for things CSS cannot reach, such as canvas drawing.
 *
 * SSR-safe: nothing touches window or storage until the first read in the browser, and the
 * server always renders 'system'.
 */
import { MediaQuery } from 'svelte/reactivity';
import {
	parseStoredTheme,
	resolveTheme,
	storedValueFor,
	THEME_KEY,
	type ResolvedTheme,
	type ThemeChoice
} from './theme';

const inBrowser = () => typeof window !== 'undefined';

/** Sets or clears `data-theme` on <html>, matching what static/theme-init.js does at load. */
export function applyTheme(root: HTMLElement, choice: ThemeChoice): void {
	const stored = storedValueFor(choice);
	if (stored) root.dataset.theme = stored;
	else delete root.dataset.theme;
}

function readStorage(): string | null {
	try {
		return window.localStorage.getItem(THEME_KEY);
	} catch {
		// Storage can be blocked (privacy settings, sandboxed frames); then nothing was saved.
		return null;
	}
}

function writeStorage(choice: ThemeChoice): void {
	try {
		const stored = storedValueFor(choice);
		if (stored) window.localStorage.setItem(THEME_KEY, stored);
		else window.localStorage.removeItem(THEME_KEY);
	} catch {
		// The choice still applies for this visit; it just will not be remembered.
	}
}

export class ThemeStore {
	#choice = $state<ThemeChoice>('system');
	#loaded = false;
	#systemDark: MediaQuery | null = null;

	/** Reads storage once, on first use in the browser, and keeps other tabs in step. */
	#load(): void {
		if (this.#loaded || !inBrowser()) return;
		this.#loaded = true;
		this.#choice = parseStoredTheme(readStorage());
		window.addEventListener('storage', (e) => {
			if (e.key !== THEME_KEY && e.key !== null) return;
			const next = parseStoredTheme(e.newValue);
			this.#choice = next;
			applyTheme(document.documentElement, next);
		});
	}

	/** What the reader picked. */
	get choice(): ThemeChoice {
		this.#load();
		return this.#choice;
	}

	/** The theme on screen. */
	get resolved(): ResolvedTheme {
		const choice = this.choice;
		if (!inBrowser()) return resolveTheme(choice, false);
		this.#systemDark ??= new MediaQuery('(prefers-color-scheme: dark)', false);
		return resolveTheme(choice, this.#systemDark.current);
	}

	/** Picks a theme: remembered in localStorage (when allowed) and applied at once. */
	set(choice: ThemeChoice): void {
		this.#load();
		this.#choice = choice;
		if (!inBrowser()) return;
		writeStorage(choice);
		applyTheme(document.documentElement, choice);
	}
}

/** The page's theme. One per page: every ThemeSwitch and reader shares it. */
export const theme = new ThemeStore();
