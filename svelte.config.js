import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';
import remarkMath from 'remark-math';
import remarkKatex from './src/lib/content/remark-katex.js';
import remarkLessonMeta from './src/lib/content/remark-lesson-meta.js';
import { texPreprocess } from './src/lib/ui/tex.js';
import { SITE_ORIGIN } from './site.config.js';

// Set BASE_PATH=/repo-name to serve the built site from a sub-path (e.g. GitHub Pages).
const base = process.env.BASE_PATH ?? '';
// The browser tests build a second copy for the sub-path check; it must not overwrite the first.
const out = process.env.BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.svx'],
	preprocess: [
		vitePreprocess(),
		mdsvex({
			extensions: ['.svx'],
			// Order matters: measure before maths nodes become opaque HTML.
			remarkPlugins: [remarkMath, remarkLessonMeta, remarkKatex],
			smartypants: { dashes: 'oldschool' }
		}),
		texPreprocess()
	],
	kit: {
		adapter: adapter({ pages: out, assets: out, strict: true, precompress: true }),
		alias: { $content: 'src/content' },
		paths: { base, relative: false },
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail', origin: SITE_ORIGIN },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				// 'wasm-unsafe-eval' lets the engine compile its WebAssembly kernels on the page
				// (src/lib/engine/wasm/module.ts); JavaScript eval stays refused.
				'script-src': ['self', 'wasm-unsafe-eval'],
				'worker-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
