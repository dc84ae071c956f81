/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Works offline after one visit: every file of this build (the pages, their code, the fonts,
// the names data, the training worker) is cached when the service worker installs, under a
// cache named for the build, and served from there; a new build installs its own cache and
// deletes the old one when it takes over. Only this site's own files are ever cached.
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `trenchcoat-${version}`;
/** Everything this build serves. */
const ASSETS = [...build, ...files, ...prerendered];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(ASSETS))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

/** The cached response for a request of this site, trying the page's URL without its query. */
async function cached(request: Request): Promise<Response | undefined> {
	const cache = await caches.open(CACHE);
	const url = new URL(request.url);
	// A page is cached by its path; a shared link carries figure state in its query.
	return (await cache.match(request)) ?? (await cache.match(url.origin + url.pathname));
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET' || new URL(request.url).origin !== sw.location.origin) return;
	event.respondWith(
		(async () => {
			// The build's own files never change under a version, so the cache wins; anything
			// else goes to the network first and falls back to the cache when offline.
			const hit = await cached(request);
			if (hit && ASSETS.includes(new URL(request.url).pathname)) return hit;
			try {
				return await fetch(request);
			} catch (error) {
				if (hit) return hit;
				throw error;
			}
		})()
	);
});
