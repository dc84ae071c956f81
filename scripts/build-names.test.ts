import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT, cleanNames, namesFile } from './build-names.mjs';

describe('the names data set', () => {
	it('lower-cases, keeps only a–z names, removes duplicates and sorts', () => {
		expect(cleanNames(['Emma\r\nZoe\n  Ann-Marie \nÉlodie\n\nemma', 'ZOE\nbob\n'])).toEqual([
			'bob',
			'emma',
			'zoe'
		]);
	});

	it('gives the same list whatever order the sources come in', () => {
		expect(cleanNames(['b\na', 'c'])).toEqual(cleanNames(['c', 'a\nb']));
	});

	it('the committed static/data/names.txt is exactly what the script builds from the packages', () => {
		expect(readFileSync(OUTPUT, 'utf8')).toBe(namesFile());
	});

	it('holds thousands of distinct lower-case names of at most 15 letters', () => {
		const names = readFileSync(OUTPUT, 'utf8').trimEnd().split('\n');
		expect(names.length).toBe(8403);
		expect(new Set(names).size).toBe(names.length);
		for (const name of names) expect(name).toMatch(/^[a-z]{1,15}$/);
	});
});
