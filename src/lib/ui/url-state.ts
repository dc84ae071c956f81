/**
 * Figure state ↔ URL query string, driven by a typed schema.
 *
 *   const schema = {
 *     angle: field.number({ min: -180, max: 180, default: 30, digits: 1 }),
 *     n: field.int({ min: 1, max: 64, default: 8 }),
 *     norm: field.enum(['l1', 'l2'], 'l2'),
 *     grid: field.bool(true),
 *     w: field.numbers({ length: 3, min: -5, max: 5, default: [1, 0, 0], digits: 2 })
 *   };
 *   const state = decodeState(url.searchParams, 'fig-rotate', schema);
 *   //    ^? { angle: number; n: number; norm: 'l1' | 'l2'; grid: boolean; w: number[] }
 *   encodeState(state, 'fig-rotate', schema, url.searchParams);
 *   // → ?fig-rotate.angle=45  (only values that differ from the default are written)
 *
 * The URL is untrusted input: anyone can send a link. Every raw value is length-capped, matched
 * against a strict pattern and range-checked; anything else falls back to the default. Nothing
 * here throws on input, evaluates input, or reads keys the schema does not name, so
 * `?fig.__proto__=…` or `?fig.x=<script>` cannot do harm.
 */

/** One piece of figure state and how it is written in a URL. */
export interface Field<T> {
	readonly kind: 'number' | 'int' | 'enum' | 'bool' | 'numbers' | 'string';
	/** The value of a fresh figure. Treat as read-only: use `initial()` for a copy. */
	readonly default: T;
	/** Raw URL text → value, or undefined if the text is not acceptable. */
	parse(raw: string): T | undefined;
	/** Value → URL text, or undefined if the value is not one this field can hold. */
	serialize(value: T): string | undefined;
	/** A fresh copy of the default, so editing state never edits the schema. */
	initial(): T;
}

// Method syntax in Field makes Field<number> assignable to Field<unknown>, which keeps Schema simple.
export type Schema = Record<string, Field<unknown>>;

/** The state object a schema describes. */
export type StateOf<S extends Schema> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Longest raw value read at all; real figure state is far shorter. */
export const MAX_RAW_LENGTH = 1024;
/** Longest single number ("-1.2345678901234567e-300" fits). */
const MAX_NUMBER_LENGTH = 32;
/** Plain decimal or exponent notation only: no hex, no "Infinity", no whitespace. */
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;
const INT_PATTERN = /^[+-]?\d{1,16}$/;
/** Keys that could reach Object.prototype if a schema were ever built from untrusted data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function parseFiniteNumber(raw: string): number | undefined {
	if (raw.length > MAX_NUMBER_LENGTH || !NUMBER_PATTERN.test(raw)) return undefined;
	const v = Number(raw);
	return Number.isFinite(v) ? v : undefined;
}

function inRange(v: number, min: number, max: number): boolean {
	return Number.isFinite(v) && v >= min && v <= max;
}

/** Rounds to `digits` decimals; String(-0) is "0", so negative zero never reaches a URL. */
function roundDigits(v: number, digits: number | undefined): number {
	const r =
		digits === undefined ? v : Number(v.toFixed(Math.min(20, Math.max(0, Math.round(digits)))));
	return r === 0 ? 0 : r;
}

interface NumberOptions {
	min: number;
	max: number;
	default: number;
	/** Decimal places kept in the URL; omit for the shortest exact form. */
	digits?: number;
}

interface IntOptions {
	min: number;
	max: number;
	default: number;
}

interface NumbersOptions {
	min: number;
	max: number;
	default: readonly number[];
	/** Exact length required; omit for any length up to `maxItems`. */
	length?: number;
	/** Longest list accepted (default 64). */
	maxItems?: number;
	digits?: number;
}

interface StringOptions {
	maxLength: number;
	default: string;
	/**
	 * The whole value must match. The default allows any text without control characters or
	 * angle brackets. Strings are always rendered as text, never as HTML, but there is no reason
	 * a shared link should carry markup.
	 */
	pattern?: RegExp;
}

function numberField(o: NumberOptions): Field<number> {
	const ok = (v: number) => inRange(v, o.min, o.max);
	return {
		kind: 'number',
		default: o.default,
		parse(raw) {
			const v = parseFiniteNumber(raw);
			if (v === undefined) return undefined;
			const r = roundDigits(v, o.digits);
			return ok(r) ? r : undefined;
		},
		serialize: (v) =>
			typeof v === 'number' && ok(v) ? String(roundDigits(v, o.digits)) : undefined,
		initial: () => o.default
	};
}

