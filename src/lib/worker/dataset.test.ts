import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Vocab } from '$lib/engine';
import {
	HELD_OUT_MEASURED,
	MAX_CHARS,
	MAX_TEXT_BYTES,
	bigramLoss,
	measuredHeldOut,
	prepareText,
	shownChar,
	splitBigram,
	splitHeldOut,
	tooLargeMessage,
	trainingSequence,
	utf8Bytes
} from './dataset';

describe("checking the reader's text", () => {
	it('turns a list into trimmed lines and a sorted character set', () => {
		const check = prepareText('emma\n  olivia \r\n\nava\r', 15);
		expect(check).toEqual({
			ok: true,
			dataset: { lines: ['emma', 'olivia', 'ava'], chars: ['a', 'e', 'i', 'l', 'm', 'o', 'v'] },
			notes: []
		});
	});

	it('refuses empty text, and text of blank lines only', () => {
		for (const text of ['', '\n\n', '   \n\t']) {
			const check = prepareText(text, 15);
			expect(check.ok).toBe(false);
			if (!check.ok) expect(check.message).toMatch(/nothing to train on|only invisible/);
		}
	});

	it('refuses text over 1 MB, counting UTF-8 bytes', () => {
		const big = 'a'.repeat(MAX_TEXT_BYTES) + '\nb';
		const check = prepareText(big, 15);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.message).toMatch(/limit is 1 MB/);
		// 400,000 two-byte letters are 800,000 bytes: under the cap; 600,000 are over it
		expect(prepareText('é'.repeat(400_000), 15).ok).toBe(true);
		expect(prepareText('é'.repeat(600_000), 15).ok).toBe(false);
	});

	it('refuses more than 96 distinct characters and names the count', () => {
		const chars = Array.from({ length: MAX_CHARS + 1 }, (_, i) => String.fromCodePoint(0x4e00 + i));
		const check = prepareText(chars.join('\n'), 15);
		expect(check).toEqual({
			ok: false,
			message: expect.stringContaining('97 different characters')
		});
		expect(prepareText(chars.slice(1).join('\n'), 15).ok).toBe(true);
	});

	it('cuts lines longer than the context window and says how many', () => {
		const check = prepareText('abcdefghijklmnopqrst\nshort\nabcdefghijklmnopq', 15);
		expect(check.ok).toBe(true);
		if (!check.ok) return;
		expect(check.dataset.lines).toEqual(['abcdefghijklmno', 'short', 'abcdefghijklmno']);
		expect(check.notes).toEqual([expect.stringContaining('Cut 2 lines to 15 characters')]);
	});

	it('strips invisible characters (tabs, controls, zero-width spaces, BOM) and says so', () => {
		const check = prepareText('\uFEFFem\u200Bma\n\tava\u0007', 15);
		expect(check.ok).toBe(true);
		if (!check.ok) return;
		expect(check.dataset.lines).toEqual(['emma', 'ava']);
		expect(check.notes).toEqual([expect.stringContaining('Removed 4 invisible characters')]);
	});

	it('refuses text that is only invisible characters', () => {
		const check = prepareText('\u200B\u200B\n\u0000', 15);
		expect(check).toEqual({ ok: false, message: expect.stringContaining('only invisible') });
	});

	it('shows a size just over the limit with enough digits to read as over it', () => {
		expect(tooLargeMessage(MAX_TEXT_BYTES + 1)).toMatch(
			/^That text is 1\.000001 MB; the limit is 1 MB/
		);
		expect(tooLargeMessage(1_004_999)).toMatch(/^That text is 1\.004 MB;/);
		expect(tooLargeMessage(1_110_000)).toMatch(/^That text is 1\.11 MB;/);
		expect(tooLargeMessage(25_000_000)).toMatch(/^That text is 25\.00 MB;/);
	});

	it('counts one of a thing in the singular', () => {
		const check = prepareText('ab\u200b\ncdefghijklmnopqrstuv', 15);
		expect(check.ok && check.notes).toEqual([
			'Removed 1 invisible character (tabs, control or zero-width characters).',
			'Cut 1 line to 15 characters, the longest the model can read with its start and end markers.'
		]);
	});

	it('counts code points as characters, so an emoji is one character', () => {
		const check = prepareText('🙂🙂a', 2);
		expect(check.ok && check.dataset.lines).toEqual(['🙂🙂']);
		expect(utf8Bytes('🙂é')).toBe(6);
	});
});

