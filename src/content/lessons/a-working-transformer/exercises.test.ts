// Every exercise of lesson 2, checked against values computed here independently of the engine
// (plain arithmetic and the formulas the lesson derives), for many seeds: "New numbers" must
// always come with a right answer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeChoice, judgeNumber, type Variant } from '$lib/exercises/kinds';
import { expectTasksMetByShowMe, withoutFunctions } from '$lib/exercises/test-helpers';
import { slugify } from '$lib/content/remark-lesson-meta.js';
import { EXERCISES as LESSON_1 } from '../the-math-you-actually-need/exercises';
import { EXERCISES, openCells } from './exercises';

const all = Object.values(EXERCISES).flat();
const byId = Object.fromEntries(all.map((e) => [e.id, e]));
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);
const prose = readFileSync(new URL('./lesson.svx', import.meta.url), 'utf8');

type NumberVariant = Extract<Variant, { kind: 'number' }>;
type ChoiceVariant = Extract<Variant, { kind: 'choice' }>;
const numberVariant = (id: string, seed: number) => byId[id]!.make(seed) as NumberVariant;
const choiceVariant = (id: string, seed: number) => byId[id]!.make(seed) as ChoiceVariant;

/** Numbers in a text, in order, thousands commas and real minus signs understood. */
function numbersIn(text: string): number[] {
	return [...text.replace(/−/g, '-').matchAll(/-?\d[\d,]*(?:\.\d+)?/g)].map((m) =>
		Number(m[0].replace(/,/g, ''))
	);
}

/** The name in a question, between curly quotes. */
const quotedName = (text: string) => /“([a-z]+)”/.exec(text)![1]!;

