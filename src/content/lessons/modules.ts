// Each published lesson's compiled markdown, loaded lazily so one lesson's code never ships
// with another's page.
import type { Component } from 'svelte';
import type { LessonMetadata } from '$lib/lesson/types';

export type LessonModule = { default: Component; metadata: LessonMetadata };

export const LESSON_MODULES: Record<string, () => Promise<LessonModule>> = {
	'the-math-you-actually-need': () =>
		import('./the-math-you-actually-need/lesson.svx') as unknown as Promise<LessonModule>,
	'a-working-transformer': () =>
		import('./a-working-transformer/lesson.svx') as unknown as Promise<LessonModule>
};

/** Each lesson's exercise ids, by section id: for its contents and the home page's count. */
export const LESSON_EXERCISES: Record<string, () => Promise<Record<string, string[]>>> = {
	'the-math-you-actually-need': () =>
		import('./the-math-you-actually-need/exercises').then((m) => idsBySection(m.EXERCISES))
};

function idsBySection(
	exercises: Record<string, readonly { id: string }[]>
): Record<string, string[]> {
	return Object.fromEntries(
		Object.entries(exercises).map(([section, list]) => [section, list.map((e) => e.id)])
	);
}

export const LESSON_DESCRIPTIONS: Record<string, string> = {
	'the-math-you-actually-need':
		'Linear algebra moves the numbers, calculus finds downhill, probability scores the result: the maths inside an LLM, explained with figures you can touch.',
	'a-working-transformer':
		'A small GPT trains live in your browser tab on 8,403 first names: watch the loss fall, sample new names, and see where attention looks.'
};
