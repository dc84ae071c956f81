import { describe, expect, it } from 'vitest';
import { decodeTokens, encodeName } from './names';

describe('name tokenizer', () => {
	it('a name is wrapped in boundary tokens with a = 1 … z = 26', () => {
		expect(encodeName('Emma')).toEqual([0, 5, 13, 13, 1, 0]);
		expect(encodeName('az')).toEqual([0, 1, 26, 0]);
	});

	it('names round-trip through the tokenizer', () => {
		expect(decodeTokens(encodeName('zoe'))).toBe('zoe');
	});

	it('a character outside a–z is an error naming it', () => {
		expect(() => encodeName('jo-ann')).toThrow(/"-" in "jo-ann" is not a letter/);
	});

	it('an id outside the vocabulary cannot be decoded', () => {
		expect(() => decodeTokens([1, 27])).toThrow(/id 27 is not a token/);
	});
});
