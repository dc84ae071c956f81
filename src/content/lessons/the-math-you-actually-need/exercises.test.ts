// Every exercise of lesson 1, checked against values computed here independently of the engine
// (plain Math), for many seeds: "New numbers" must always come with a right answer.
import { describe, expect, it } from 'vitest';
import { judgeChoice, judgeNumber, type Variant } from '$lib/exercises/kinds';
import { defaultState } from '$lib/ui/url-state';
import { EXERCISES } from './exercises';

const all = Object.values(EXERCISES).flat();
const byId = Object.fromEntries(all.map((e) => [e.id, e]));
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

/** Numbers in the question, in order ("(3, −1)" → [3, -1]). */
function numbersIn(text: string): number[] {
	return [...text.replace(/−/g, '-').matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

const softmax = (z: number[]) => {
	const m = Math.max(...z);
	const e = z.map((v) => Math.exp(v - m));
	const s = e.reduce((a, b) => a + b, 0);
	return e.map((v) => v / s);
};

describe('lesson 1’s exercises', () => {
	it('number at least one per section, fifteen or fewer ids each unique', () => {
		for (const list of Object.values(EXERCISES)) {
			expect(list.length).toBeGreaterThanOrEqual(1);
			expect(list.length).toBeLessThanOrEqual(3);
		}
		expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
	});

	it('make the same question from the same seed, and other numbers from another', () => {
		for (const e of all) {
			expect(JSON.stringify(e.make(5), replacer)).toBe(JSON.stringify(e.make(5), replacer));
		}
		const numeric = all.filter((e) => e.make(1).kind === 'number');
		for (const e of numeric) {
			const questions = new Set(SEEDS.map((s) => e.make(s).question));
			expect(questions.size, e.id).toBeGreaterThan(5);
		}
	});

	it('the dot product: a₁b₁ + a₂b₂', () => {
		for (const seed of SEEDS) {
			const v = byId['dot-1']!.make(seed) as Extract<Variant, { kind: 'number' }>;
			const [a1, a2, b1, b2] = numbersIn(v.question.split('What is a · b for')[1]!);
			expect(v.answer).toBe(a1! * b1! + a2! * b2!);
			expect(judgeNumber(v, String(v.answer)).verdict).toBe('right');
			expect(judgeNumber(v, String(v.answer + 1)).verdict).toBe('wrong');
		}
	});

	it('an entry of a matrix product: a row of A with a column of B', () => {
		for (const seed of SEEDS) {
			const v = byId['matmul-2']!.make(seed) as Extract<Variant, { kind: 'number' }>;
			const n = numbersIn(v.question);
			const A = n.slice(0, 6);
			const B = n.slice(6, 12);
			const [i, j] = n.slice(12, 14).map((x) => x - 1);
			let c = 0;
			for (let k = 0; k < 3; k++) c += A[3 * i! + k]! * B[2 * k + j!]!;
			expect(v.answer).toBe(c);
		}
	});

	it('a shape question: m×p when the inner sizes match, no product otherwise', () => {
		for (const seed of SEEDS) {
			const v = byId['matmul-1']!.make(seed) as Extract<Variant, { kind: 'choice' }>;
			const [m, n, n2, p] = numbersIn(v.question);
			const right = v.options[v.correct]!;
			expect(right).toBe(n === n2 ? `${m}×${p}` : 'It does not exist: the inner sizes differ');
			expect(new Set(v.options).size).toBe(v.options.length);
			expect(judgeChoice(v, v.correct).verdict).toBe('right');
			expect(judgeChoice(v, (v.correct + 1) % v.options.length).verdict).toBe('wrong');
			expect(judgeChoice(v, null).verdict).toBe('unreadable');
		}
	});

	it('the chain rule through tanh(a·x)²: a · (1 − tanh²(ax)) · 2 tanh(ax)', () => {
		for (const seed of SEEDS) {
			const v = byId['chain-1']!.make(seed) as Extract<Variant, { kind: 'number' }>;
			const [a, x] = numbersIn(v.question);
			const t = Math.tanh(a! * x!);
			expect(v.answer).toBeCloseTo(a! * (1 - t * t) * 2 * t, 5);
		}
	});

	it('the largest stable learning rate is 2 over the steepest curvature', () => {
		for (const seed of SEEDS) {
			const v = byId['descent-1']!.make(seed) as Extract<Variant, { kind: 'number' }>;
			const [steep, shallow] = numbersIn(v.question);
			expect(v.answer).toBeCloseTo(2 / Math.max(steep!, shallow!), 6);
			expect(judgeNumber(v, `2/${steep}`).verdict).toBe('right');
		}
	});

	it('a softmax probability and p − y, against a softmax written out here', () => {
		for (const seed of SEEDS) {
			const s = byId['softmax-1']!.make(seed) as Extract<Variant, { kind: 'number' }>;
			const n = numbersIn(s.question);
			expect(s.answer).toBeCloseTo(softmax(n.slice(0, 3))[n[3]! - 1]!, 6);
			const g = byId['punchline-1']!.make(seed) as Extract<Variant, { kind: 'number' }>;
			const m = numbersIn(g.question);
			const [truth, k] = [m[3]! - 1, m[4]! - 1];
			expect(g.answer).toBeCloseTo(softmax(m.slice(0, 3))[k]! - (k === truth ? 1 : 0), 6);
		}
	});

	it('uniform guessing over V tokens costs ln V, and ln(…) is accepted as an answer', () => {
		for (const seed of SEEDS) {
			const v = byId['recap-1']!.make(seed) as Extract<Variant, { kind: 'number' }>;
			const [V] = numbersIn(v.question);
			expect(v.answer).toBeCloseTo(Math.log(V!), 12);
			expect(judgeNumber(v, `ln(${V})`).verdict).toBe('right');
			expect(judgeNumber(v, `-ln(1/${V})`).verdict).toBe('right');
		}
	});

	it('tasks are met by their own worked example and not by the figure’s default', () => {
		for (const e of all) {
			const v = e.make(1);
			if (v.kind !== 'task') continue;
			const start = defaultState(v.figure.schema);
			expect(v.met(start), `${e.id} at the default`).toBe(false);
			const shown = { ...start, ...v.showMe!.state };
			expect(v.met(shown), `${e.id} at its Show me`).toBe(true);
			expect(v.status(shown)).not.toBe('');
		}
	});

	it('answers badly typed input with a message, never an error', () => {
		const v = byId['dot-1']!.make(1) as Extract<Variant, { kind: 'number' }>;
		for (const bad of ['', '__proto__', '1e999', 'NaN', '(((', 'x'.repeat(10_000)]) {
			expect(judgeNumber(v, bad).verdict).toBe('unreadable');
		}
	});
});

/** Functions do not stringify; their presence is enough for comparing two variants. */
function replacer(_key: string, value: unknown) {
	return typeof value === 'function' ? 'fn' : value;
}
