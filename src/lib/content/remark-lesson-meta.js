// Measures a lesson while it compiles: the reading time (from the words a reader actually
// reads) and the table of contents (from its level-2 headings). Both land in the lesson's
// `metadata` export, next to its frontmatter, so nothing is counted by hand.

/** Silent reading speed for technical prose, words per minute. */
export const WORDS_PER_MINUTE = 200;

/**
 * @typedef {{ type: string, value?: string, depth?: number, children?: MdNode[],
 *   data?: { hProperties?: Record<string, string> } }} MdNode
 * @typedef {{ id: string, title: string }} TocEntry
 */

/** @param {string} text */
export function slugify(text) {
	return text
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9\s-]/g, '')
		.trim()
		.replace(/[\s-]+/g, '-');
}

/** @param {string} text */
export function countWords(text) {
	const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
	return words ? words.length : 0;
}

/** @param {number} words */
export function readingMinutes(words) {
	return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** @param {MdNode} node @returns {string} */
function plainText(node) {
	if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
	// Inline maths counts as one word; raw HTML (figures) is not prose.
	if (node.type === 'inlineMath' || node.type === 'math') return ' x ';
	if (node.type === 'html') return '';
	return (node.children ?? []).map(plainText).join(node.type === 'paragraph' ? '' : ' ');
}

/**
 * @param {MdNode} tree
 * @returns {{ words: number, toc: TocEntry[] }}
 */
export function measureLesson(tree) {
	/** @type {TocEntry[]} */
	const toc = [];
	let words = 0;
	for (const node of tree.children ?? []) {
		if (node.type === 'yaml' || node.type === 'html') continue;
		const text = plainText(node);
		words += countWords(text);
		if (node.type === 'heading' && (node.depth === 2 || node.depth === 3)) {
			const id = slugify(text.replace(/^§?\d+\s*/, ''));
			node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
			if (node.depth === 2) toc.push({ id, title: text.trim() });
		}
	}
	return { words, toc };
}

export default function remarkLessonMeta() {
	/**
	 * @param {MdNode} tree
	 * @param {{ data: Record<string, unknown> }} file
	 */
	return (tree, file) => {
		const { words, toc } = measureLesson(tree);
		const fm = /** @type {Record<string, unknown>} */ (file.data.fm ?? {});
		file.data.fm = { ...fm, words, readingMinutes: readingMinutes(words), toc };
	};
}