describe('the bigram baseline', () => {
	it('with add-one smoothing and no data is ln V, guessing uniformly', () => {
		expect(bigramLoss([], 27)).toBeNaN();
		// one tiny sequence barely moves the counts: close to, and below, ln 5
		const loss = bigramLoss([[0, 1, 0]], 5);
		expect(loss).toBeCloseTo(-(Math.log(2 / 6) + Math.log(2 / 6)) / 2, 12);
		expect(loss).toBeLessThan(Math.log(5));
	});

	it('averages per sequence first, like the training loss', () => {
		const seqs = [
			[0, 1, 0],
			[0, 1, 1, 1, 0]
		];
		// counts: row 0 → 1 twice; row 1 → 0 twice, 1 twice; with +1 on a 2-token vocabulary
		const p01 = 3 / 4;
		const p10 = 3 / 6;
		const p11 = 3 / 6;
		const first = -(Math.log(p01) + Math.log(p10)) / 2;
		const second = -(Math.log(p01) + 2 * Math.log(p11) + Math.log(p10)) / 4;
		expect(bigramLoss(seqs, 2)).toBeCloseTo((first + second) / 2, 12);
	});
});

describe('holding names out of training', () => {
	const text = readFileSync(new URL('../../../static/data/names.txt', import.meta.url), 'utf8');
	const check = prepareText(text, 15);
	if (!check.ok) throw new Error(check.message);
	const { lines, chars } = check.dataset;

	it('holds out 10% of the names, and no name is in both sets', () => {
		const split = splitHeldOut(lines);
		expect(split.heldOut).toHaveLength(Math.floor(lines.length / 10));
		expect(split.train.length + split.heldOut.length).toBe(lines.length);
		const held = new Set(split.heldOut);
		expect(split.train.filter((name) => held.has(name))).toEqual([]);
		expect(measuredHeldOut(split)).toEqual(split.heldOut.slice(0, HELD_OUT_MEASURED));
	});

	it('splits the same way every time, and another seed splits another way', () => {
		expect(splitHeldOut(lines)).toEqual(splitHeldOut(lines));
		expect(splitHeldOut(lines, 0.1, 1).heldOut).not.toEqual(splitHeldOut(lines).heldOut);
	});

	it('keeps every copy of a repeated item on the same side', () => {
		const items = Array.from({ length: 40 }, (_, i) => `item${i % 20}`);
		const split = splitHeldOut(items);
		expect(split.heldOut).toHaveLength(2);
		const held = new Set(split.heldOut);
		expect(split.train.some((item) => held.has(item))).toBe(false);
		expect(split.train).toHaveLength(36);
	});

	it('holds out nothing from a list of fewer than ten distinct items', () => {
		expect(splitHeldOut(['paris', 'rome', 'oslo'])).toEqual({
			train: ['paris', 'rome', 'oslo'],
			heldOut: []
		});
		expect(splitBigram({ train: ['ab'], heldOut: [] }, ['a', 'b']).heldOut).toBeNull();
	});

	it('counts the bigram table on the training names and scores it on the measured held-out ones', () => {
		const split = splitHeldOut(lines);
		const vocab = new Vocab(chars);
		const encode = (names: string[]) => names.map((name) => trainingSequence(vocab, name, 16));
		const bigram = splitBigram(split, chars);
		expect(bigram.train).toBe(bigramLoss(encode(split.train), 27));
		expect(bigram.heldOut).toBe(
			bigramLoss(encode(split.train), 27, encode(measuredHeldOut(split)))
		);
	});
});

describe('showing a character in a message', () => {
	it('quotes a visible character, says space, and names invisible or reordering ones by code point', () => {
		expect(shownChar('E')).toBe('“E”');
		expect(shownChar(' ')).toBe('space');
		expect(shownChar('\u202E')).toBe('U+202E (right-to-left override)');
		expect(shownChar('\u200B')).toBe('U+200B (zero width space)');
		expect(shownChar('\u0301')).toBe('U+0301');
		expect(shownChar('\t')).toBe('U+0009 (tab)');
		expect(shownChar('😀')).toBe('“😀”');
	});
});
