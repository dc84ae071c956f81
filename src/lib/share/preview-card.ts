/**
 * The picture a shared link shows (Open Graph / Twitter card), as SVG: the branch colours along
 * the top, the lesson's label, title and promise, and FIG.00's gradient tree on the right, drawn
 * from the same layout as the hero. Pure: the build turns it into a PNG (routes/og/).
 *
 *   previewCardSvg({ label: 'Trenchcoat · Lesson 1 of 2', title: 'The math you actually need',
 *                    text: 'Linear algebra, calculus and probability…' })
 */
import { computeTree, treeLayout, TREE_SIZE } from '$lib/figures/gradient-tree/gradient-tree';

/** The size social sites ask for: 1.91 : 1. */
export const CARD = { width: 1200, height: 630 } as const;

/** The light theme's colours (app.css); a card has no dark mode. */
const COLOURS = {
	bg: '#faf8f3',
	fg: '#1b1f27',
	muted: '#555b66',
	linalg: '#1d5fb8',
	calculus: '#b23c12',
	prob: '#7b35b5'
};

/** The family the build registers (KaTeX's sans-serif, shipped with the katex package). */
export const CARD_FONT = 'KaTeX_SansSerif';

export interface CardText {
	/** Small line above the title (capitalised on the card). */
	label: string;
	title: string;
	/** A sentence or two under the title. */
	text: string;
}

const LEFT = 72;
/** The text column ends where the tree begins. */
const TEXT_WIDTH = 640;
const TITLE_SIZE = 64;
const TEXT_SIZE = 30;
/** Average advance of this font's glyphs, in ems: enough to wrap by character count. */
const AVERAGE_EM = 0.52;

export function escapeXml(s: string): string {
	return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Greedy word wrap to lines of at most `maxChars` characters (a word longer than that gets a
 * line of its own). Throws when it takes more than `maxLines`: a card is made while the site
 * builds, so text that does not fit stops the build instead of shipping cut off.
 */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= maxChars || !line) line = next;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	if (lines.length > maxLines) {
		throw new Error(
			`Preview card: "${text}" needs ${lines.length} lines, more than ${maxLines}; shorten it`
		);
	}
	return lines;
}

/**
 * The card's font (KaTeX's sans-serif) has no middle dot, bullet, bar or ellipsis: write them
 * with glyphs it has, so the card never shows a missing-glyph box.
 */
export function cardGlyphs(text: string): string {
	return text.replace(/\s*[·•|]\s*/g, ' — ').replace(/…/g, '...');
}

function charsPerLine(fontSize: number): number {
	return Math.floor(TEXT_WIDTH / (fontSize * AVERAGE_EM));
}

/**
 * FIG.00's tree at its steady branch scale, fitted into a box at (x, y) and standing on the
 * box's bottom edge. Strokes are drawn thicker than on the page: the card is seen small.
 */
function tree(x: number, y: number, width: number, height: number): string {
	const { branches } = treeLayout(computeTree(1).grads);
	const scale = Math.min(width / TREE_SIZE.width, height / TREE_SIZE.height);
	const dx = x + (width - TREE_SIZE.width * scale) / 2;
	const dy = y + height - TREE_SIZE.height * scale;
	const lines = branches.map(
		(b) =>
			`<line x1="${b.x1.toFixed(1)}" y1="${b.y1.toFixed(1)}" x2="${b.x2.toFixed(1)}" ` +
			`y2="${b.y2.toFixed(1)}" stroke-width="${(2 * b.width).toFixed(2)}" stroke-opacity="${b.opacity.toFixed(2)}"/>`
	);
	return (
		`<g transform="translate(${dx.toFixed(1)} ${dy.toFixed(1)}) scale(${scale.toFixed(4)})" ` +
		`stroke="${COLOURS.calculus}" stroke-linecap="round">${lines.join('')}</g>`
	);
}

function textLines(lines: string[], x: number, y: number, size: number, attrs: string): string {
	const tspans = lines.map(
		(l, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : Math.round(size * 1.2)}">${escapeXml(l)}</tspan>`
	);
	return `<text x="${x}" y="${y}" font-size="${size}" ${attrs}>${tspans.join('')}</text>`;
}

export function previewCardSvg({ label, title, text }: CardText): string {
	const { width, height } = CARD;
	const third = width / 3;
	const titleLines = wrapText(cardGlyphs(title), charsPerLine(TITLE_SIZE), 3);
	const titleTop = 190;
	const textTop = titleTop + titleLines.length * Math.round(TITLE_SIZE * 1.2) + 28;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${CARD_FONT}">`,
		`<rect width="${width}" height="${height}" fill="${COLOURS.bg}"/>`,
		`<rect width="${third}" height="14" fill="${COLOURS.linalg}"/>`,
		`<rect x="${third}" width="${third}" height="14" fill="${COLOURS.calculus}"/>`,
		`<rect x="${2 * third}" width="${third}" height="14" fill="${COLOURS.prob}"/>`,
		textLines(
			[cardGlyphs(label).toUpperCase()],
			LEFT,
			110,
			26,
			`fill="${COLOURS.muted}" letter-spacing="2"`
		),
		textLines(titleLines, LEFT, titleTop, TITLE_SIZE, `font-weight="bold" fill="${COLOURS.fg}"`),
		textLines(
			wrapText(text, charsPerLine(TEXT_SIZE), 4),
			LEFT,
			textTop,
			TEXT_SIZE,
			`fill="${COLOURS.muted}"`
		),
		tree(LEFT + TEXT_WIDTH + 20, 60, width - LEFT - TEXT_WIDTH - 60, height - 110),
		'</svg>'
	].join('');
}
