// The lesson path, in order. Pages, the home page and the lesson chrome all read from here,
// so a lesson's title and promise are written once.

export const COURSE_NAME = 'Trenchcoat';
export const COURSE_TAGLINE = 'The maths inside large language models, by touching it';
/** The home page's heading. */
export const COURSE_HEADLINE = 'Three pieces of maths in a long coat';
/** The home page's description, for search results and shared links. */
export const HOME_DESCRIPTION =
	'Interactive lessons on the maths inside large language models: drag the vectors, roll the ball downhill, train a small GPT in your own browser.';

export type LessonInfo = {
	/** URL segment under /lessons/. */
	slug: string;
	/** Position on the path, from 1. */
	number: number;
	title: string;
	/** One line: what the reader will be able to do afterwards. */
	promise: string;
	/** False until the lesson's page exists; the home page lists it without a link. */
	published: boolean;
};

export const LESSONS: readonly LessonInfo[] = [
	{
		slug: 'the-math-you-actually-need',
		number: 1,
		title: 'The math you actually need',
		promise:
			'Linear algebra, calculus and probability: the three pieces of maths inside every LLM, and how they fit together.',
		published: true
	},
	{
		slug: 'a-working-transformer',
		number: 2,
		title: 'A working transformer',
		promise:
			'The same maths wired into a small GPT that trains in your browser tab and invents new names.',
		published: true
	}
];

export function lessonBySlug(slug: string): LessonInfo {
	const lesson = LESSONS.find((l) => l.slug === slug);
	if (!lesson) throw new Error(`No lesson with slug "${slug}"`);
	return lesson;
}

/** The label above a lesson title, e.g. "Trenchcoat · Lesson 1 of 2". */
export function lessonLabel(lesson: LessonInfo): string {
	return `${COURSE_NAME} · Lesson ${lesson.number} of ${LESSONS.length}`;
}

/** The lesson after this one on the path, if any. */
export function nextLesson(lesson: LessonInfo): LessonInfo | undefined {
	return LESSONS.find((l) => l.number === lesson.number + 1);
}
