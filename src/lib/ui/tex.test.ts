import { describe, expect, it } from 'vitest';
import { escapeForSvelte, renderTex, replaceTexTags, texPreprocess } from './tex.js';

describe('build-time TeX', () => {
	it('typesets inline maths as KaTeX HTML with MathML for screen readers', () => {
		const html = renderTex('y = Wx');
		expect(html).toContain('class="katex"');
		expect(html).toContain('<math');
		expect(html).not.toContain('katex-display');
	});

	it('typesets display maths in display mode', () => {
		expect(renderTex('\\sum_i a_i b_i', true)).toContain('katex-display');
	});

	it('fails loudly on invalid TeX so a typo cannot reach readers', () => {
		expect(() => renderTex('\\frac{1}{')).toThrow();
		expect(() => renderTex('\\notacommand')).toThrow();
	});

	it('escapes braces so Svelte reads them as text, not expressions', () => {
		expect(escapeForSvelte('a{b}c')).toBe('a&#123;b&#125;c');
		expect(escapeForSvelte(renderTex('e^{z_i}'))).not.toMatch(/[{}]/);
	});

	it('replaces inline and display <Tex /> tags and leaves other markup alone', () => {
		const out = replaceTexTags(
			'<p>Let <Tex tex="x^2" /> be.</p><Tex tex={String.raw`\\frac{a}{b}`} display />'
		);
		expect(out.startsWith('<p>Let <span class="katex">')).toBe(true);
		expect(out).toContain(' be.</p><div class="math-display"><span class="katex-display">');
		expect(out).not.toContain('<Tex');
	});

	it('keeps backslashes literal inside String.raw', () => {
		const out = replaceTexTags('<Tex tex={String.raw`\\theta`} />');
		expect(out).toContain('θ');
	});

	it('decodes entities that Svelte attributes need, such as &lt;', () => {
		expect(replaceTexTags('<Tex tex="a &lt; b" />')).toContain('&lt;');
	});

	it('leaves usage examples inside HTML comments untouched', () => {
		const markup = '<!-- Usage: <Tex tex={expr} /> --><Tex tex="x" />';
		const out = replaceTexTags(markup);
		expect(out.startsWith('<!-- Usage: <Tex tex={expr} /> -->')).toBe(true);
		expect(out).toContain('class="katex"');
	});

	it('refuses a Tex whose TeX is not a literal', () => {
		expect(() => replaceTexTags('<Tex tex={someVariable} />')).toThrow(/literal/);
	});

	it('the preprocessor ignores files without <Tex>', async () => {
		const pre = texPreprocess();
		expect(await pre.markup?.({ content: '<p>hi</p>', filename: 'x.svelte' })).toBeUndefined();
	});
});
