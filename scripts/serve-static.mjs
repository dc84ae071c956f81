// Serves a built copy of the site the way a static host would, optionally under a sub-path
// (as GitHub Pages serves a project at /repo-name/). Used by the browser tests and the audit.
//   node scripts/serve-static.mjs --dir build --port 4173 [--base /trenchcoat]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import sirv from 'sirv';

const { values } = parseArgs({
	options: {
		dir: { type: 'string', default: 'build' },
		port: { type: 'string', default: '4173' },
		base: { type: 'string', default: '' }
	}
});

const base = (values.base ?? '').replace(/\/$/, '');
// Precompressed .br/.gz files (adapter-static's precompress) are served as a real host would.
const files = sirv(values.dir, {
	dev: false,
	etag: true,
	extensions: ['html'],
	gzip: true,
	brotli: true
});

const server = createServer((req, res) => {
	const url = req.url ?? '/';
	if (base && !(url === base || url.startsWith(base + '/'))) {
		res.writeHead(404, { 'content-type': 'text/plain' }).end('Not under ' + base);
		return;
	}
	req.url = url.slice(base.length) || '/';
	files(req, res, () => {
		res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
	});
});

server.listen(Number(values.port), '127.0.0.1', () => {
	console.log(`Serving ${values.dir} at http://127.0.0.1:${values.port}${base}/`);
});
