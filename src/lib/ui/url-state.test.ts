import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
	decodeState,
	defaultState,
	encodeState,
	field,
	hrefWithState,
	MAX_RAW_LENGTH,
	namespaceKey,
	toSearch,
	type Field
} from './url-state';

const schema = {
	angle: field.number({ min: -180, max: 180, default: 30, digits: 1 }),
	rate: field.number({ min: 0, max: 1, default: 0.5 }),
	n: field.int({ min: 1, max: 64, default: 8 }),
	norm: field.enum(['l1', 'l2', 'max'], 'l2'),
	grid: field.bool(true),
	w: field.numbers({ length: 3, min: -5, max: 5, default: [1, 0, 0], digits: 2 }),
	label: field.string({ maxLength: 12, default: 'hello' })
};

const NS = 'fig-a';
const q = (s: string) => new URLSearchParams(s);
const decode = (s: string) => decodeState(q(s), NS, schema);

describe('type inference', () => {
	it('infers the state type from the schema', () => {
		const state = decode('');
		expectTypeOf(state.angle).toEqualTypeOf<number>();
		expectTypeOf(state.norm).toEqualTypeOf<'l1' | 'l2' | 'max'>();
		expectTypeOf(state.grid).toEqualTypeOf<boolean>();
		expectTypeOf(state.w).toEqualTypeOf<number[]>();
		expectTypeOf(state.label).toEqualTypeOf<string>();
	});
});

