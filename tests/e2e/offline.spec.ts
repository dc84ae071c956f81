// After one visit the site works with the network off: the service worker has cached this
// build's pages, code, fonts, names data and workers.
import { expect, test } from '@playwright/test';
import { hydrated, LESSON_1, reach } from './helpers';

test('after one visit, both lessons load and work offline', async ({ page, context }) => {
	test.setTimeout(90_000);
	await page.goto('/');
	await hydrated(page);
	// Installed and active means the whole build is in the cache.
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	// One cache, named for this build: a new build's worker deletes the others when it activates.
	expect(await page.evaluate(() => caches.keys())).toEqual([expect.stringMatching(/^trenchcoat-/)]);
	await context.setOffline(true);

	await page.goto(LESSON_1);
	await hydrated(page);
	const dot = await reach(page, 'dot');
	const tip = dot.getByRole('slider', { name: 'Tip of vector b' });
	await tip.focus();
	await page.keyboard.press('ArrowUp');
	await expect(tip).toHaveAttribute('aria-valuetext', '(1.0, 2.1)');

	// A shared link with figure state in its query is served from the cached page.
	await page.goto('/lessons/a-working-transformer?samples.tau=1.5');
	await hydrated(page);
	await reach(page, 'train');
	await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, { timeout: 30_000 });
	await page.getByRole('button', { name: 'Start' }).click();
	await expect
		.poll(async () =>
			Number(
				await page
					.locator('#train-step')
					.innerText()
					.then((t) => t.split('/')[0]!.replace(/[^\d]/g, ''))
			)
		)
		.toBeGreaterThan(0);
});
