/**
 * The three kinds of exercise, and how an answer is judged. An exercise is a recipe: given a
 * seed it makes one variant (its numbers, its question, its answer computed from them), so "New
 * numbers" is a new seed, and a link with the seed shares the same question. Pure: no DOM.
 *
 *   const dot = numberExercise({ id: 'dot-1', make: (rng) => {…; return { question, answer, … } } });
 *   const v = dot.make(7);
 *   judge(v, '2/2.2')   // { verdict: 'right' | 'wrong' | 'unreadable', message }
 */
import { Rng } from '$lib/engine';
import type { FigureSpec } from '$lib/ui/figure';
import type { Schema, StateOf } from '$lib/ui/url-state';
import { parseAnswer } from './parse';

/** Sets a figure to the exercise's case: its URL state, as far as the exercise cares. */
export interface ShowMe<S extends Schema = Schema> {
	figure: FigureSpec<S>;
	state: Partial<StateOf<S>>;
}

interface VariantBase {
	/** The question, plain text (Unicode maths signs, no markup). */
	question: string;
	/** Said when the answer is right: why it is right, briefly. */
	why: string;
	/** Said after a wrong answer: where to look, not the answer. */
	hint: string;
	/** The worked answer, shown on request (and, without JavaScript, in a disclosure). */
	worked: string;
	/** Sets the figure beside the exercise to this case. */
	showMe?: ShowMe;
}

export interface NumberVariant extends VariantBase {
	kind: 'number';
	answer: number;
	/** Accepted distance from the answer, absolute. */
	tolerance: number;
	/** What the number is in, said after the box ("nats", "parameters"). */
	unit?: string;
}

export interface ChoiceVariant extends VariantBase {
	kind: 'choice';
	options: readonly string[];
	/** Index of the right option. */
	correct: number;
}

export interface TaskVariant<S extends Schema = Schema> extends VariantBase {
	kind: 'task';
	figure: FigureSpec<S>;
	/** Whether the figure's current state meets the task. */
	met(state: StateOf<S>): boolean;
	/** How far along the reader is, in a few words ("a · b = 3.2, still positive"). */
	status(state: StateOf<S>): string;
}

export type Variant = NumberVariant | ChoiceVariant | TaskVariant;

/** A task variant, typed by its figure: `met` and `status` see that figure's state. */
export function task<S extends Schema>(v: Omit<TaskVariant<S>, 'kind'>): TaskVariant<S> {
	return { kind: 'task', ...v };
}

export interface Exercise<V extends Variant = Variant> {
	/** Lower-case letters, digits and hyphens: it names the exercise in the URL and in storage. */
	id: string;
	/** One variant per seed; seed 1 is the one the page shows first (and without JavaScript). */
	make(seed: number): V;
}

/** A recipe whose numbers come from a seeded generator, so a seed always makes the same one. */
export function exercise<V extends Variant>(
	id: string,
	make: (rng: Rng, seed: number) => V
): Exercise<V> {
	if (!/^[a-z][a-z0-9-]*$/.test(id)) {
		throw new Error(`Exercise id "${id}" must be lower-case letters, digits and hyphens`);
	}
	return { id, make: (seed) => make(new Rng(seed), seed) };
}

export type Verdict = 'right' | 'wrong' | 'unreadable';

export interface Judgement {
	verdict: Verdict;
	message: string;
}

/** A typed answer against a number variant: parsed safely, compared within the tolerance. */
export function judgeNumber(v: NumberVariant, typed: string): Judgement {
	const parsed = parseAnswer(typed);
	if (!parsed.ok) return { verdict: 'unreadable', message: parsed.message };
	return Math.abs(parsed.value - v.answer) <= v.tolerance
		? { verdict: 'right', message: v.why }
		: { verdict: 'wrong', message: v.hint };
}

/** A picked option against a choice variant. */
export function judgeChoice(v: ChoiceVariant, picked: number | null): Judgement {
	if (picked === null) return { verdict: 'unreadable', message: 'Pick one of the options first.' };
	return picked === v.correct
		? { verdict: 'right', message: v.why }
		: { verdict: 'wrong', message: v.hint };
}

/** Rounds for display in questions: at most `digits` decimals, trailing zeros dropped. */
export function tidy(x: number, digits = 2): string {
	const s = Number(x.toFixed(digits)).toString();
	return s.replace('-', '−');
}
