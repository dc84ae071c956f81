import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, hydrated, reach, trainingStep, watchPage } from './helpers';
import { SUBPATH_ORIGIN } from './ports';

const LESSON_2 = '/lessons/a-working-transformer';

/**
 * Training needs the names and the worker: wait until Start can be pressed. The reader has
 * scrolled past every figure first (each starts when the reader reaches it), then back to FIG.02.
 */
async function ready(page: Page, query = '') {
	await page.goto(LESSON_2 + query);
	await hydrated(page);
	for (const id of ['samples', 'attention', 'own-text', 'train']) await reach(page, id);
	await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, { timeout: 15_000 });
}

test.describe('lesson 2: a working transformer', () => {
	test('training lowers the smoothed loss below 2.7 and reports its speed, with no console errors', async ({
		page,
		baseURL
	}) => {
		const watch = watchPage(page, new URL(baseURL!).origin);
		await ready(page);
		await expect(page.locator('#train-params')).toHaveText(/4,192/);
		await page.getByRole('button', { name: 'Start' }).click();
		await expect
			.poll(async () => Number(await page.locator('#train-loss').getAttribute('data-value')), {
				timeout: 60_000
			})
			.toBeLessThan(2.7);
		await expect(page.locator('#train-status')).toHaveText(/Finished 1,000 steps/, {
			timeout: 60_000
		});
		// How fast is the benchmark's business (bench/trainer.ts); here only that a speed is shown.
		await expect(page.locator('#train-speed')).toHaveAttribute('data-value', /^[1-9]\d*$/);
		await expect(page.locator('#train .smoothed')).toHaveAttribute('d', /^M/);
		expect(watch.problems).toEqual([]);
	});

	test('pause holds the step count, and the page answers clicks while training runs', async ({
		page
	}) => {
		await ready(page, '?train.steps=50000');
		await page.getByRole('button', { name: 'Start' }).click();
		await expect.poll(() => trainingStep(page)).toBeGreaterThan(200);

		// While the worker trains, the page itself keeps answering: a key on the temperature
		// slider moves it and a click on Generate brings names. (How long frames take while
		// training is the audit's business: npm run audit measures it at 4× CPU slowdown.)
		const slider = page.getByRole('slider', { name: /Temperature/ });
		const tau = await slider.getAttribute('aria-valuetext');
		await slider.focus();
		await page.keyboard.press('ArrowRight');
		await expect(slider).not.toHaveAttribute('aria-valuetext', tau!);
		await page.getByRole('button', { name: 'Generate names' }).click();
		await expect(
			page.getByRole('list', { name: 'Generated names' }).getByRole('listitem')
		).toHaveCount(12);
		expect(await trainingStep(page)).toBeGreaterThan(200);

		await page.getByRole('button', { name: 'Pause' }).click();
		await expect(page.locator('#train-status')).toHaveText('Paused.');
		const paused = await trainingStep(page);
		await page.waitForTimeout(500);
		expect(await trainingStep(page)).toBe(paused);

		await page.getByRole('button', { name: 'Resume' }).click();
		await expect.poll(() => trainingStep(page)).toBeGreaterThan(paused);
		await page.getByRole('button', { name: 'Pause' }).click();
		await page.getByRole('button', { name: 'Reset training' }).click();
		// After five seconds of training Reset asks first (transformer-model.spec.ts tests that).
		const question = page.getByRole('dialog', { name: 'Throw away the trained model?' });
		await expect(async () => {
			if (await question.isVisible()) {
				await question.getByRole('button', { name: 'Reset training' }).click();
			}
			expect(await trainingStep(page)).toBe(0);
		}).toPass();
	});

	test('the same seed and settings give the same loss curve', async ({ page }) => {
		await ready(page, '?train.steps=300');
		await page.getByRole('button', { name: 'Start' }).click();
		await expect(page.locator('#train-status')).toHaveText(/Finished 300 steps/, {
			timeout: 30_000
		});
		const first = await page.locator('#train-loss').getAttribute('data-value');
		await page.getByRole('button', { name: 'Reset training' }).click();
		await expect.poll(() => trainingStep(page)).toBe(0);
		await page.getByRole('button', { name: 'Start' }).click();
		await expect(page.locator('#train-status')).toHaveText(/Finished 300 steps/, {
			timeout: 30_000
		});
		await expect(page.locator('#train-loss')).toHaveAttribute('data-value', first!);
	});

	test('samples appear, some marked new', async ({ page }) => {
		await ready(page, '?train.steps=500');
		await page.getByRole('button', { name: 'Start' }).click();
		await expect(page.locator('#train-status')).toHaveText(/Finished/, { timeout: 30_000 });
		await page.getByRole('button', { name: 'Generate names' }).click();
		const names = page.getByRole('list', { name: 'Generated names' }).getByRole('listitem');
		await expect(names).toHaveCount(12);
		await expect(page.locator('#samples-summary')).toHaveText(
			/12 names at temperature 0.8: \d+ new/
		);
	});

	test('typing a name draws a heat map per head whose rows each sum to 1', async ({ page }) => {
		await ready(page);
		const input = page.getByLabel('A name to read');
		await input.fill('olivia');
		const maps = page.locator('#attention table.map');
		await expect(maps).toHaveCount(4);
		await expect(maps.first().locator('tbody tr')).toHaveCount(7);
		const sums = await maps.evaluateAll((tables) =>
			tables.map((table) =>
				[...table.querySelectorAll('tbody tr')].map((row) =>
					[...row.querySelectorAll('[data-weight]')].reduce(
						(sum, cell) => sum + Number(cell.getAttribute('data-weight')),
						0
					)
				)
			)
		);
		for (const rows of sums) {
			expect(rows.length).toBe(7);
			for (const sum of rows) expect(sum).toBeCloseTo(1, 5);
		}
		// Under the maps, each head's share on itself, the previous position and the start.
		await expect(page.locator('#attention-focus-0-0')).toHaveText(
			/^\d+% on the previous position, \d+% on itself, \d+% on the start marker$/
		);
		await expect(page.locator('[id^="attention-focus-"]')).toHaveCount(4);
		// Focusing a cell shows its score and weight.
		await maps.first().locator('[data-weight]').nth(2).focus();
		await expect(page.locator('#attention-detail')).toHaveText(
			/Score q·k\/√d = .*softmax weight = /
		);

		await input.fill('Olivia!');
		await expect(page.locator('#attention-problem')).toHaveText(/no token for “O”, “!”/);
		await expect(maps).toHaveCount(0);
	});

	test('bad text is refused with a message and the old model still samples; good text retrains', async ({
		page
	}) => {
		test.setTimeout(90_000);
		await ready(page);
		const text = page.getByLabel('Your text, one item per line');
		const train = page.getByRole('button', { name: 'Train on this' });
		const message = page.locator('#own-text-message');

		await text.fill('');
		await train.click();
		await expect(message).toHaveText(/nothing to train on.*current model is unchanged/);

		await text.evaluate((el: HTMLTextAreaElement) => {
			// 1,100 lines of 1,000 letters: 1.1 MB, few enough lines to keep the textarea quick
			el.value = ('a'.repeat(1000) + '\n').repeat(1100);
			el.dispatchEvent(new Event('input', { bubbles: true }));
		});
		await train.click();
		await expect(message).toHaveText(/limit is 1 MB.*current model is unchanged/);
		await expect(page.locator('#own-text-source')).toHaveText(/The names \(8,403 items\)/);

		await page.getByRole('button', { name: 'Generate names' }).click();
		await expect(
			page.getByRole('list', { name: 'Generated names' }).getByRole('listitem')
		).toHaveCount(12);

		await text.fill(
			'paris\nlondon\nrome\nberlin\nmadrid\nvienna\nprague\nlisbon\noslo\ndublin\nreykjavikurborgin'
		);
		await train.click();
		await expect(message).toHaveText(/11 items, .* distinct characters/);
		await expect(page.getByText(/Cut 1 line to 15 characters/)).toBeVisible();
		await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/);
		await page.getByRole('button', { name: 'Start' }).click();
		await expect(page.locator('#train-status')).toHaveText(/Finished/, { timeout: 30_000 });
	});

	test('a text file the reader picks is read in the worker and trained on', async ({ page }) => {
		await ready(page);
		const cities =
			'paris\nlondon\nrome\nberlin\nmadrid\nvienna\nprague\nlisbon\noslo\ndublin\nreykjavikurborgin\n';
		await page.getByLabel('Or train on a text file, one item per line').setInputFiles({
			name: 'cities.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from(cities)
		});
		await expect(page.locator('#own-text-message')).toHaveText(
			/^Read “cities\.txt”\. Training set replaced: 11 items, .* distinct characters/
		);
		await expect(page.getByText(/Cut 1 line to 15 characters/)).toBeVisible();
		await expect(page.locator('#own-text-source')).toHaveText(/Your text \(11 items\)/);
		await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/);
		// The heat map's character check follows the new text: the names' letters are not all in it.
		await page.getByLabel('A name to read').fill('zoe');
		await expect(page.locator('#attention-problem')).toHaveText(/no token for “z”/);
	});

	test('a paste that would take the box over 1 MB is refused before it lands there', async ({
		page
	}) => {
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		await ready(page);
		const box = page.getByLabel('Your text, one item per line');
		const paste = async (text: string) => {
			await page.evaluate((t) => navigator.clipboard.writeText(t), text);
			await box.focus();
			await page.keyboard.press('ControlOrMeta+V');
		};
		await box.fill('paris\n');
		await paste('ab\n'.repeat(370_000));
		await expect(page.locator('#own-text-message')).toHaveText(
			/^That text is 1\.11 MB; the limit is 1 MB.* Nothing was pasted; the current model is unchanged\.$/
		);
		await expect(box).toHaveValue('paris\n');
		await expect(page.locator('#own-text-source')).toHaveText(/The names \(8,403 items\)/);

		await paste('rome\n');
		await expect(box).toHaveValue('paris\nrome\n');
		await expect(page.locator('#own-text-message')).toHaveText('');
	});

	test('the text box is laid out and painted on its own, so a megabyte left in it cannot stall the page', async ({
		page
	}) => {
		// Without containment, Chromium walks every line of the box (a text node and a line break
		// each) in every frame the page draws anywhere: with a 1 MB list left in it, each training
		// update cost a frame of 100 ms to 900 ms and the page froze (issue 16). How long a frame
		// takes is for the audit to measure; this holds the property that keeps it short.
		await ready(page);
		const contain = await page
			.getByLabel('Your text, one item per line')
			.evaluate((box) => getComputedStyle(box).contain);
		expect(contain.split(' ')).toEqual(expect.arrayContaining(['layout', 'paint']));
	});

	test('the larger preset shows its parameter count and trains', async ({ page }) => {
		await ready(page, '?train.preset=larger&train.steps=300');
		await expect(page.locator('#train-params')).toHaveText(/102,784/);
		await page.getByRole('button', { name: 'Start' }).click();
		await expect(page.locator('#train-status')).toHaveText(/Finished 300 steps/, {
			timeout: 60_000
		});
	});

	test('the worker trains on the WebAssembly SIMD kernels, or on TypeScript when the address asks', async ({
		page
	}) => {
		await ready(page);
		await expect(page.locator('#train-kernels')).toHaveText('WebAssembly SIMD');
		await ready(page, '?kernels=typescript');
		await expect(page.locator('#train-kernels')).toHaveText('TypeScript');
	});

	// Issue 15 asks the browser tests to print how fast each preset trains in Chromium, on each
	// kernel set. Speeds depend on the machine, so they are printed and never asserted.
	test('prints the steps per second of both presets on both kernel sets', async ({ browser }) => {
		test.setTimeout(240_000);
		const steps = { micro: 3000, larger: 600 };
		for (const [preset, count] of Object.entries(steps)) {
			for (const kernels of ['wasm', 'typescript']) {
				// A fresh browser profile each time: a finished model is kept and would be restored.
				const context = await browser.newContext();
				const page = await context.newPage();
				await ready(page, `?train.preset=${preset}&train.steps=${count}&kernels=${kernels}`);
				await page.getByRole('button', { name: 'Start' }).click();
				await expect(page.locator('#train-status')).toHaveText(/Finished/, { timeout: 90_000 });
				const speed = await page.locator('#train-speed').getAttribute('data-value');
				expect(Number(speed)).toBeGreaterThan(0);
				console.log(`Chromium, ${preset} preset, ${kernels} kernels: ${speed} steps/s`);
				await context.close();
			}
		}
	});

	test('every figure works from a shared link without pressing anything in FIG.02', async ({
		page
	}) => {
		await ready(page, '?train.preset=larger&train.seed=7&samples.tau=1.5&attention.name=ava');
		await expect(page.locator('#train-params')).toHaveText(/102,784/);
		await expect(page.locator('#attention table.map')).toHaveCount(8);
		await page.getByRole('button', { name: 'Generate names' }).click();
		await expect(page.locator('#samples-summary')).toHaveText(/12 names at temperature 1.5/);
	});

	test('the trainer starts only when the reader reaches a figure that needs it', async ({
		page
	}) => {
		await page.goto(LESSON_2);
		await hydrated(page);
		await reach(page, 'architecture');
		await page.waitForTimeout(500);
		expect(page.workers()).toHaveLength(0);
		await reach(page, 'train');
		await expect.poll(() => page.workers().length).toBe(1);
		await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, {
			timeout: 15_000
		});
	});

	test('served from a sub-path, the worker fetches the names under the site’s base', async ({
		page
	}) => {
		const watch = watchPage(page, SUBPATH_ORIGIN);
		await page.goto(`${SUBPATH_ORIGIN}/trenchcoat${LESSON_2}`);
		await hydrated(page);
		await reach(page, 'own-text');
		await reach(page, 'train');
		await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, {
			timeout: 15_000
		});
		await expect(page.locator('#own-text-source')).toHaveText('The names (8,403 items)');
		expect(watch.problems).toEqual([]);
	});

	test('leaving the lesson by a link stops the training worker', async ({ page }) => {
		await ready(page, '?train.steps=50000');
		await page.getByRole('button', { name: 'Start' }).click();
		await expect.poll(() => trainingStep(page)).toBeGreaterThan(0);
		expect(page.workers().some((w) => /train\.worker/.test(w.url()))).toBe(true);
		await page.getByRole('link', { name: 'All lessons' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect.poll(() => page.workers().length).toBe(0);
	});

	test('architecture blocks link back to lesson 1 figures', async ({ page }) => {
		await page.goto(LESSON_2);
		const links = page.locator('#architecture a');
		expect(await links.count()).toBeGreaterThanOrEqual(8);
		await expect(links.first()).toHaveAttribute(
			'href',
			/\/lessons\/the-math-you-actually-need#matmul$/
		);
	});

	test('has zero axe violations after training and drawing the heat maps', async ({ page }) => {
		await ready(page, '?train.steps=200');
		await page.getByRole('button', { name: 'Start' }).click();
		await expect(page.locator('#train-status')).toHaveText(/Finished/, { timeout: 30_000 });
		await page.getByRole('button', { name: 'Generate names' }).click();
		await expect(page.locator('#attention table.map')).toHaveCount(4);
		await expectNoAxeViolations(page);
	});

	test('trains and draws on a phone @phone', async ({ page }) => {
		await ready(page, '?train.steps=300');
		await page.getByRole('button', { name: 'Start' }).tap();
		await expect(page.locator('#train-status')).toHaveText(/Finished/, { timeout: 30_000 });
		await expect(page.locator('#attention table.map')).toHaveCount(4);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});
});