describe('decodeState', () => {
	it('returns every default for an empty query', () => {
		expect(decode('')).toEqual({
			angle: 30,
			rate: 0.5,
			n: 8,
			norm: 'l2',
			grid: true,
			w: [1, 0, 0],
			label: 'hello'
		});
	});

	it('reads valid values from its own namespace', () => {
		const s = decode(
			'fig-a.angle=-45.5&fig-a.n=3&fig-a.norm=max&fig-a.grid=0&fig-a.w=1,-2.5,3&fig-a.label=hi+there'
		);
		expect(s).toMatchObject({
			angle: -45.5,
			n: 3,
			norm: 'max',
			grid: false,
			w: [1, -2.5, 3],
			label: 'hi there'
		});
	});

	it('accepts a query string such as location.search', () => {
		expect(decodeState('?fig-a.n=5&x=1', NS, schema).n).toBe(5);
		expect(decodeState('fig-a.n=6', NS, schema).n).toBe(6);
	});

	it('ignores parameters that belong to other namespaces', () => {
		expect(decode('fig-b.angle=10&angle=10&fig-a-x.angle=10').angle).toBe(30);
	});

	it('rounds numbers to the digits the field keeps', () => {
		expect(decode('fig-a.angle=12.3456').angle).toBe(12.3);
		expect(decode('fig-a.w=0.123,0,0').w).toEqual([0.12, 0, 0]);
	});

	it('accepts exponent notation and true/false for booleans', () => {
		expect(decode('fig-a.rate=2.5e-1').rate).toBe(0.25);
		expect(decode('fig-a.grid=false').grid).toBe(false);
		expect(decode('fig-a.grid=true').grid).toBe(true);
	});

	it('hands out fresh default arrays so editing state never edits the schema', () => {
		const a = decode('');
		a.w[0] = 99;
		expect(decode('').w).toEqual([1, 0, 0]);
		expect(schema.w.default).toEqual([1, 0, 0]);
	});

	it.each([
		['NaN', 'fig-a.rate=NaN'],
		['Infinity', 'fig-a.rate=Infinity'],
		['an overflowing literal', 'fig-a.rate=1e999'],
		['hexadecimal', 'fig-a.rate=0x1'],
		['an empty value', 'fig-a.rate='],
		['whitespace', 'fig-a.rate=%200.3'],
		['a value above the range', 'fig-a.rate=1.5'],
		['a value below the range', 'fig-a.rate=-0.1'],
		['a script tag', 'fig-a.rate=<script>alert(1)</script>'],
		['a JavaScript expression', 'fig-a.rate=1/2'],
		['an overlong number', `fig-a.rate=0.${'1'.repeat(40)}`]
	])('falls back to the default number for %s', (_name, query) => {
		expect(decode(query).rate).toBe(0.5);
	});

	it.each([
		['a fraction', 'fig-a.n=2.5'],
		['an exponent', 'fig-a.n=1e1'],
		['an unsafe integer', 'fig-a.n=99999999999999999'],
		['a value out of range', 'fig-a.n=65'],
		['zero below the minimum', 'fig-a.n=0'],
		['a word', 'fig-a.n=eight']
	])('falls back to the default integer for %s', (_name, query) => {
		expect(decode(query).n).toBe(8);
	});

	it('never produces negative zero', () => {
		const zeros = decodeState(q('z.i=-0&z.x=-0&z.l=-0.001'), 'z', {
			i: field.int({ min: -1, max: 1, default: 1 }),
			x: field.number({ min: -1, max: 1, default: 1 }),
			l: field.numbers({ min: -1, max: 1, default: [1], digits: 2 })
		});
		expect(Object.is(zeros.i, 0)).toBe(true);
		expect(Object.is(zeros.x, 0)).toBe(true);
		expect(Object.is(zeros.l[0], 0)).toBe(true);
	});

	it.each([
		['an unknown option', 'fig-a.norm=l3'],
		['a different case', 'fig-a.norm=L2'],
		['a prototype key', 'fig-a.norm=__proto__'],
		['an inherited method name', 'fig-a.norm=toString']
	])('falls back to the default enum value for %s', (_name, query) => {
		expect(decode(query).norm).toBe('l2');
	});

	it('falls back to the default boolean for anything but 1, 0, true or false', () => {
		for (const v of ['yes', '', 'TRUE', '2']) expect(decode(`fig-a.grid=${v}`).grid).toBe(true);
	});

	it.each([
		['the wrong length', 'fig-a.w=1,2'],
		['too many items', 'fig-a.w=1,2,3,4'],
		['an empty item', 'fig-a.w=1,,3'],
		['an item out of range', 'fig-a.w=1,2,6'],
		['a non-number item', 'fig-a.w=1,NaN,3'],
		['a trailing comma', 'fig-a.w=1,2,3,']
	])('falls back to the default list for %s', (_name, query) => {
		expect(decode(query).w).toEqual([1, 0, 0]);
	});

	it('caps the length of a free-length list', () => {
		const f = { v: field.numbers({ min: 0, max: 9, default: [], maxItems: 4 }) };
		expect(decodeState(q('n.v=1,2,3,4'), 'n', f).v).toEqual([1, 2, 3, 4]);
		expect(decodeState(q('n.v=1,2,3,4,5'), 'n', f).v).toEqual([]);
		expect(decodeState(q('n.v='), 'n', f).v).toEqual([]);
	});

	it('ignores huge values without parsing them', () => {
		const f = { v: field.numbers({ min: 0, max: 9, default: [1], maxItems: 100000 }) };
		const huge = Array.from({ length: MAX_RAW_LENGTH }, () => '1').join(',');
		expect(decodeState(q(`n.v=${huge}`), 'n', f).v).toEqual([1]);
	});

	it.each([
		['a script tag', 'fig-a.label=<script>'],
		['a control character', 'fig-a.label=a%00b'],
		['a newline', 'fig-a.label=a%0Ab'],
		['an overlong string', `fig-a.label=${'x'.repeat(13)}`]
	])('falls back to the default string for %s', (_name, query) => {
		expect(decode(query).label).toBe('hello');
	});

	it('applies a string pattern to the whole value, however the pattern is flagged', () => {
		const f = { t: field.string({ maxLength: 20, default: 'abc', pattern: /[a-z]+/g }) };
		expect(decodeState(q('s.t=xyz'), 's', f).t).toBe('xyz');
		expect(decodeState(q('s.t=xyz'), 's', f).t).toBe('xyz');
		expect(decodeState(q('s.t=xyz1'), 's', f).t).toBe('abc');
	});

	it('takes the first of repeated parameters', () => {
		expect(decode('fig-a.n=2&fig-a.n=3').n).toBe(2);
	});

	it('cannot be used to pollute prototypes', () => {
		const s = decode('fig-a.__proto__=x&fig-a.constructor=y&__proto__.polluted=1&fig-a.toString=1');
		expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
		expect(Object.keys(s).sort()).toEqual(Object.keys(schema).sort());
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(typeof s.toString).toBe('function');
	});

	it('skips prototype keys even in a schema built from untrusted data', () => {
		const hostile = JSON.parse('{"__proto__": 1, "ok": 2}') as Record<string, number>;
		const built: Record<string, Field<unknown>> = {};
		for (const k of Object.keys(hostile)) {
			Object.defineProperty(built, k, {
				value: field.int({ min: 0, max: 9, default: hostile[k]! }),
				enumerable: true
			});
		}
		const s = decodeState(q('h.__proto__=5&h.ok=5'), 'h', built);
		expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
		expect(Object.keys(s)).toEqual(['ok']);
	});

	it('treats a custom field whose parser throws as an unreadable value', () => {
		const throwing: Field<number> = {
			kind: 'number',
			default: 7,
			parse() {
				throw new Error('boom');
			},
			serialize: (v) => String(v),
			initial: () => 7
		};
		expect(decodeState(q('t.v=1'), 't', { v: throwing }).v).toBe(7);
	});
});