describe('lesson 2’s exercises', () => {
	it('give every section one to three, at least five in all, with ids unique across both lessons', () => {
		const sections = [...prose.matchAll(/^## (.+)$/gm)].map((m) => slugify(m[1]!));
		expect(Object.keys(EXERCISES)).toEqual(sections);
		for (const list of Object.values(EXERCISES)) {
			expect(list.length).toBeGreaterThanOrEqual(1);
			expect(list.length).toBeLessThanOrEqual(3);
		}
		expect(all.length).toBeGreaterThanOrEqual(5);
		const ids = [...all, ...Object.values(LESSON_1).flat()].map((e) => e.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const section of sections) {
			expect(prose).toContain(`<Lazy of={Exercises} props={{ list: EXERCISES['${section}'] }} />`);
		}
	});

	it('make the same question from the same seed, and other numbers from another', () => {
		for (const e of all) {
			expect(JSON.stringify(e.make(5), withoutFunctions)).toBe(
				JSON.stringify(e.make(5), withoutFunctions)
			);
		}
		for (const e of all.filter((e) => e.make(1).kind === 'number')) {
			const questions = new Set(SEEDS.map((s) => e.make(s).question));
			expect(questions.size, e.id).toBeGreaterThan(5);
		}
	});

	it('a name of n letters gives n + 1 predictions', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('predictions-1', seed);
			const name = quotedName(v.question);
			expect(v.answer).toBe(name.length + 1);
			expect(judgeNumber(v, String(name.length + 1)).verdict).toBe('right');
			expect(judgeNumber(v, String(name.length + 2)).verdict).toBe('wrong');
		}
	});

	it('a GPT’s parameters: 2VC + TC + L·12C²', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('params-1', seed);
			const [V, C, L, T] = numbersIn(v.question.replace('one layer', '1 layers'));
			expect(v.answer).toBe(2 * V! * C! + T! * C! + L! * 12 * C! * C!);
			expect(judgeNumber(v, v.answer.toLocaleString('en-GB')).verdict).toBe('right');
		}
	});

	it('the weight that must be zero is the one that looks ahead', () => {
		for (const seed of SEEDS) {
			const v = choiceVariant('mask-1', seed);
			const pairs = v.options.map((o) => {
				const [t, s] = numbersIn(o);
				return { t: t!, s: s! };
			});
			const ahead = pairs.filter(({ t, s }) => s > t);
			expect(ahead).toHaveLength(1);
			expect(pairs.some(({ t, s }) => s === t)).toBe(true);
			expect(pairs[v.correct]).toEqual(ahead[0]);
			expect(judgeChoice(v, v.correct).verdict).toBe('right');
			expect(judgeChoice(v, (v.correct + 1) % v.options.length).verdict).toBe('wrong');
		}
	});

	it('all-ones queries and keys score √(C/H)', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('scale-1', seed);
			const [C] = numbersIn(v.question);
			const H = v.question.includes('one head') ? 1 : numbersIn(v.question)[1]!;
			expect(v.answer).toBeCloseTo(Math.sqrt(C! / H), 5);
			expect(judgeNumber(v, `sqrt(${C! / H})`).verdict).toBe('right');
			expect(judgeNumber(v, String(C! / H)).verdict).toBe(C! / H === 1 ? 'right' : 'wrong');
		}
	});

	it('through a residual connection the slope is 1 + f′(x)', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('residual-1', seed);
			const [a, x] = numbersIn(v.question);
			expect(v.answer).toBeCloseTo(1 + 2 * a! * x!, 5);
			// Forgetting the straight road's 1 is the mistake to catch.
			expect(judgeNumber(v, String(2 * a! * x!)).verdict).toBe('wrong');
		}
	});

	it('an MLP of width C holds 8C² parameters', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('mlp-1', seed);
			const [C] = numbersIn(v.question);
			expect(v.answer).toBe(8 * C! * C!);
		}
	});

	it('a run sees min(steps, names) of the names', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('names-seen-1', seed);
			const [items, steps] = numbersIn(v.question);
			expect(v.answer).toBeCloseTo((100 * Math.min(items!, steps!)) / items!, 9);
		}
	});

	it('uniform choices keep the right answer among distinct options', () => {
		for (const id of ['batch-1', 'no-weights-1']) {
			for (const seed of SEEDS) {
				const v = choiceVariant(id, seed);
				expect(new Set(v.options).size).toBe(v.options.length);
				expect(judgeChoice(v, v.correct).verdict).toBe('right');
				expect(judgeChoice(v, null).verdict).toBe('unreadable');
			}
		}
		expect(
			choiceVariant('no-weights-1', 1).options[choiceVariant('no-weights-1', 1).correct]
		).toMatch(/softmax/);
	});

	it('microgpt on a text of K characters has 2·16·(K + 1) + 16·16 + 12·16² parameters', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('own-text-1', seed);
			const [K] = numbersIn(v.question);
			expect(v.answer).toBe(2 * 16 * (K! + 1) + 16 * 16 + 12 * 16 * 16);
		}
	});

	it('a heat map over ◆ and n letters has (n + 1)(n + 2)/2 open cells', () => {
		for (const name of ['a', 'emma', 'julia', 'maximilian']) {
			const T = name.length + 1;
			expect(openCells(name)).toBe((T * (T + 1)) / 2);
		}
	});

	it('the way back starts at the true letter’s logit with p − 1', () => {
		for (const seed of SEEDS) {
			const v = numberVariant('way-back-1', seed);
			const [p] = numbersIn(v.question);
			expect(v.answer).toBeCloseTo(p! - 1, 6);
			expect(judgeNumber(v, `${p} - 1`).verdict).toBe('right');
			expect(judgeNumber(v, String(p)).verdict).toBe('wrong');
		}
	});

	it('tasks are met by their own worked example and not by the figure’s default', () => {
		expectTasksMetByShowMe(all);
	});

	it('the temperature task is met on the slider’s own grid near 0.5, and the cells task only by letters', () => {
		const tau = byId['tau-1']!.make(1);
		const cells = byId['cells-1']!.make(1);
		if (tau.kind !== 'task' || cells.kind !== 'task') throw new Error('both are tasks');
		// The log slider's stop nearest 0.5, kept at three decimals in the URL.
		expect(tau.met({ tau: Number((0.1 * 10 ** (14 / 20)).toFixed(3)) })).toBe(true);
		expect(tau.met({ tau: 0.8 })).toBe(false);
		expect(cells.met({ name: 'julia' })).toBe(true);
		expect(cells.met({ name: 'Julia' })).toBe(false);
		expect(cells.met({ name: 'noor' })).toBe(false);
		expect(cells.status({ name: 'emma' })).toBe('“emma”: 5 positions, 15 cells in each map.');
	});
});
