/** One entry of a lesson's contents, made at build time by remark-lesson-meta.js. */
export type TocEntry = { id: string; title: string };

/** What a lesson's markdown exports as `metadata` (frontmatter plus measurements). */
export type LessonMetadata = {
	title: string;
	slug: string;
	words: number;
	readingMinutes: number;
	toc: TocEntry[];
};
