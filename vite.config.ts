import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { SITE_ORIGIN } from './site.config.js';
import { SOURCE_DIR, buildKernels, invalidateKernels } from './scripts/build-kernels.mjs';

/**
 * Compiles the engine's WebAssembly kernels (assembly/, AssemblyScript) before the dev server,
 * a build or the unit tests load the engine, and again when a kernel's source changes under
 * `vite dev`. Unchanged sources cost a hash and no compile.
 */
function engineKernels(): Plugin {
	return {
		name: 'trenchcoat:engine-kernels',
		async buildStart() {
			await buildKernels();
		},
		configureServer(server) {
			server.watcher.add(SOURCE_DIR);
			server.watcher.on('change', (file) => {
				if (!file.startsWith(SOURCE_DIR)) return;
				invalidateKernels();
				buildKernels().catch((error: unknown) => server.config.logger.error(String(error)));
			});
		}
	};
}

export default defineConfig({
	plugins: [engineKernels(), sveltekit()],
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
