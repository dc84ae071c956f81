import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ButtonFixture from './fixtures/ButtonFixture.svelte';
import ButtonHandoffFixture from './fixtures/ButtonHandoffFixture.svelte';
import { cleanup, render } from './test-helpers';

afterEach(cleanup);

const text = (el: HTMLElement, id: string) =>
	el.querySelector(`[data-testid="${id}"]`)!.textContent;

describe('Button', () => {
	it('is a type="button" that passes its attributes on and calls onclick', () => {
		const el = render(ButtonFixture, {});
		const go = el.querySelector<HTMLButtonElement>('[data-x="1"]')!;
		expect(go.type).toBe('button');
		expect(go.getAttribute('aria-label')).toBe('Count it');
		expect(go.classList.contains('primary')).toBe(true);
		expect(go.hasAttribute('aria-pressed')).toBe(false);
		go.click();
		flushSync();
		expect(text(el, 'clicks')).toBe('1');
	});

	it('stays inert when disabled', () => {
		const el = render(ButtonFixture, {});
		const never = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Never')!;
		expect(never.disabled).toBe(true);
	});
});

describe('ButtonSet', () => {
	it('is a labelled group whose chosen option is pressed, and binds the choice', () => {
		const onchange = vi.fn();
		const el = render(ButtonFixture, { onchange });
		const group = el.querySelector('[role="group"]')!;
		expect(el.querySelector(`#${group.getAttribute('aria-labelledby')}`)!.textContent).toBe(
			'Letter'
		);
		const [a, b] = [...group.querySelectorAll('button')];
		expect(a!.getAttribute('aria-pressed')).toBe('true');
		expect(b!.getAttribute('aria-pressed')).toBe('false');
		b!.click();
		flushSync();
		expect(b!.getAttribute('aria-pressed')).toBe('true');
		expect(text(el, 'value')).toBe('b');
		expect(onchange).toHaveBeenCalledWith('b');
		b!.click();
		flushSync();
		expect(onchange).toHaveBeenCalledTimes(1);
	});

	it('is a plain row, not a group, without a label', () => {
		const el = render(ButtonFixture, {});
		expect(el.querySelectorAll('[role="group"]').length).toBe(1);
	});

	it('hands the focus to the enabled button beside it when pressing it disables it', () => {
		const el = render(ButtonHandoffFixture, {});
		const [start, pause] = [...el.querySelectorAll('button')] as HTMLButtonElement[];
		start!.focus();
		start!.click();
		flushSync();
		expect(document.activeElement).toBe(pause);
		pause!.click();
		flushSync();
		expect(document.activeElement).toBe(start);
	});
});
