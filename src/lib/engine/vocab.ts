/**
 * The character tokenizer, the only one in the project: token 0 is the boundary that starts and
 * ends every item, tokens 1 … n are the vocabulary's characters in order. Pure: the worker, the
 * page and the tests all use it.
 *
 *   const vocab = new Vocab(['a', 'e', 'i', 'l', 'm', 'o', 'v']);
 *   vocab.encode('emma');           // [0, 2, 5, 5, 1, 0]
 *   vocab.decode([2, 5, 5, 1]);     // 'emma'
 *   Vocab.names().encode('zoe');    // [0, 26, 15, 5, 0]: the names' a … z, 27 tokens
 */

/** The boundary token that starts and ends every sequence. */
export const BOUNDARY_TOKEN = 0;

const LOWERCASE = Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i));

export class Vocab {
	/** The characters of tokens 1 … n, in token order. */
	readonly chars: readonly string[];
	private readonly ids: Map<string, number>;

	/** One token per character (a single code point each, no repeats), after the boundary. */
	constructor(chars: readonly string[]) {
		this.ids = new Map();
		for (let i = 0; i < chars.length; i++) {
			const ch = chars[i]!;
			if (Array.from(ch).length !== 1) {
				throw new Error(`Vocab: "${ch}" is not one character; give one entry per character`);
			}
			if (this.ids.has(ch)) throw new Error(`Vocab: "${ch}" is listed twice; list it once`);
			this.ids.set(ch, i + 1);
		}
		this.chars = Object.freeze(chars.slice());
	}

	/** The names' vocabulary: the boundary and the letters a … z (NAMES_VOCAB_SIZE tokens). */
	static names(): Vocab {
		return new Vocab(LOWERCASE);
	}

	/** The boundary plus every character. */
	get size(): number {
		return this.chars.length + 1;
	}

	has(ch: string): boolean {
		return this.ids.has(ch);
	}

	/** [boundary, characters…, boundary]; a character outside the vocabulary is an error. */
	encode(text: string): number[] {
		const ids = [BOUNDARY_TOKEN];
		for (const ch of text) {
			const id = this.ids.get(ch);
			if (id === undefined) {
				throw new Error(
					`Vocab.encode: "${ch}" in "${text}" is not in this vocabulary; remove it, or build ` +
						'the vocabulary from text that contains it'
				);
			}
			ids.push(id);
		}
		ids.push(BOUNDARY_TOKEN);
		return ids;
	}

	/** The characters of token ids; boundaries are dropped, an id outside the vocabulary is an error. */
	decode(ids: ArrayLike<number>): string {
		let s = '';
		for (let i = 0; i < ids.length; i++) {
			const id = ids[i]!;
			if (id !== BOUNDARY_TOKEN) s += this.charOf(id, 'decode');
		}
		return s;
	}

	/** How a token is shown: the boundary as ◆, a space as ␣. */
	label(id: number): string {
		if (id === BOUNDARY_TOKEN) return '◆';
		const ch = this.charOf(id, 'label');
		return ch === ' ' ? '␣' : ch;
	}

	private charOf(id: number, what: string): string {
		const ch = Number.isInteger(id) ? this.chars[id - 1] : undefined;
		if (ch === undefined) {
			throw new Error(
				`Vocab.${what}: id ${id} is not a token of this vocabulary (0 … ${this.size - 1}); ` +
					'decode with the vocabulary the model was built with'
			);
		}
		return ch;
	}
}
