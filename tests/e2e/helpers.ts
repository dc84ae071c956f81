import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** Every prerendered page a reader can reach. */
export const ROUTES = [
	'/',
	'/lessons/the-math-you-actually-need',
	'/lessons/a-working-transformer'
] as const;
export const LESSON_1 = '/lessons/the-math-you-actually-need';

export type PageWatch = { problems: string[] };

/**
 * Records what a reader must never meet: console errors, uncaught exceptions, and any
 * request that leaves the site's own origin. Call before the first navigation.
 */
export function watchPage(page: Page, origin: string): PageWatch {
	const watch: PageWatch = { problems: [] };
	page.on('console', (msg) => {
		if (msg.type() === 'error' || msg.type() === 'warning')
			watch.problems.push(`console.${msg.type()}: ${msg.text()}`);
	});
	page.on('pageerror', (err) => watch.problems.push(`page error: ${err.message}`));
	page.on('request', (req) => {
		const url = req.url();
		if (url.startsWith('data:') || url.startsWith('blob:')) return;
		if (new URL(url).origin !== origin) watch.problems.push(`foreign request: ${url}`);
	});
	page.on('requestfailed', (req) => {
		const error = req.failure()?.errorText ?? '';
		// A reload or navigation aborts whatever the old page still had in flight (the favicon,
		// say): the browser's doing, not a broken request.
		if (error === 'net::ERR_ABORTED' && req.frame().url() !== req.url()) return;
		watch.problems.push(`failed request: ${req.url()} (${error})`);
	});
	page.on('response', (res) => {
		if (res.status() >= 400) watch.problems.push(`HTTP ${res.status()}: ${res.url()}`);
	});
	return watch;
}

/** axe over the whole page, or only over the elements `include` selects. */
export async function expectNoAxeViolations(page: Page, include: readonly string[] = []) {
	let builder = new AxeBuilder({ page });
	for (const selector of include) builder = builder.include(selector);
	const results = await builder.analyze();
	const summary = results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary).toEqual([]);
}

/**
 * Scrolls to a figure as a reader would and waits until it is live: figures start working only
 * when the reader comes near them (Lazy.svelte), and until then the page shows their
 * prerendered HTML. Returns the figure.
 */
export async function reach(page: Page, id: string): Promise<Locator> {
	const figure = page.locator(`#${id}`);
	await figure.scrollIntoViewIfNeeded();
	await expect(page.locator(`.lazy:has(#${id})`)).toHaveAttribute('data-live', 'true');
	return figure;
}

/** Lesson 2's step count, as FIG.02's Step read-out shows it ("1,234 / 5,000" → 1234). */
export async function trainingStep(page: Page): Promise<number> {
	return Number(
		(await page.locator('#train-step').innerText()).split('/')[0]!.replace(/[^\d]/g, '')
	);
}

/** Waits until Svelte has hydrated the page, so clicks reach real handlers. */
export async function hydrated(page: Page) {
	await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

/**
 * What a canvas shows, summed up: how many pixels are painted, and a checksum of where, so two
 * calls tell a moving picture from a still one. { painted: 0 } is an empty canvas.
 */
export async function canvasInk(canvas: Locator): Promise<{ painted: number; checksum: number }> {
	return canvas.evaluate((node) => {
		const c = node as HTMLCanvasElement;
		// Read a copy, so the page's own canvas is never read back (Chromium warns about that).
		const copy = document.createElement('canvas');
		copy.width = c.width;
		copy.height = c.height;
		const ctx = copy.getContext('2d', { willReadFrequently: true })!;
		ctx.drawImage(c, 0, 0);
		const data = ctx.getImageData(0, 0, c.width, c.height).data;
		let painted = 0;
		let checksum = 0;
		for (let i = 3; i < data.length; i += 4) {
			if (data[i]! > 0) {
				painted++;
				checksum = (checksum * 31 + i) % 1_000_000_007;
			}
		}
		return { painted, checksum };
	});
}
