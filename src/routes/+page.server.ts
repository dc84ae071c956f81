import { LESSONS } from '$content/lessons';
import { LESSON_EXERCISES, LESSON_MODULES } from '$content/lessons/modules';
import type { PageServerLoad } from './$types';

// Runs at build time only: the home page learns each lesson's reading time without
// shipping the lessons' code.
export const load: PageServerLoad = async () => {
	const lessons = await Promise.all(
		LESSONS.map(async (lesson) => {
			const loadModule = LESSON_MODULES[lesson.slug];
			const readingMinutes = loadModule ? (await loadModule()).metadata.readingMinutes : null;
			const bySection = (await LESSON_EXERCISES[lesson.slug]?.()) ?? {};
			return { ...lesson, readingMinutes, exerciseIds: Object.values(bySection).flat() };
		})
	);
	return { lessons };
};
