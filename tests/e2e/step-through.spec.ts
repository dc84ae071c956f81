import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, hydrated, reach, trainingStep, watchPage } from './helpers';

const LESSON_2 = '/lessons/a-working-transformer';

/** The lesson open at FIG.05 with the model built and its first prediction drawn. */
async function atStepThrough(page: Page, query = '') {
	await page.goto(LESSON_2 + query);
	await hydrated(page);
	const figure = await reach(page, 'inside');
	await expect(figure.getByRole('grid').first()).toBeVisible({ timeout: 20_000 });
	return figure;
}

test.describe('FIG.05: one prediction through the model', () => {
	test('by mouse: the stages walk forward and back, a cell shows its exact value, and the way back sizes every gradient', async ({
		page,
		baseURL
	}) => {
		const watch = watchPage(page, new URL(baseURL!).origin);
		const figure = await atStepThrough(page);
		await expect(page.locator('#inside-stage')).toHaveText('Token and position embeddings');
		await expect(figure.getByRole('grid')).toHaveCount(3);
		await expect(figure.getByText(/has not trained yet/)).toBeVisible();

		const cell = figure.locator('[data-cell="2-3"]').last();
		await cell.hover();
		const value = await cell.getAttribute('data-value');
		expect(value).toMatch(/^−?\d\.\d{4}/);
		await expect(page.locator('#inside-cell')).toHaveText(`m at position 2, number 4: ${value}`);

		await figure.getByRole('button', { name: 'Next' }).click();
		await expect(page.locator('#inside-stage')).toHaveText('Layer 1: RMSNorm before attention');
		await figure.getByRole('button', { name: 'Next' }).click();
		await expect(page.locator('#inside-stage')).toHaveText('Layer 1: Queries, keys and values');
		await expect(figure.getByRole('link', { name: 'matrix multiplications' })).toHaveAttribute(
			'href',
			/the-math-you-actually-need#matmul$/
		);
		await figure.getByRole('button', { name: 'Previous' }).click();
		await expect(page.locator('#inside-stage')).toHaveText('Layer 1: RMSNorm before attention');

		await figure
			.getByRole('combobox', { name: 'Stage' })
			.selectOption({ label: 'Layer 1: MLP: 4× wider, ReLU' });
		await expect(figure.getByText('Units that fire for the last letter')).toBeVisible();
		await expect(page).toHaveURL(/inside\.stage=8/);

		await figure
			.getByRole('combobox', { name: 'Stage' })
			.selectOption({ label: 'The way back: the gradient' });
		await expect(figure.getByRole('table', { name: /at each weight matrix/ })).toBeVisible();
		await expect(
			figure.getByRole('table', { name: /at each weight matrix/ }).getByRole('row')
		).toHaveCount(10);
		const loss = figure.getByRole('status', { name: 'Loss −ln P(a)' });
		const untrained = await loss.innerText();

		// One training step moves the model on: the step-through follows it.
		const train = await reach(page, 'train');
		await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, {
			timeout: 15_000
		});
		await train.getByRole('button', { name: 'Step', exact: true }).click();
		await expect.poll(() => trainingStep(page)).toBe(1);
		await reach(page, 'inside');
		await expect(figure.getByText('The model after 1 training step.')).toBeVisible();
		await expect(loss).not.toHaveText(untrained);
		expect(watch.problems).toEqual([]);
	});

	test('by keyboard: the prefix, Next, one Tab into a strip, and arrow keys announce each cell', async ({
		page
	}) => {
		const figure = await atStepThrough(page);
		const prefix = figure.getByLabel('Prefix the model reads');
		await prefix.fill('ol');
		await expect(figure.locator('.reading')).toHaveText('◆ o l → ?');
		await expect(figure.getByRole('grid').first().locator('tbody tr')).toHaveCount(3);

		await figure.getByRole('button', { name: 'Next' }).focus();
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		await expect(page.locator('#inside-stage')).toHaveText('Layer 1: Scores q·k/√d, masked');

		// The whole strip is one Tab stop: Tab lands on its active cell.
		const first = figure.getByRole('grid').first();
		await first.locator('[tabindex="0"]').focus();
		const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
		expect(await focused()).toBe(
			'start at position 0, number 1: ' +
				(await first.locator('[data-cell="0-0"]').getAttribute('data-value'))
		);
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowRight');
		const label = await focused();
		expect(label).toMatch(/^o at position 1, number 2: −?\d/);
		await expect(page.locator('#inside-cell')).toHaveText(label!);
		await page.keyboard.press('ArrowRight');
		expect(await focused()).toBe('o at position 1, number 3: masked (−∞)');
		await expect(first.locator('[tabindex="0"]')).toHaveCount(1);
		await page.keyboard.press('Tab');
		const next = await page.evaluate(() => document.activeElement?.closest('[role="grid"]'));
		expect(next).not.toBeNull();
		expect(await focused()).toMatch(/^start at position 0, number 1: /);

		// Gradients instead of values, and the URL keeps the prefix, the stage and the toggle.
		await figure.getByRole('button', { name: 'Gradients' }).click();
		await expect(figure.getByText(/^scores, head 1: gradient/)).toBeVisible();
		await expect(page).toHaveURL(/inside\.prefix=ol/);
		await expect(page).toHaveURL(/inside\.show=gradients/);
	});

	test('a bad prefix gets a clear message and no strips; a good one brings them back', async ({
		page
	}) => {
		const figure = await atStepThrough(page);
		const prefix = figure.getByLabel('Prefix the model reads');
		const problem = page.locator('#inside-problem');
		await prefix.fill('Emm');
		await expect(problem).toHaveText(/no token for “E”.*lower-case/);
		await expect(figure.getByRole('grid')).toHaveCount(0);
		await prefix.fill('em\u202Ema');
		await expect(problem).toHaveText(/U\+202E/);
		expect(await problem.innerText()).not.toContain('\u202E');
		await prefix.fill('a'.repeat(16));
		await expect(problem).toHaveText(/16 characters.*at most 15/);
		await prefix.fill('<img src=x>');
		await expect(problem).toHaveText(/“<”/);
		await expect(figure.locator('img')).toHaveCount(0);
		await prefix.fill('');
		await expect(problem).toHaveText('');
		await expect(figure.getByRole('grid')).toHaveCount(3);
		await expect(figure.locator('.reading')).toHaveText('◆ → ?');
	});

	test('has zero axe violations on the way back, in light and dark themes', async ({ page }) => {
		const figure = await atStepThrough(page, '?inside.stage=13');
		await expect(figure.getByRole('table', { name: /at each stage/ })).toBeVisible();
		await expectNoAxeViolations(page);
		await page.emulateMedia({ colorScheme: 'dark' });
		await figure
			.getByRole('combobox', { name: 'Stage' })
			.selectOption({ label: 'Layer 1: Scores q·k/√d, masked' });
		await expect(figure.getByRole('grid')).toHaveCount(4);
		await expectNoAxeViolations(page);
	});

	test('by touch on a phone: Next and a tapped cell @phone', async ({ page }) => {
		const figure = await atStepThrough(page);
		await figure.getByRole('button', { name: 'Next' }).tap();
		await expect(page.locator('#inside-stage')).toHaveText('Layer 1: RMSNorm before attention');
		const cell = figure.locator('[data-cell="1-0"]');
		await cell.tap();
		await expect(page.locator('#inside-cell')).toHaveText(
			`e at position 1, number 1: ${await cell.getAttribute('data-value')}`
		);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});
});