describe('encodeState', () => {
	it('leaves a clean query for a figure at its defaults', () => {
		expect(encodeState(defaultState(schema), NS, schema).toString()).toBe('');
	});

	it('writes only the values that differ from the defaults', () => {
		const s = { ...defaultState(schema), angle: 45, grid: false };
		expect(toSearch(encodeState(s, NS, schema))).toBe('?fig-a.angle=45&fig-a.grid=0');
	});

	it('removes keys that went back to their default', () => {
		const params = q('fig-a.angle=45&fig-a.n=3');
		encodeState({ ...defaultState(schema), n: 3 }, NS, schema, params);
		expect(params.toString()).toBe('fig-a.n=3');
	});

	it('leaves other namespaces untouched', () => {
		const params = q('other.angle=1&fig-b.n=5&utm=x&fig-a.n=2');
		encodeState(defaultState(schema), NS, schema, params);
		expect(params.toString()).toBe('other.angle=1&fig-b.n=5&utm=x');
	});

	it('removes stale keys of its own namespace but not nested namespaces', () => {
		const params = q('fig-a.old=1&fig-a.sub.x=2');
		encodeState(defaultState(schema), NS, schema, params);
		expect(params.toString()).toBe('fig-a.sub.x=2');
	});

	it('rounds numbers to the field digits and treats values that round to the default as default', () => {
		const s = { ...defaultState(schema), angle: 30.04, w: [0.1234, -1, 2] };
		expect(toSearch(encodeState(s, NS, schema))).toBe('?fig-a.w=0.12,-1,2');
	});

	it('omits values the field cannot hold rather than writing them', () => {
		const s = { ...defaultState(schema), rate: NaN, n: 2.5, angle: Infinity, w: [1, 2] };
		expect(encodeState(s, NS, schema).toString()).toBe('');
	});

	it('round-trips any valid state through the URL', () => {
		const s = {
			angle: -179.9,
			rate: 1e-7,
			n: 64,
			norm: 'l1' as const,
			grid: false,
			w: [-5, 0.25, 5],
			label: 'a b&c=d'
		};
		const back = decodeState(q(encodeState(s, NS, schema).toString()), NS, schema);
		expect(back).toEqual(s);
	});
});

describe('toSearch', () => {
	it('keeps commas readable and gives an empty string for no parameters', () => {
		expect(toSearch(q('a=1,2'))).toBe('?a=1,2');
		expect(toSearch(q(''))).toBe('');
	});

	it('still escapes characters that need escaping', () => {
		expect(toSearch(q('a=%252C%26'))).toBe('?a=%252C%26');
	});
});

describe('hrefWithState', () => {
	it('keeps the path, other parameters and hash', () => {
		const href = 'https://example.org/lessons/maths/?x=1&fig-a.n=2#fig-a';
		const s = { ...defaultState(schema), w: [1, 2, 3] };
		expect(hrefWithState(href, s, NS, schema)).toBe(
			'https://example.org/lessons/maths/?x=1&fig-a.w=1,2,3#fig-a'
		);
	});
});

describe('namespaceKey', () => {
	it('accepts a query string', () => {
		expect(namespaceKey('?fig-a.b=2&z=1', NS)).toBe('fig-a.b=2');
	});

	it('ignores order and other namespaces', () => {
		const a = namespaceKey(q('fig-a.b=2&z=1&fig-a.a=1'), NS);
		const b = namespaceKey(q('fig-a.a=1&fig-a.b=2&fig-c.a=3'), NS);
		expect(a).toBe(b);
		expect(a).toBe('fig-a.a=1&fig-a.b=2');
	});
});

describe('reading a query string with many parameters', () => {
	it('parses it once for all the figures that ask about it', () => {
		const query =
			'?' + Array.from({ length: 50_000 }, (_, i) => `junk${i}=${i}`).join('&') + '&a.n=5&b.n=6';
		const schema = { n: field.int({ min: 0, max: 10, default: 1 }) };
		const Real = URLSearchParams;
		let parses = 0;
		vi.stubGlobal(
			'URLSearchParams',
			class extends Real {
				constructor(init?: ConstructorParameters<typeof URLSearchParams>[0]) {
					super(init);
					parses++;
				}
			}
		);
		try {
			const states = Array.from({ length: 15 }, (_, i) => decodeState(query, `f${i}`, schema));
			expect(states.every((s) => s.n === 1)).toBe(true);
			expect(decodeState(query, 'a', schema)).toEqual({ n: 5 });
			expect(namespaceKey(query, 'b')).toBe('b.n=6');
			expect(parses).toBe(1);
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
