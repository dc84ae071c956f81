// Turns remark-math's `inlineMath` and `math` nodes into typeset HTML at build time.
import { escapeForSvelte, renderTex } from '../ui/tex.js';

/**
 * @typedef {{ type: string, value?: string, children?: MdNode[] }} MdNode
 */

/** @param {MdNode} node */
function typeset(node) {
	if (node.type === 'inlineMath' || node.type === 'math') {
		const display = node.type === 'math';
		const html = escapeForSvelte(renderTex(node.value ?? '', display));
		node.type = 'html';
		node.value = display ? `<div class="math-display">${html}</div>` : html;
		delete node.children;
		return;
	}
	for (const child of node.children ?? []) typeset(child);
}

export default function remarkKatex() {
	/** @param {MdNode} tree */
	return (tree) => typeset(tree);
}
