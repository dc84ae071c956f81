import { error } from '@sveltejs/kit';
import { LESSONS, lessonBySlug } from '$content/lessons';
import { LESSON_DESCRIPTIONS, LESSON_EXERCISES, LESSON_MODULES } from '$content/lessons/modules';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = () =>
	LESSONS.filter((l) => l.published).map((l) => ({ slug: l.slug }));

export const load: PageLoad = async ({ params }) => {
	const loadModule = LESSON_MODULES[params.slug];
	if (!loadModule) error(404, 'No such lesson');
	const [mod, exercises] = await Promise.all([
		loadModule(),
		LESSON_EXERCISES[params.slug]?.() ?? {}
	]);
	return {
		exercises,
		lesson: lessonBySlug(params.slug),
		Lesson: mod.default,
		metadata: mod.metadata,
		description: LESSON_DESCRIPTIONS[params.slug] ?? ''
	};
};
