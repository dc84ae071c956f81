import { expect, test } from '@playwright/test';
import { hydrated, watchPage } from './helpers';
import { SUBPATH_ORIGIN as ORIGIN } from './ports';

const BASE = `${ORIGIN}/trenchcoat`;

test('the site works when served from a sub-path', async ({ page }) => {
	const watch = watchPage(page, ORIGIN);
	await page.goto(`${BASE}/`);
	await hydrated(page);
	const link = page.getByRole('link', { name: 'The math you actually need' });
	await expect(link).toHaveAttribute('href', '/trenchcoat/lessons/the-math-you-actually-need');
	await link.click();
	await expect(page).toHaveURL(`${BASE}/lessons/the-math-you-actually-need`);
	await expect(page.locator('h1')).toHaveText('The math you actually need');
	const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
	expect(new URL(canonical!).pathname).toBe('/trenchcoat/lessons/the-math-you-actually-need');
	const image = await page.locator('meta[property="og:image"]').getAttribute('content');
	expect(new URL(image!).pathname).toBe('/trenchcoat/og/the-math-you-actually-need.png');
	expect((await page.request.get(`${ORIGIN}${new URL(image!).pathname}`)).status()).toBe(200);
	await page.getByRole('link', { name: 'Trenchcoat', exact: true }).click();
	await expect(page).toHaveURL(`${BASE}/`);
	expect(watch.problems).toEqual([]);
});