function intField(o: IntOptions): Field<number> {
	const ok = (v: number) => Number.isSafeInteger(v) && v >= o.min && v <= o.max;
	return {
		kind: 'int',
		default: o.default,
		parse(raw) {
			if (!INT_PATTERN.test(raw)) return undefined;
			const v = Number(raw);
			// Number('-0') is -0; an integer field should never hand that to a figure.
			const n = v === 0 ? 0 : v;
			return ok(n) ? n : undefined;
		},
		serialize: (v) => (typeof v === 'number' && ok(v) ? String(v) : undefined),
		initial: () => o.default
	};
}

function enumField<const V extends readonly string[]>(
	values: V,
	fallback: V[number]
): Field<V[number]> {
	// includes() on the author's list, never a property lookup on an object: `__proto__` stays text.
	const ok = (v: unknown): v is V[number] => typeof v === 'string' && values.includes(v);
	return {
		kind: 'enum',
		default: fallback,
		parse: (raw) => (ok(raw) ? raw : undefined),
		serialize: (v) => (ok(v) ? v : undefined),
		initial: () => fallback
	};
}

function boolField(fallback: boolean): Field<boolean> {
	return {
		kind: 'bool',
		default: fallback,
		parse(raw) {
			if (raw === '1' || raw === 'true') return true;
			if (raw === '0' || raw === 'false') return false;
			return undefined;
		},
		serialize: (v) => (typeof v === 'boolean' ? (v ? '1' : '0') : undefined),
		initial: () => fallback
	};
}

function numbersField(o: NumbersOptions): Field<number[]> {
	const maxItems = o.maxItems ?? 64;
	const lengthOk = (n: number) => (o.length === undefined ? n <= maxItems : n === o.length);
	const itemOk = (v: number) => inRange(v, o.min, o.max);
	return {
		kind: 'numbers',
		default: [...o.default],
		parse(raw) {
			const parts = raw === '' ? [] : raw.split(',');
			if (!lengthOk(parts.length)) return undefined;
			const out: number[] = [];
			for (const part of parts) {
				const v = parseFiniteNumber(part);
				if (v === undefined) return undefined;
				const r = roundDigits(v, o.digits);
				if (!itemOk(r)) return undefined;
				out.push(r);
			}
			return out;
		},
		serialize(v) {
			if (!Array.isArray(v) || !lengthOk(v.length)) return undefined;
			if (!v.every((x) => typeof x === 'number' && itemOk(x))) return undefined;
			return v.map((x) => String(roundDigits(x, o.digits))).join(',');
		},
		initial: () => [...o.default]
	};
}

const SAFE_TEXT = /^[^\p{Cc}<>]*$/u;

function stringField(o: StringOptions): Field<string> {
	// Anchor the author's pattern and drop g/y, whose lastIndex would make test() stateful.
	const pattern = o.pattern
		? new RegExp(`^(?:${o.pattern.source})$`, o.pattern.flags.replace(/[gy]/g, ''))
		: SAFE_TEXT;
	const maxLength = Math.min(o.maxLength, MAX_RAW_LENGTH);
	const ok = (v: unknown): v is string =>
		typeof v === 'string' && v.length <= maxLength && pattern.test(v);
	return {
		kind: 'string',
		default: o.default,
		parse: (raw) => (ok(raw) ? raw : undefined),
		serialize: (v) => (ok(v) ? v : undefined),
		initial: () => o.default
	};
}

/** Field constructors for a schema. */
export const field = {
	/** A finite number in [min, max]. */
	number: numberField,
	/** A safe integer in [min, max]. */
	int: intField,
	/** One of a fixed list of strings. */
	enum: enumField,
	/** true/false, written as 1/0. */
	bool: boolField,
	/** A comma-separated list of finite numbers, each in [min, max]. */
	numbers: numbersField,
	/** Free text up to maxLength, matching pattern. */
	string: stringField
};

/** The query parameter name for a key: `${ns}.${key}`. */
export function paramName(ns: string, key: string): string {
	return `${ns}.${key}`;
}

function schemaKeys(schema: Schema): string[] {
	return Object.keys(schema).filter((k) => !FORBIDDEN_KEYS.has(k));
}

/** The state a fresh figure has. */
export function defaultState<S extends Schema>(schema: S): StateOf<S> {
	const out: Record<string, unknown> = {};
	for (const key of schemaKeys(schema)) out[key] = schema[key]!.initial();
	return out as StateOf<S>;
}

