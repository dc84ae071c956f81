import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// KaTeX's fonts stay separate files: the CSP allows fonts only from the site itself, and
	// the browser then fetches just the faces a page uses.
	build: { assetsInlineLimit: 0 },
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
