/**
 * The answer box's arithmetic: a reader may type `0.91`, `2/2.2`, `-ln(0.659)` or `3×0.5 + 1`,
 * and gets the value or a message that says what is wrong. A small recursive-descent parser
 * over a fixed grammar: nothing the reader types is ever evaluated as code, and names are
 * looked up in fixed lists (never on an object's prototype).
 *
 *   parseAnswer('2/2.2')        // { ok: true, value: 0.9090… }
 *   parseAnswer('-ln(0.659)')   // { ok: true, value: 0.4170… }
 *   parseAnswer('2/(3')         // { ok: false, message: 'A “(” is never closed.' }
 *
 * Grammar (usual precedence; ^ binds tighter than a leading minus, so -2^2 = -4):
 *   sum     = product (('+' | '-') product)*
 *   product = signed (('*' | '/') signed)*
 *   signed  = ('-' | '+') signed | power
 *   power   = atom ('^' signed)?
 *   atom    = number | constant | func '(' sum ')' | '√' atom | '(' sum ')'
 * Also accepted: × · for *, ÷ for /, the real minus sign −, π for pi, a decimal comma, and
 * thousands written with commas as the lessons print them (4,192).
 */

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** Longer than any answer a person types; stops pathological input early. */
export const MAX_ANSWER_LENGTH = 200;
/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 40;

const FUNCTIONS: ReadonlyMap<string, (x: number) => number> = new Map([
	['ln', Math.log],
	['log', Math.log],
	['log2', Math.log2],
	['log10', Math.log10],
	['exp', Math.exp],
	['sqrt', Math.sqrt],
	['abs', Math.abs],
	['tanh', Math.tanh]
]);

const CONSTANTS: ReadonlyMap<string, number> = new Map([
	['pi', Math.PI],
	['π', Math.PI],
	['e', Math.E]
]);

type Token =
	| { kind: 'number'; value: number; at: number }
	| { kind: 'name'; name: string; at: number }
	| { kind: 'op'; op: string; at: number };

class ParseError extends Error {}

const SYNONYMS: Record<string, string> = { '×': '*', '·': '*', '÷': '/', '−': '-', '–': '-' };
const OPS = new Set(['+', '-', '*', '/', '^', '(', ')', '√']);

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const ch = text[i]!;
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		const grouped = /^\d{1,3}(?:,\d{3})+(?![\d.,])/.exec(text.slice(i));
		const number = grouped ?? /^(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
		if (number) {
			// "4,192" is four thousand (how the lessons print counts); "0,5" is a decimal comma.
			const digits = grouped ? number[0].replace(/,/g, '') : number[0].replace(',', '.');
			tokens.push({ kind: 'number', value: Number(digits), at: i });
			i += number[0].length;
			continue;
		}
		const name = /^(?:[a-zA-Z][a-zA-Z0-9]*|π)/.exec(text.slice(i));
		if (name) {
			tokens.push({ kind: 'name', name: name[0].toLowerCase(), at: i });
			i += name[0].length;
			continue;
		}
		const op = SYNONYMS[ch] ?? ch;
		if (OPS.has(op)) {
			tokens.push({ kind: 'op', op, at: i });
			i++;
			continue;
		}
		throw new ParseError(`“${ch}” is not part of a number or a formula.`);
	}
	return tokens;
}

class Parser {
	private i = 0;
	private depth = 0;
	constructor(private readonly tokens: Token[]) {}

	parse(): number {
		if (this.tokens.length === 0) throw new ParseError('Type a number first.');
		const value = this.sum();
		const extra = this.tokens[this.i];
		if (extra) {
			throw new ParseError(
				extra.kind === 'op' && extra.op === ')'
					? 'A “)” has no “(” to close.'
					: 'Something follows the end of the formula; is an operator missing?'
			);
		}
		return value;
	}

	private peekOp(...ops: string[]): string | null {
		const t = this.tokens[this.i];
		return t?.kind === 'op' && ops.includes(t.op) ? t.op : null;
	}

	private nested<T>(f: () => T): T {
		if (++this.depth > MAX_DEPTH) throw new ParseError('That formula is nested too deeply.');
		try {
			return f();
		} finally {
			this.depth--;
		}
	}

	private sum(): number {
		let value = this.product();
		for (let op = this.peekOp('+', '-'); op; op = this.peekOp('+', '-')) {
			this.i++;
			const right = this.product();
			value = op === '+' ? value + right : value - right;
		}
		return value;
	}

	private product(): number {
		let value = this.signed();
		for (let op = this.peekOp('*', '/'); op; op = this.peekOp('*', '/')) {
			this.i++;
			const right = this.signed();
			value = op === '*' ? value * right : value / right;
		}
		return value;
	}

	private signed(): number {
		const op = this.peekOp('+', '-');
		if (!op) return this.power();
		this.i++;
		const value = this.nested(() => this.signed());
		return op === '-' ? -value : value;
	}

	private power(): number {
		const base = this.atom();
		if (!this.peekOp('^')) return base;
		this.i++;
		return base ** this.nested(() => this.signed());
	}

	private bracketed(): number {
		if (!this.peekOp('(')) throw new ParseError('Expected “(” after the function name.');
		this.i++;
		const value = this.nested(() => this.sum());
		if (!this.peekOp(')')) throw new ParseError('A “(” is never closed.');
		this.i++;
		return value;
	}

	private atom(): number {
		const t = this.tokens[this.i];
		if (!t) throw new ParseError('The formula ends too soon: a number is missing.');
		if (t.kind === 'number') {
			this.i++;
			return t.value;
		}
		if (t.kind === 'name') {
			this.i++;
			const f = FUNCTIONS.get(t.name);
			if (f) return f(this.bracketed());
			const c = CONSTANTS.get(t.name);
			if (c !== undefined) return c;
			throw new ParseError(
				`“${t.name.slice(0, 20)}” is not a name this box knows; try numbers, + − × / ^, ` +
					'brackets, ln, exp, sqrt, pi and e.'
			);
		}
		if (t.op === '(') return this.bracketed();
		if (t.op === '√') {
			this.i++;
			return Math.sqrt(this.nested(() => this.atom()));
		}
		throw new ParseError(
			t.op === ')' ? 'A “)” has no “(” to close.' : `A number is missing before “${t.op}”.`
		);
	}
}

/** The value of what the reader typed, or why it has none. Never throws. */
export function parseAnswer(text: string): Parsed {
	if (typeof text !== 'string') return { ok: false, message: 'Type a number first.' };
	if (text.length > MAX_ANSWER_LENGTH) {
		return { ok: false, message: `That is longer than ${MAX_ANSWER_LENGTH} characters.` };
	}
	try {
		const value = new Parser(tokenize(text.trim())).parse();
		if (Number.isNaN(value)) {
			return {
				ok: false,
				message: 'That has no value: it takes a logarithm or a root of a negative number, or 0/0.'
			};
		}
		if (!Number.isFinite(value)) {
			return { ok: false, message: 'That is infinite (a division by zero, or too large).' };
		}
		return { ok: true, value };
	} catch (e) {
		if (e instanceof ParseError) return { ok: false, message: e.message };
		throw e;
	}
}
