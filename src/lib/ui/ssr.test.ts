// Server rendering in plain node: no window, no document. A component that touched either while
// rendering would throw here, and the prerendered page would break.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import UrlStateFixture from './fixtures/UrlStateFixture.svelte';

describe('server rendering', () => {
	it('runs without a DOM', () => {
		expect(typeof window).toBe('undefined');
		expect(typeof document).toBe('undefined');
	});

	it('renders a whole figure as its default first frame', () => {
		const { body } = render(UrlStateFixture);
		expect(body).toContain('<figure id="fixture"');
		expect(body).toContain('FIG.07');
		expect(body).toContain('aria-labelledby="fixture-caption"');
		expect(body).toContain('data-value="2.25">2.25');
		expect(body).toMatch(/<output[^>]*aria-hidden="true"[^>]*>1.5</);
		expect(body).toContain('aria-valuetext="(0.5, −0.5)"');
		expect(body).toContain('type="range"');
	});

	it('leaves the buttons that need JavaScript out of the static HTML', () => {
		const { body } = render(UrlStateFixture);
		expect(body).not.toContain('Copy link');
		expect(body).not.toContain('>Reset');
	});

	it('renders the theme switch with System chosen', () => {
		const { body } = render(UrlStateFixture);
		expect(body).toMatch(/aria-pressed="true"[^>]*>(<!---->)?\s*System/);
	});
});
