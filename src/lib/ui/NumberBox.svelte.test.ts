import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NumberBox from './NumberBox.svelte';
import { cleanup, render } from './test-helpers';

afterEach(cleanup);

function box(props: Record<string, unknown> = {}) {
	const oninput = vi.fn();
	const onsettle = vi.fn();
	const el = render(NumberBox, {
		value: 3,
		min: 1,
		max: 8,
		oninput,
		onsettle,
		'aria-label': 'n',
		...props
	});
	return { input: el.querySelector('input')!, oninput, onsettle };
}

describe('NumberBox', () => {
	it('shows the value in use, with its limits and whatever attributes it is given', () => {
		const { input } = box({ 'data-highlight': 'row', class: 'hl' });
		expect(input.value).toBe('3');
		expect(input.type).toBe('number');
		expect([input.min, input.max, input.step]).toEqual(['1', '8', '1']);
		expect(input.getAttribute('aria-label')).toBe('n');
		expect(input.dataset.highlight).toBe('row');
		expect(input.classList.contains('hl')).toBe(true);
	});

	it('hands every keystroke’s raw text to the figure', () => {
		const { input, oninput } = box();
		input.value = '7';
		input.dispatchEvent(new Event('input', { bubbles: true }));
		expect(oninput).toHaveBeenCalledWith('7');
	});

	it('shows the value in use again when the reader leaves it', () => {
		const { input, onsettle } = box();
		input.value = '42';
		input.dispatchEvent(new Event('input', { bubbles: true }));
		input.dispatchEvent(new FocusEvent('blur'));
		flushSync();
		expect(input.value).toBe('3');
		expect(onsettle).toHaveBeenCalledTimes(1);
	});
});
