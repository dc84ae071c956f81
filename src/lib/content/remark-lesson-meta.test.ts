import { describe, expect, it } from 'vitest';
import remarkLessonMeta, {
	countWords,
	measureLesson,
	readingMinutes,
	slugify,
	WORDS_PER_MINUTE
} from './remark-lesson-meta.js';

const text = (value: string) => ({ type: 'text', value });

describe('lesson measurements', () => {
	it('counts words, keeping contractions and hyphenated words whole', () => {
		expect(countWords("Don't panic: it's a well-known trick, 3 times.")).toBe(8);
		expect(countWords('   ')).toBe(0);
	});

	it('rounds reading time to whole minutes and never says zero', () => {
		expect(readingMinutes(0)).toBe(1);
		expect(readingMinutes(WORDS_PER_MINUTE * 11)).toBe(11);
		expect(readingMinutes(WORDS_PER_MINUTE * 11.6)).toBe(12);
	});

	it('slugs headings to stable ids', () => {
		expect(slugify('Calculus: which way is downhill')).toBe('calculus-which-way-is-downhill');
		expect(slugify('The punchline: p − y')).toBe('the-punchline-p-y');
	});

	it('builds a table of contents from level-2 headings and ids for levels 2 and 3', () => {
		const tree = {
			type: 'root',
			children: [
				{ type: 'heading', depth: 2, children: [text('The dot product')] },
				{ type: 'paragraph', children: [text('Two vectors, one number.')] },
				{ type: 'heading', depth: 3, children: [text('A detail')] },
				{ type: 'html', value: '<Figure />' }
			]
		};
		const { words, toc } = measureLesson(tree);
		expect(toc).toEqual([{ id: 'the-dot-product', title: 'The dot product' }]);
		expect(words).toBe(3 + 4 + 2);
		const h3 = tree.children[2] as { data?: { hProperties?: { id?: string } } };
		expect(h3.data?.hProperties?.id).toBe('a-detail');
	});

	it('counts inline maths as one word and ignores raw HTML', () => {
		const tree = {
			type: 'root',
			children: [
				{
					type: 'paragraph',
					children: [text('So '), { type: 'inlineMath', value: 'y = W x' }, text(' holds.')]
				},
				{ type: 'html', value: '<LayerDiagram />' }
			]
		};
		expect(measureLesson(tree).words).toBe(3);
	});

	it('adds words, reading time and contents to the frontmatter metadata', () => {
		const file = { data: { fm: { title: 'T' } } as Record<string, unknown> };
		const tree = { type: 'root', children: [{ type: 'heading', depth: 2, children: [text('A')] }] };
		remarkLessonMeta()(tree, file);
		expect(file.data.fm).toEqual({
			title: 'T',
			words: 1,
			readingMinutes: 1,
			toc: [{ id: 'a', title: 'A' }]
		});
	});
});