test.describe('FIG.02: held-out loss and the Step button', () => {
	async function trainReady(page: Page, query = '') {
		await page.goto(LESSON_2 + query);
		await hydrated(page);
		await reach(page, 'train');
		await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, {
			timeout: 15_000
		});
	}

	test('Step moves the step counter by one; read-outs show — until the first step', async ({
		page
	}) => {
		await trainReady(page, '?train.steps=50000');
		await expect(page.locator('#train-loss')).toHaveText(/—/);
		await expect(page.locator('#train-held-out')).toHaveText(/—/);
		const step = page.getByRole('button', { name: 'Step', exact: true });
		await step.click();
		await expect.poll(() => trainingStep(page)).toBe(1);
		await expect(page.locator('#train-held-out')).toHaveAttribute('data-value', /^3\.\d+$/);
		await step.click();
		await expect.poll(() => trainingStep(page)).toBe(2);
		await expect(page.locator('#train-loss')).toHaveAttribute('data-value', /^\d\.\d+$/);
		await page.getByRole('button', { name: 'Resume' }).click();
		await expect(step).toBeDisabled();
		await page.getByRole('button', { name: 'Pause' }).click();
		await expect(step).toBeEnabled();
		await page.getByRole('button', { name: 'Reset training' }).click();
		await expect.poll(() => trainingStep(page)).toBe(0);
		await expect(page.locator('#train-held-out')).toHaveText(/—/);
	});

	test('the held-out line is drawn beside the training loss, with its values in a table', async ({
		page
	}) => {
		await trainReady(page, '?train.steps=200');
		await page.getByRole('button', { name: 'Start' }).click();
		await expect(page.locator('#train-status')).toHaveText(/Finished 200 steps/, {
			timeout: 30_000
		});
		await expect(page.locator('#train .held-out')).toHaveAttribute('d', /^M[\d.,L]+$/);
		await expect(page.locator('#train .held-out-point')).toHaveCount(21);
		await expect(page.locator('#train title')).toHaveText(/held-out names/);
		await page.getByText('The held-out losses as a table').click();
		const rows = page
			.getByRole('table', { name: /Loss on the held-out names/ })
			.locator('tbody tr');
		await expect(rows).toHaveCount(21);
		await expect(rows.last().locator('th')).toHaveText('200');
		const last = await rows.last().locator('td').last().innerText();
		expect(Number(last)).toBeLessThan(3);
		const readout = await page.locator('#train-held-out').getAttribute('data-value');
		expect(Number(readout).toFixed(3)).toBe(last);
	});
});
