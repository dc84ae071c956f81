import { createRawSnippet, flushSync, tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Figure from './Figure.svelte';
import { cleanup, render } from './test-helpers';

const content = createRawSnippet(() => ({ render: () => '<svg aria-label="plot"></svg>' }));
const knobs = createRawSnippet(() => ({ render: () => '<input aria-label="knob" />' }));

function renderFigure(extra: Partial<Parameters<typeof Figure>[1]> = {}) {
	return render(Figure, {
		spec: { id: 'fig-dot', number: 3, caption: 'Dot product' },
		children: content,
		...extra
	});
}

function button(el: HTMLElement, name: RegExp) {
	return [...el.querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''));
}

async function settle() {
	for (let i = 0; i < 5; i++) await tick();
	flushSync();
}

beforeEach(() => {
	history.replaceState(null, '', '/lessons/maths/?fig-dot.a=2&other=1#intro');
});

afterEach(() => {
	cleanup();
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('Figure', () => {
	it('is a figure with a stable id labelled by its numbered caption', () => {
		const el = renderFigure();
		const figure = el.querySelector('figure')!;
		const caption = figure.querySelector('figcaption')!;
		expect(figure.id).toBe('fig-dot');
		expect(caption.id).toBe('fig-dot-caption');
		expect(figure.getAttribute('aria-labelledby')).toBe('fig-dot-caption');
		expect(caption.textContent?.trim()).toBe('FIG.03 — Dot product');
	});

	it('renders its content and controls', () => {
		const el = renderFigure({ controls: knobs });
		expect(el.querySelector('.stage svg')).not.toBeNull();
		expect(el.querySelector('.controls input')).not.toBeNull();
	});

	it('has no controls area when there are no controls', () => {
		expect(renderFigure().querySelector('.controls')).toBeNull();
	});

	it('marks its branch for the branch colour', () => {
		const el = renderFigure({
			spec: { id: 'fig-dot', number: 3, caption: 'c', branch: 'calculus' }
		});
		expect(el.querySelector('figure')!.dataset.branch).toBe('calculus');
	});

	it('shows Reset only when it can reset, naming the figure for screen readers', () => {
		expect(button(renderFigure(), /^Reset/)).toBeUndefined();
		cleanup();
		const onreset = vi.fn();
		const reset = button(renderFigure({ onreset }), /^Reset/)!;
		expect(reset.textContent?.replace(/\s+/g, ' ').trim()).toBe('Reset FIG.03');
		expect(reset.type).toBe('button');
		reset.click();
		expect(onreset).toHaveBeenCalledTimes(1);
	});

	it('copies the page URL with its query and the figure hash, and announces it', async () => {
		const writeText = vi.fn(() => Promise.resolve());
		vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
		const el = renderFigure();
		const status = el.querySelector('[role="status"]')!;
		expect(status.textContent).toBe('');
		button(el, /^Copy link/)!.click();
		await settle();
		expect(writeText).toHaveBeenCalledWith(
			`${location.origin}/lessons/maths/?fig-dot.a=2&other=1#fig-dot`
		);
		expect(status.textContent).toBe('Link copied');
		expect(el.querySelector('input.fallback')).toBeNull();
	});

	it('falls back to a selected read-only field when the clipboard is unavailable', async () => {
		vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
		const el = renderFigure();
		button(el, /^Copy link/)!.click();
		await settle();
		const field = el.querySelector<HTMLInputElement>('input.fallback')!;
		expect(field.readOnly).toBe(true);
		expect(field.value).toBe(`${location.origin}/lessons/maths/?fig-dot.a=2&other=1#fig-dot`);
		expect(field.getAttribute('aria-label')).toBe('Link to FIG.03');
		expect(document.activeElement).toBe(field);
		expect(el.querySelector('[role="status"]')!.textContent).toMatch(/Ctrl\+C/);
	});

	it('falls back too when the clipboard refuses', async () => {
		const writeText = vi.fn(() => Promise.reject(new Error('denied')));
		vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
		const el = renderFigure();
		button(el, /^Copy link/)!.click();
		await settle();
		expect(el.querySelector('input.fallback')).not.toBeNull();
	});
});
