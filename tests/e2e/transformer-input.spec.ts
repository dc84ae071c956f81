// Lesson 2's inputs as a hostile or keyboard-only reader meets them (issue 16): the heat maps are
// one Tab stop each, the seed and steps boxes never show a number the model does not use, and a
// button that disables itself hands the focus to the control that now makes sense.
import { expect, test, type Page } from '@playwright/test';
import { watchPage, type PageWatch } from './helpers';
import { ready } from './lesson2';

const focusedLabel = (page: Page) =>
	page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

test.describe('lesson 2: input that behaves', () => {
	let watch: PageWatch;

	test.beforeEach(async ({ page, baseURL }) => {
		watch = watchPage(page, new URL(baseURL!).origin);
	});

	test.afterEach(() => {
		expect(watch.problems).toEqual([]);
	});

	test('each heat map is one Tab stop; arrow keys, Home and End move inside it and the cell is announced', async ({
		page
	}) => {
		await ready(page);
		const input = page.getByLabel('A name to read');
		await input.fill('emma');
		const maps = page.locator('#attention table.map');
		await expect(maps).toHaveCount(4);
		for (const map of await maps.all()) {
			await expect(map).toHaveAttribute('role', 'grid');
			await expect(map.locator('[tabindex="0"]')).toHaveCount(1);
		}

		await input.focus();
		await page.keyboard.press('Tab');
		await expect(maps.nth(0).locator(':focus')).toHaveCount(1);
		await page.keyboard.press('Tab');
		await expect(maps.nth(1).locator(':focus')).toHaveCount(1);
		await page.keyboard.press('Shift+Tab');
		await expect(maps.nth(0).locator(':focus')).toHaveCount(1);

		// The first cell: the start marker looking at itself. Rows are queries, columns keys.
		expect(await focusedLabel(page)).toMatch(
			/^start looking at start: weight 1\.00, row 1, column 1$/
		);
		await page.keyboard.press('ArrowDown');
		expect(await focusedLabel(page)).toMatch(
			/^e looking at start: weight \d\.\d\d, row 2, column 1$/
		);
		await page.keyboard.press('ArrowRight');
		expect(await focusedLabel(page)).toMatch(/^e looking at e: weight/);
		// Above the diagonal there is nothing to look at: the focus stays.
		await page.keyboard.press('ArrowRight');
		expect(await focusedLabel(page)).toMatch(/^e looking at e: weight/);
		for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
		await page.keyboard.press('End');
		expect(await focusedLabel(page)).toMatch(/^a looking at a: weight .*, row 5, column 5$/);
		await page.keyboard.press('Home');
		expect(await focusedLabel(page)).toMatch(/^a looking at start: weight/);
		await page.keyboard.press('ArrowUp');
		expect(await focusedLabel(page)).toMatch(/^m looking at start: weight/);
		await page.keyboard.press('Control+Home');
		expect(await focusedLabel(page)).toMatch(/^start looking at start/);
		await page.keyboard.press('Control+End');
		expect(await focusedLabel(page)).toMatch(/^a looking at a/);
		await expect(page.locator('#attention-detail')).toHaveText(
			/position 4 \(a\) looking at position 4 \(a\)/
		);
		// The map remembers its cell: leaving and coming back lands on it again.
		await page.keyboard.press('Tab');
		await page.keyboard.press('Shift+Tab');
		expect(await focusedLabel(page)).toMatch(/^a looking at a/);
	});

	test('the seed and steps boxes say when the model uses another number, and show it once left', async ({
		page
	}) => {
		await ready(page);
		const seed = page.getByRole('spinbutton', { name: 'Seed' });
		await seed.fill('-1');
		await expect(seed).toHaveAccessibleDescription(/the model uses 0/);
		await expect(seed).toHaveAttribute('aria-invalid', 'true');
		await seed.press('Tab');
		await expect(seed).toHaveValue('0');
		await expect(page).toHaveURL(/train\.seed=0/);

		const steps = page.getByRole('spinbutton', { name: 'Steps' });
		await steps.fill('-1e12');
		await expect(steps).toHaveAccessibleDescription(/the model uses 100/);
		await steps.press('Tab');
		await expect(steps).toHaveValue('100');
		await expect(page.locator('#train-step')).toHaveText('0 / 100');

		// Letters cannot be typed into a number box; what is left is not a number.
		await steps.click();
		await steps.press('ControlOrMeta+A');
		await steps.press('Backspace');
		await steps.pressSequentially('abc');
		await expect(steps).toHaveAccessibleDescription(/not a whole number.*keeps 100/);
		await steps.press('Tab');
		await expect(steps).toHaveValue('100');
		await expect(steps).not.toHaveAttribute('aria-invalid', 'true');

		await steps.fill('2500');
		await expect(steps).not.toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('#train-step')).toHaveText('0 / 2,500');
	});

	test('a button that disables itself hands the focus on: Start to Pause, Pause to Resume, Reset to Start', async ({
		page
	}) => {
		await ready(page, '?train.steps=50000');
		await page.getByRole('button', { name: 'Start', exact: true }).click();
		await expect(page.getByRole('button', { name: 'Pause' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('button', { name: 'Resume' })).toBeFocused();
		await page.getByRole('button', { name: 'Reset training' }).click();
		await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeFocused();

		await page.getByLabel('Your text, one item per line').fill('paris\nlondon\nrome');
		await page.getByRole('button', { name: 'Train on this' }).click();
		await expect(page.locator('#own-text-source')).toHaveText(/Your text/);
		await page.getByRole('button', { name: 'Back to the names' }).click();
		await expect(page.getByRole('button', { name: 'Train on this' })).toBeFocused();
	});
});
