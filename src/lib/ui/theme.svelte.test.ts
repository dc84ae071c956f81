import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { THEME_KEY } from './theme';
import { applyTheme, ThemeStore } from './theme.svelte';

const root = () => document.documentElement;

beforeEach(() => {
	localStorage.clear();
	delete root().dataset.theme;
});

afterEach(() => {
	vi.restoreAllMocks();
});

describe('ThemeStore', () => {
	it('starts from the saved choice', () => {
		localStorage.setItem(THEME_KEY, 'dark');
		expect(new ThemeStore().choice).toBe('dark');
	});

	it('follows the system when nothing or nonsense is saved', () => {
		expect(new ThemeStore().choice).toBe('system');
		localStorage.setItem(THEME_KEY, 'purple');
		expect(new ThemeStore().choice).toBe('system');
	});

	it('saves an explicit choice and applies it to the html element', () => {
		const t = new ThemeStore();
		t.set('light');
		expect(t.choice).toBe('light');
		expect(t.resolved).toBe('light');
		expect(localStorage.getItem(THEME_KEY)).toBe('light');
		expect(root().dataset.theme).toBe('light');
	});

	it('removes the key and the attribute when set to system', () => {
		const t = new ThemeStore();
		t.set('dark');
		t.set('system');
		expect(localStorage.getItem(THEME_KEY)).toBeNull();
		expect(root().hasAttribute('data-theme')).toBe(false);
	});

	it('resolves system from the prefers-color-scheme media query', () => {
		vi.spyOn(window, 'matchMedia').mockImplementation(
			(query: string) =>
				({
					matches: query.includes('dark'),
					media: query,
					addEventListener() {},
					removeEventListener() {}
				}) as unknown as MediaQueryList
		);
		const t = new ThemeStore();
		expect(t.resolved).toBe('dark');
		t.set('light');
		expect(t.resolved).toBe('light');
	});

	it('still applies the theme when storage throws', () => {
		vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
			throw new Error('blocked');
		});
		vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
			throw new Error('blocked');
		});
		const t = new ThemeStore();
		expect(t.choice).toBe('system');
		expect(() => t.set('dark')).not.toThrow();
		expect(t.choice).toBe('dark');
		expect(root().dataset.theme).toBe('dark');
	});

	it('follows a choice made in another tab', () => {
		const t = new ThemeStore();
		expect(t.choice).toBe('system');
		window.dispatchEvent(new StorageEvent('storage', { key: THEME_KEY, newValue: 'dark' }));
		expect(t.choice).toBe('dark');
		expect(root().dataset.theme).toBe('dark');
	});
});

describe('applyTheme', () => {
	it('sets data-theme for explicit choices and clears it for system', () => {
		applyTheme(root(), 'dark');
		expect(root().getAttribute('data-theme')).toBe('dark');
		applyTheme(root(), 'system');
		expect(root().getAttribute('data-theme')).toBeNull();
	});
});
