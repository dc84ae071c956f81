import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ThemeSwitch from './ThemeSwitch.svelte';
import { THEME_KEY } from './theme';
import { theme } from './theme.svelte';
import { cleanup, render } from './test-helpers';

beforeEach(() => {
	theme.set('system');
});

afterEach(cleanup);

function pressed(el: HTMLElement) {
	return [...el.querySelectorAll('button')]
		.filter((b) => b.getAttribute('aria-pressed') === 'true')
		.map((b) => b.textContent?.trim());
}

describe('ThemeSwitch', () => {
	it('is a group labelled Theme with three toggle buttons', () => {
		const el = render(ThemeSwitch, {});
		const group = el.querySelector('[role="group"]')!;
		const label = el.querySelector(`#${group.getAttribute('aria-labelledby')}`)!;
		expect(label.textContent).toBe('Theme');
		const names = [...el.querySelectorAll('button')].map((b) => b.textContent?.trim());
		expect(names).toEqual(['Light', 'Dark', 'System']);
	});

	it('shows the current choice as pressed', () => {
		const el = render(ThemeSwitch, {});
		expect(pressed(el)).toEqual(['System']);
	});

	it('applies and remembers a choice when a button is pressed', () => {
		const el = render(ThemeSwitch, {});
		el.querySelectorAll('button')[1]!.click();
		flushSync();
		expect(pressed(el)).toEqual(['Dark']);
		expect(localStorage.getItem(THEME_KEY)).toBe('dark');
		expect(document.documentElement.dataset.theme).toBe('dark');
	});

	it('can keep its label for screen readers only', () => {
		const el = render(ThemeSwitch, { hideLabel: true });
		expect(el.querySelector('.label')!.classList.contains('visually-hidden')).toBe(true);
	});
});
