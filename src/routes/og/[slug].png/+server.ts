// The preview picture of each page, drawn while the site builds (prerendered to
// /og/<slug>.png): the SVG from preview-card.ts, rasterised by resvg with KaTeX's own font
// files, so no third-party service and no system font is involved.
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { error } from '@sveltejs/kit';
import { cardFor, CARD_SLUGS } from '$lib/share/cards';
import { CARD_FONT, previewCardSvg } from '$lib/share/preview-card';
import type { EntryGenerator, RequestHandler } from './$types';

export const prerender = true;

export const entries: EntryGenerator = () => CARD_SLUGS.map((slug) => ({ slug }));

const FONTS = ['KaTeX_SansSerif-Regular.ttf', 'KaTeX_SansSerif-Bold.ttf'].map((file) =>
	// The build runs from the project root; katex's package exports do not expose its fonts.
	join(process.cwd(), 'node_modules', 'katex', 'dist', 'fonts', file)
);

export const GET: RequestHandler = ({ params }) => {
	const card = cardFor(params.slug);
	if (!card) error(404, 'No such page');
	const png = new Resvg(previewCardSvg(card), {
		font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: CARD_FONT }
	})
		.render()
		.asPng();
	return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
};
