import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Slider from './Slider.svelte';
import { cleanup, render as mountComponent } from './test-helpers';

const render = (props: Parameters<typeof Slider>[1]) => mountComponent(Slider, props);

afterEach(cleanup);

function slide(input: HTMLInputElement, position: number) {
	input.value = String(position);
	input.dispatchEvent(new Event('input', { bubbles: true }));
	flushSync();
}

describe('Slider', () => {
	it('renders a labelled range input with the value shown', () => {
		const el = render({ value: 0.5, min: 0, max: 1, step: 0.05, label: 'Mix' });
		const input = el.querySelector('input')!;
		const label = el.querySelector('label')!;
		expect(input.type).toBe('range');
		expect(label.htmlFor).toBe(input.id);
		expect(label.textContent).toBe('Mix');
		expect([input.min, input.max, input.step, input.value]).toEqual(['0', '1', '0.05', '0.5']);
		const output = el.querySelector('output')!;
		expect(output.textContent).toBe('0.50');
		// The input speaks the value; a second, named copy would be read twice.
		expect(output.getAttribute('aria-hidden')).toBe('true');
		expect(input.getAttribute('aria-valuetext')).toBe('0.50');
	});

	it('reports movement through oninput with snapped values', () => {
		const oninput = vi.fn();
		const el = render({ value: 0, min: 0, max: 1, step: 0.1, label: 'x', oninput });
		const input = el.querySelector('input')!;
		slide(input, 0.30000000000000004);
		expect(oninput).toHaveBeenLastCalledWith(0.3);
		expect(el.querySelector('output')!.textContent).toBe('0.3');
	});

	it('reports a committed value through onchange', () => {
		const onchange = vi.fn();
		const el = render({ value: 0, min: 0, max: 10, step: 1, label: 'n', onchange });
		const input = el.querySelector('input')!;
		input.value = '7';
		input.dispatchEvent(new Event('change', { bubbles: true }));
		expect(onchange).toHaveBeenCalledWith(7);
	});

	it('uses a custom format for the visible value and aria-valuetext', () => {
		const el = render({ value: 2, min: 0, max: 5, step: 1, label: 'h', format: (v) => `${v} s` });
		expect(el.querySelector('output')!.textContent).toBe('2 s');
		expect(el.querySelector('input')!.getAttribute('aria-valuetext')).toBe('2 s');
	});

	it('moves a log slider in log space and exposes linear values', () => {
		const oninput = vi.fn();
		const el = render({ value: 0.01, min: 1e-4, max: 1, log: true, label: 'Rate', oninput });
		const input = el.querySelector('input')!;
		expect(Number(input.min)).toBe(-4);
		expect(Number(input.max)).toBe(0);
		expect(Number(input.value)).toBe(-2);
		expect(input.getAttribute('aria-valuetext')).toBe('0.01');
		slide(input, -3);
		expect(oninput).toHaveBeenLastCalledWith(0.001);
		expect(input.getAttribute('aria-valuetext')).toBe('0.001');
	});

	it('draws marks as ticks and describes them to screen readers', () => {
		const el = render({
			value: 1,
			min: 0,
			max: 4,
			step: 0.1,
			label: 'Step size',
			marks: [{ value: 2, label: 'stability limit' }]
		});
		const mark = el.querySelector<HTMLElement>('.mark')!;
		expect(mark.textContent?.trim()).toBe('stability limit');
		expect(mark.style.getPropertyValue('--at')).toBe('0.5');
		expect(mark.closest('[aria-hidden="true"]')).not.toBeNull();
		const input = el.querySelector('input')!;
		const description = el.querySelector(`#${input.getAttribute('aria-describedby')}`)!;
		expect(description.textContent).toBe('Marked: stability limit at 2.0.');
	});

	it('has no description when there are no marks', () => {
		const el = render({ value: 1, min: 0, max: 4, label: 'x' });
		expect(el.querySelector('input')!.hasAttribute('aria-describedby')).toBe(false);
	});

	it('can be disabled', () => {
		const el = render({ value: 1, min: 0, max: 4, label: 'x', disabled: true });
		expect(el.querySelector('input')!.disabled).toBe(true);
	});
});
