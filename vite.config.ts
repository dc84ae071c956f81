import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { SITE_ORIGIN } from './site.config.js';

export default defineConfig({
	plugins: [sveltekit()],
	// KaTeX's fonts stay separate files: the CSP allows fonts only from the site itself, and
	// the browser then fetches just the faces a page uses.
	build: { assetsInlineLimit: 0 },
	// The absolute origin of shared links (site.config.js), fixed at build time.
	define: { __SITE_ORIGIN__: JSON.stringify(SITE_ORIGIN) },
	test: {
		projects: [
			{
				// Pure modules: the engine, figure state, build-time helpers. Plain node.
				extends: true,
				test: {
					name: 'node',
					environment: 'node',
					include: ['src/**/*.test.{ts,js}', 'scripts/**/*.test.{ts,js}'],
					exclude: ['src/**/*.svelte.test.ts']
				}
			},
			{
				// Components, mounted in happy-dom with Svelte's browser build.
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'dom',
					environment: 'happy-dom',
					include: ['src/**/*.svelte.test.ts']
				}
			}
		]
	}
});
