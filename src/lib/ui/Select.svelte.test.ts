import { afterEach, describe, expect, it, vi } from 'vitest';
import Select from './Select.svelte';
import { cleanup, render } from './test-helpers';

afterEach(cleanup);

function choose(select: HTMLSelectElement, index: number) {
	select.selectedIndex = index;
	select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('Select', () => {
	it('is named by its label and shows the chosen option', () => {
		const el = render(Select<number>, { label: 'Rows of A (m)', options: [1, 2, 3], value: 2 });
		const select = el.querySelector('select')!;
		expect(select.closest('label')!.textContent).toContain('Rows of A (m)');
		expect([...select.options].map((o) => o.textContent)).toEqual(['1', '2', '3']);
		expect(select.selectedIndex).toBe(1);
	});

	it('hands back the picked option’s value with its type, not the option’s text', () => {
		const onchange = vi.fn();
		const el = render(Select<number>, { label: 'n', options: [1, 2, 3], value: 1, onchange });
		choose(el.querySelector('select')!, 2);
		expect(onchange).toHaveBeenCalledWith(3);
	});

	it('shows labels for { value, label } options', () => {
		const onchange = vi.fn();
		const options = [
			{ value: 'none', label: 'no word' },
			{ value: 'dog', label: 'dog' }
		];
		const el = render(Select<string>, { label: 'Word', options, value: 'none', onchange });
		const select = el.querySelector('select')!;
		expect(select.options[0]!.textContent).toBe('no word');
		choose(select, 1);
		expect(onchange).toHaveBeenCalledWith('dog');
	});
});
