// Where the built site will live, for the absolute URLs that shared links need (canonical
// URL, Open Graph url and image). Set SITE_ORIGIN when building for a real host, e.g.
//   SITE_ORIGIN=https://example.github.io BASE_PATH=/trenchcoat npm run build
// The default is the local preview server's origin.
export const SITE_ORIGIN = (process.env.SITE_ORIGIN ?? 'http://localhost:4173').replace(/\/$/, '');
