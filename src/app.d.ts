// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	/** The site's absolute origin, from site.config.js (replaced at build time). */
	const __SITE_ORIGIN__: string;

	namespace App {
		// interface Error {}
		// interface Locals {}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
