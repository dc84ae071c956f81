import { afterEach, describe, expect, it } from 'vitest';
import Readout from './Readout.svelte';
import { cleanup, render as mountComponent } from './test-helpers';

const render = (props: Parameters<typeof Readout>[1]) => mountComponent(Readout, props);

afterEach(cleanup);

describe('Readout', () => {
	it('labels its output with a visible label linked by for and id', () => {
		const el = render({ label: 'Loss', value: 0.12345, digits: 3 });
		const output = el.querySelector('output')!;
		const label = el.querySelector('label')!;
		expect(output.textContent).toBe('0.123');
		expect(label.textContent).toBe('Loss');
		expect(label.htmlFor).toBe(output.id);
		expect(output.id).not.toBe('');
	});

	it('shows the unit after finite values', () => {
		const el = render({ label: 'Width', value: 2, unit: 'px' });
		expect(el.querySelector('output')!.textContent).toBe('2.00\u00a0px');
	});

	it('passes strings through unchanged', () => {
		const el = render({ label: 'Token', value: 'the' });
		expect(el.querySelector('output')!.textContent).toBe('the');
	});

	it('keeps the live region off unless asked to be polite', () => {
		const quiet = render({ label: 'a', value: 1 });
		expect(quiet.querySelector('output')!.getAttribute('aria-live')).toBe('off');
		const loud = render({ label: 'b', value: 1, polite: true });
		expect(loud.querySelector('output')!.getAttribute('aria-live')).toBe('polite');
	});

	it('shows NaN with a visible explanation, a title and a description', () => {
		const el = render({ label: 'Loss', value: NaN, unit: 'nats' });
		const output = el.querySelector('output')!;
		expect(output.textContent).toBe('NaN');
		expect(output.title).toMatch(/^Not a number/);
		const why = el.querySelector('.why')!;
		expect(why.textContent).toBe(output.title);
		expect(output.getAttribute('aria-describedby')).toBe(why.id);
	});

	it('shows negative infinity with a real minus sign and explains the overflow', () => {
		const el = render({ label: 'Logit', value: -Infinity });
		expect(el.querySelector('output')!.textContent).toBe('\u2212∞');
		expect(el.querySelector('.why')!.textContent).toMatch(/overflowed/);
	});

	it('has no explanation for ordinary numbers', () => {
		const el = render({ label: 'x', value: 3 });
		expect(el.querySelector('.why')).toBeNull();
		expect(el.querySelector('output')!.hasAttribute('title')).toBe(false);
	});

	it('exposes the raw value for tests', () => {
		const el = render({ label: 'x', value: 0.1 + 0.2 });
		expect(el.querySelector('output')!.dataset.value).toBe('0.30000000000000004');
	});

	it('uses a given id', () => {
		const el = render({ label: 'x', value: 1, id: 'fig-a-loss' });
		expect(el.querySelector('output')!.id).toBe('fig-a-loss');
		expect(el.querySelector('label')!.htmlFor).toBe('fig-a-loss');
	});
});
