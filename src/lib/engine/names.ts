/**
 * The character tokenizer of the name generator: token 0 is the boundary that starts and ends a
 * name, tokens 1 … 26 are the letters a … z.
 *
 *   encodeName('emma')          // [0, 5, 13, 13, 1, 0]
 *   decodeTokens([5, 13, 13, 1]) // 'emma'
 *   sampleName(model, rng, 0.8)  // e.g. 'kamri'
 */
import { BOUNDARY_TOKEN } from './gpt';
import type { Rng } from './rng';

export const NAME_VOCAB_SIZE = 27;

const A = 'a'.charCodeAt(0);

/** [boundary, letters…, boundary]; letters are lower-cased, anything else is an error. */
export function encodeName(name: string): number[] {
	const ids = [BOUNDARY_TOKEN];
	for (const ch of name.toLowerCase()) {
		const id = ch.charCodeAt(0) - A + 1;
		if (ch.length !== 1 || id < 1 || id > 26) {
			throw new Error(`encodeName: "${ch}" in "${name}" is not a letter a–z; remove it first`);
		}
		ids.push(id);
	}
	ids.push(BOUNDARY_TOKEN);
	return ids;
}

/** Letters for ids 1 … 26; boundary tokens are dropped. */
export function decodeTokens(ids: ArrayLike<number>): string {
	let s = '';
	for (let i = 0; i < ids.length; i++) {
		const id = ids[i]!;
		if (id === BOUNDARY_TOKEN) continue;
		if (!Number.isInteger(id) || id < 1 || id > 26) {
			throw new Error(`decodeTokens: id ${id} is not a token of the name vocabulary (0 … 26)`);
		}
		s += String.fromCharCode(A + id - 1);
	}
	return s;
}

/** Something that can sample token ids, like `GPT`. */
interface Sampler {
	generate(rng: Rng, options?: { temperature?: number }): number[];
}

/** One invented name from a model trained on names (lower-case letters; may be empty). */
export function sampleName(model: Sampler, rng: Rng, temperature = 1): string {
	return decodeTokens(model.generate(rng, { temperature }));
}
