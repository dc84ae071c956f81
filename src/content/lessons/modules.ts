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

export const LESSON_DESCRIPTIONS: Record<string, string> = {
	'the-math-you-actually-need':
		'Linear algebra moves the numbers, calculus finds downhill, probability scores the result: the maths inside an LLM, explained with figures you can touch.',
	'a-working-transformer':
		'A small GPT trains live in your browser tab on 8,403 first names: watch the loss fall, sample new names, and see where attention looks.'
};
