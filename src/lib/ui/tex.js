// Build-time TeX. KaTeX runs only while Svelte compiles, so the reader downloads the
// typeset HTML and KaTeX's stylesheet, never KaTeX's JavaScript.
//
// Usage in a .svelte file (the `texPreprocess` markup preprocessor replaces each tag with
// typeset HTML before Svelte compiles; Tex.svelte exists only so editors and checkers know
// the tag, and refuses to render if a tag ever slips through):
//   <script> import Tex from '$lib/ui/Tex.svelte'; </script>
//   <Tex tex="y = W x" />                               inline, no braces needed
//   <Tex tex={String.raw`\frac{e^{z_i}}{Z}`} display />  a centred block; braces allowed
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

/** Svelte decodes entities in attribute values, so `&lt;` must reach KaTeX as `<`.
 * @param {string} s */
function decodeEntities(s) {
	return s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&');
}

// <Tex tex="…" /> or <Tex tex={String.raw`…`} />, each optionally with `display`.
const TEX_TAG = /<Tex\s+((?:[^>`]|`[^`]*`)*?)\/>/g;
const TEX_PLAIN = /\btex="([^"]*)"/;
const TEX_RAW = /\btex=\{String\.raw`([^`]*)`\}/;
const DISPLAY = /(^|\s)display(\s|$)/;

/**
 * Replaces every <Tex … /> in markup with typeset HTML. Pure, so it is unit-tested.
 * A tag whose TeX is not a literal cannot be typeset at build time, so it is an error.
 * @param {string} markup
 * @returns {string}
 */
export function replaceTexTags(markup) {
	// HTML comments (docblocks with usage examples) are left exactly as written.
	return markup
		.split(/(<!--[\s\S]*?-->)/)
		.map((part) => (part.startsWith('<!--') ? part : part.replace(TEX_TAG, typesetTag)))
		.join('');
}

/** @param {string} tag @param {string} attrs */
function typesetTag(tag, attrs) {
	const raw = TEX_RAW.exec(attrs);
	const plain = TEX_PLAIN.exec(attrs);
	const source = raw ? raw[1] : plain ? decodeEntities(plain[1] ?? '') : null;
	if (source === null || source === undefined) {
		throw new Error(
			`${tag}: Tex needs literal TeX, tex="…" or tex={String.raw\`…\`}; it is typeset at build time.`
		);
	}
	const display = DISPLAY.test(attrs.replace(TEX_RAW, '').replace(TEX_PLAIN, ''));
	const html = escapeForSvelte(renderTex(source, display));
	return display ? `<div class="math-display">${html}</div>` : html;
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
