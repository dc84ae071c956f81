// What each page's preview card says, from the one list of lessons: the home page's card is
// "home", a lesson's is its slug. Read by the build (routes/og/) and by the pages' meta tags.
import {
	COURSE_HEADLINE,
	COURSE_NAME,
	COURSE_TAGLINE,
	LESSONS,
	lessonLabel
} from '$content/lessons';
import type { CardText } from './preview-card';

export const HOME_CARD = 'home';

const PUBLISHED = LESSONS.filter((l) => l.published);

export const CARD_SLUGS: readonly string[] = [HOME_CARD, ...PUBLISHED.map((l) => l.slug)];

export function cardFor(slug: string): CardText | null {
	if (slug === HOME_CARD)
		return { label: COURSE_NAME, title: COURSE_HEADLINE, text: COURSE_TAGLINE };
	const lesson = PUBLISHED.find((l) => l.slug === slug);
	return lesson ? { label: lessonLabel(lesson), title: lesson.title, text: lesson.promise } : null;
}

/** The card picture's path under the site's base path. */
export function cardPath(slug: string): string {
	return `/og/${slug}.png`;
}
