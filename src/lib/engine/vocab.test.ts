import { describe, expect, it } from 'vitest';
import { NAMES_VOCAB_SIZE } from './presets';
import { BOUNDARY_TOKEN, Vocab } from './vocab';

describe('a vocabulary of characters', () => {
	it('puts the boundary at 0 and the characters after it, in order', () => {
		const vocab = new Vocab(['a', 'e', 'm']);
		expect(vocab.size).toBe(4);
		expect(vocab.encode('emma')).toEqual([BOUNDARY_TOKEN, 2, 3, 3, 1, BOUNDARY_TOKEN]);
		expect(vocab.has('e')).toBe(true);
		expect(vocab.has('z')).toBe(false);
	});

	it('text round-trips through encode and decode, which drops the boundaries', () => {
		const vocab = new Vocab(['a', 'e', 'i', 'l', 'm', 'o', 'v']);
		expect(vocab.encode('emma')).toEqual([0, 2, 5, 5, 1, 0]);
		expect(vocab.decode(vocab.encode('olivia'))).toBe('olivia');
	});

	it('a character outside the vocabulary is an error naming it and the text', () => {
		expect(() => new Vocab(['a', 'e', 'm']).encode('zed')).toThrow(/"z" in "zed" is not in/);
	});

	it('an id outside the vocabulary cannot be decoded or labelled', () => {
		const vocab = new Vocab(['a', 'b']);
		expect(() => vocab.decode([1, 3])).toThrow(/id 3 is not a token of this vocabulary \(0 … 2\)/);
		expect(() => vocab.decode([1.5])).toThrow(/id 1.5/);
		expect(() => vocab.label(-1)).toThrow(/id -1/);
	});

	it('labels the boundary ◆ and a space ␣', () => {
		const vocab = new Vocab([' ', 'a']);
		expect([0, 1, 2].map((id) => vocab.label(id))).toEqual(['◆', '␣', 'a']);
	});

	it('refuses an entry that is not one character, or a character listed twice', () => {
		expect(() => new Vocab(['a', 'bc'])).toThrow(/"bc" is not one character/);
		expect(() => new Vocab(['a', 'b', 'a'])).toThrow(/"a" is listed twice/);
		expect(new Vocab(['🙂']).encode('🙂')).toEqual([0, 1, 0]);
	});
});

describe('the names’ vocabulary', () => {
	const names = Vocab.names();

	it('is the boundary and a = 1 … z = 26: NAMES_VOCAB_SIZE tokens', () => {
		expect(names.size).toBe(NAMES_VOCAB_SIZE);
		expect(names.encode('emma')).toEqual([0, 5, 13, 13, 1, 0]);
		expect(names.encode('az')).toEqual([0, 1, 26, 0]);
	});

	it('names round-trip, and anything but a lower-case letter is refused', () => {
		expect(names.decode(names.encode('zoe'))).toBe('zoe');
		expect(() => names.encode('jo-ann')).toThrow(/"-" in "jo-ann"/);
		expect(() => names.encode('Emma')).toThrow(/"E" in "Emma"/);
		expect(() => names.decode([1, 27])).toThrow(/id 27 is not a token/);
	});
});
