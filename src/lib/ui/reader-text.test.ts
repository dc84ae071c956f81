import { describe, expect, it } from 'vitest';
import { codePoint, describeCharacter, isInvisible, showReaderText } from './reader-text';

describe("the reader's text in a message", () => {
	it('is shown as typed when every character is visible', () => {
		expect(showReaderText('Zoë and 🙂, שלום')).toBe('Zoë and 🙂, שלום');
	});

	it('names direction overrides, isolates and zero-width characters by code point', () => {
		expect(showReaderText('a\u202eb\u2066c\u200bd')).toBe('a[U+202E]b[U+2066]c[U+200B]d');
		expect(describeCharacter('\u202e')).toBe('U+202E (right-to-left override)');
		expect(describeCharacter('\u0301')).toBe('U+0301');
		expect(describeCharacter('é')).toBe('“é”');
	});

	it('counts the ordinary space as visible and a no-break space as not', () => {
		expect(isInvisible(' ')).toBe(false);
		expect(isInvisible('\u00a0')).toBe(true);
		expect(codePoint('\u{1f642}')).toBe('U+1F642');
	});
});
