// Build-time TeX. KaTeX runs only while Svelte compiles, so the reader downloads the
// typeset HTML and KaTeX's stylesheet, never KaTeX's JavaScript.
//
// Usage in a .svelte file (replaced by the `texPreprocess` markup preprocessor):
//   <Tex>y = W x</Tex>            inline
//   <Tex display>e^{z_i}</Tex>    a centred block
// Usage in lesson markdown: $y = Wx$ and $$ ... $$ (see src/lib/content/remark-katex.js).
import katex from 'katex';

/**
 * Typesets TeX to HTML (plus hidden MathML for screen readers). Throws on invalid TeX so a
 * typo fails the build instead of shipping red error text to readers.
 * @param {string} tex
 * @param {boolean} [display]
 * @returns {string}
 */
export function renderTex(tex, display = false) {
	return katex.renderToString(tex.trim(), {
		displayMode: display,
		throwOnError: true,
		strict: 'error',
		output: 'htmlAndMathml',
		trust: false
	});
}

/**
 * Svelte reads `{` and `}` in markup as expressions; KaTeX's MathML annotation repeats the TeX
 * source, braces included. Entities make them plain text.
 * @param {string} html
 * @returns {string}
 */
export function escapeForSvelte(html) {
	return html.replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
}

/** Svelte decodes entities in tag bodies, so `&lt;` inside <Tex> must reach KaTeX as `<`.
 * @param {string} s */
function decodeEntities(s) {
	return s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&#123;/g, '{')
		.replace(/&#125;/g, '}')
		.replace(/&amp;/g, '&');
}

const TEX_TAG = /<Tex(\s+display)?\s*>([\s\S]*?)<\/Tex>/g;

/**
 * Replaces every <Tex>…</Tex> in markup with typeset HTML. Pure, so it is unit-tested.
 * @param {string} markup
 * @returns {string}
 */
export function replaceTexTags(markup) {
	return markup.replace(TEX_TAG, (_all, display, body) => {
		const html = escapeForSvelte(renderTex(decodeEntities(body), Boolean(display)));
		return display ? `<div class="math-display">${html}</div>` : html;
	});
}

/**
 * A Svelte markup preprocessor. Only files that contain `<Tex` are touched.
 * @returns {import('svelte/compiler').PreprocessorGroup}
 */
export function texPreprocess() {
	return {
		name: 'trenchcoat-tex',
		markup({ content }) {
			if (!content.includes('<Tex')) return;
			return { code: replaceTexTags(content) };
		}
	};
}