/**
 * Reads a figure's state from query parameters (or a query string such as location.search).
 * Each key comes from `${ns}.${key}` when that is present and valid, otherwise from the schema
 * default. Never throws.
 */
export function decodeState<S extends Schema>(
	query: URLSearchParams | string,
	ns: string,
	schema: S
): StateOf<S> {
	const own =
		typeof query === 'string' ? namespaceParams(query, ns) : namespaceEntries(query.entries(), ns);
	const out: Record<string, unknown> = {};
	for (const key of schemaKeys(schema)) {
		const f = schema[key]!;
		const raw = own.get(paramName(ns, key)) ?? null;
		let value: unknown;
		if (raw !== null && raw.length <= MAX_RAW_LENGTH) {
			try {
				value = f.parse(raw);
			} catch {
				// A custom field's parser failing is the same as an unreadable value.
				value = undefined;
			}
		}
		out[key] = value === undefined ? f.initial() : value;
	}
	return out as StateOf<S>;
}

/**
 * Writes a figure's state into `params` (mutated and returned). Values equal to the default, or
 * invalid, are removed, so a figure at its defaults leaves no trace in the URL. Unknown keys in
 * this namespace (from an older version of the figure) are removed too; other namespaces'
 * parameters are left untouched. `ns` must not contain a dot.
 */
export function encodeState<S extends Schema>(
	state: StateOf<S>,
	ns: string,
	schema: S,
	params: URLSearchParams = new URLSearchParams()
): URLSearchParams {
	const keys = schemaKeys(schema);
	const prefix = `${ns}.`;
	for (const name of [...params.keys()]) {
		if (!name.startsWith(prefix)) continue;
		const rest = name.slice(prefix.length);
		if (!rest.includes('.') && !keys.includes(rest)) params.delete(name);
	}
	for (const key of keys) {
		const f = schema[key]!;
		const name = paramName(ns, key);
		let text: string | undefined;
		try {
			text = f.serialize((state as Record<string, unknown>)[key]);
		} catch {
			text = undefined;
		}
		if (text === undefined || text === f.serialize(f.default)) params.delete(name);
		else params.set(name, text);
	}
	return params;
}

/**
 * `params` as a query string ("?a=1" or ""). Commas are legal in a query, so number lists stay
 * readable as `w=1,0,0` rather than `w=1%2C0%2C0`.
 */
export function toSearch(params: URLSearchParams): string {
	const s = params.toString().replace(/%2C/gi, ',');
	return s ? `?${s}` : '';
}

/** `href` with this figure's state written into its query; the path and hash are kept. */
export function hrefWithState<S extends Schema>(
	href: string,
	state: StateOf<S>,
	ns: string,
	schema: S
): string {
	const url = new URL(href);
	url.search = toSearch(encodeState(state, ns, schema, url.searchParams));
	return url.href;
}

/**
 * The parameters of one namespace as a canonical string, for telling whether the URL already
 * says what the figure shows (and so needs no write).
 */
export function namespaceKey(query: URLSearchParams | string, ns: string): string {
	const own =
		typeof query === 'string' ? namespaceParams(query, ns) : namespaceEntries(query.entries(), ns);
	return [...own]
		.map(([name, value]) => `${name}=${value}`)
		.sort()
		.join('&');
}

/** The parameters of namespace `ns` among `entries`, first value of each name. */
function namespaceEntries(entries: Iterable<[string, string]>, ns: string): Map<string, string> {
	const prefix = `${ns}.`;
	const own = new Map<string, string>();
	for (const [name, value] of entries) {
		if (name.startsWith(prefix) && !own.has(name)) own.set(name, value);
	}
	return own;
}

/**
 * A query string read once and filed by namespace: every figure on a page asks about the same
 * location.search, and a link stuffed with thousands of parameters must not be parsed once per
 * figure. Only the latest query is kept.
 */
let filed: { query: string; byNamespace: Map<string, Map<string, string>> } | null = null;

const NONE: ReadonlyMap<string, string> = new Map();

function namespaceParams(query: string, ns: string): ReadonlyMap<string, string> {
	if (filed?.query !== query) {
		const byNamespace = new Map<string, Map<string, string>>();
		for (const [name, value] of new URLSearchParams(query)) {
			const dot = name.indexOf('.');
			if (dot <= 0) continue;
			const space = name.slice(0, dot);
			let own = byNamespace.get(space);
			if (!own) byNamespace.set(space, (own = new Map()));
			if (!own.has(name)) own.set(name, value);
		}
		filed = { query, byNamespace };
	}
	return filed.byNamespace.get(ns) ?? NONE;
}
