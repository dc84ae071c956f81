// Exercises: answered by keyboard and by touch, checked at once, helped on request, and
// remembered in the reader's browser.
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, hydrated, LESSON_1, reach } from './helpers';

const exercise = (page: Page, id: string) => page.locator(`[data-exercise="${id}"]`);

/** The numbers of a question, in order, with real minus signs read as negatives. */
async function numbersOf(page: Page, id: string): Promise<number[]> {
	const text = (await exercise(page, id).locator('.question').textContent())!;
	return [...text.replace(/−/g, '-').matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

test('a number exercise: a wrong answer gets a hint and Show me, a right one is kept', async ({
	page
}) => {
	await page.goto(LESSON_1);
	await hydrated(page);
	const ex = exercise(page, 'dot-1');
	await ex.scrollIntoViewIfNeeded();
	const [a1, a2, b1, b2] = await numbersOf(page, 'dot-1');
	const box = ex.getByLabel('Your answer');
	await box.focus();
	await page.keyboard.type(String(a1! * b1! + a2! * b2! + 1));
	await page.keyboard.press('Enter');
	await expect(ex.getByRole('status')).toContainText('Not yet.');
	await expect(box).toBeFocused();

	// Show me sets FIG.02 to the exercise's vectors.
	await ex.getByRole('button', { name: 'Show me' }).click();
	const fig = await reach(page, 'dot');
	await expect(fig.getByRole('slider', { name: 'Tip of vector a' })).toHaveAttribute(
		'aria-valuetext',
		new RegExp(`\\(${a1!.toFixed(1).replace('-', '−')}, ${a2!.toFixed(1).replace('-', '−')}\\)`)
	);

	await box.fill(`${a1} * ${b1} + ${a2} * ${b2}`);
	await box.press('Enter');
	await expect(ex.getByRole('status')).toContainText('Right.');
	await expect(ex).toContainText('solved');

	await page.reload();
	await hydrated(page);
	await expect(exercise(page, 'dot-1')).toContainText('solved');
	await expect(
		page
			.getByRole('navigation', { name: 'Contents' })
			.getByRole('link', { name: /The dot product/ })
	).toContainText('1/2');
	await page.goto('/');
	await hydrated(page);
	await expect(page.getByTestId('lesson-progress').first()).toHaveText(
		/^1 of \d+ exercises solved$/
	);
	await page.getByRole('button', { name: 'Reset progress' }).click();
	await expect(page.getByTestId('lesson-progress').first()).toHaveText(
		/^0 of \d+ exercises solved$/
	);
});

test('a task exercise watches its figure and says when the task is met', async ({ page }) => {
	await page.goto(LESSON_1);
	await hydrated(page);
	const ex = exercise(page, 'softmax-2');
	const fig = await reach(page, 'softmax');
	await ex.scrollIntoViewIfNeeded();
	await expect(ex).toContainText('p₁ = 0.659');
	const logit = fig.getByRole('slider', { name: 'Logit 1' });
	await logit.focus();
	await page.keyboard.press('End');
	await expect(ex.getByRole('status')).toContainText('Right.');
	await expect(ex).toContainText('solved');
});

test('New numbers draws another question, and the seed in the link brings it back', async ({
	page
}) => {
	await page.goto(LESSON_1);
	await hydrated(page);
	const ex = exercise(page, 'matmul-2');
	await ex.scrollIntoViewIfNeeded();
	const first = await ex.locator('.question').textContent();
	await ex.getByRole('button', { name: 'New numbers' }).click();
	await expect(ex.locator('.question')).not.toHaveText(first!);
	const second = await ex.locator('.question').textContent();
	await expect(page).toHaveURL(/ex-matmul-2\.seed=2/);
	await page.reload();
	await hydrated(page);
	await expect(exercise(page, 'matmul-2').locator('.question')).toHaveText(second!);
});

test('every question and its worked answer are on the page without JavaScript', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(LESSON_1);
	const all = page.locator('[data-exercise]');
	expect(await all.count()).toBeGreaterThanOrEqual(12);
	for (const ex of await all.all()) {
		await expect(ex.locator('.question')).not.toBeEmpty();
		await expect(ex.locator('details summary')).toHaveText('Worked answer');
		await expect(ex.locator('details p')).not.toBeEmpty();
		await expect(ex.getByRole('button', { name: 'Check' })).toHaveCount(0);
	}
	await context.close();
});

test('exercises have no axe violations, answered, in both themes', async ({ page }) => {
	test.setTimeout(120_000);
	await page.emulateMedia({ reducedMotion: 'reduce' });
	await page.goto(LESSON_1);
	await hydrated(page);
	const ex = exercise(page, 'matmul-1');
	await ex.scrollIntoViewIfNeeded();
	await ex.getByRole('radio').first().check();
	await ex.getByRole('button', { name: 'Check' }).click();
	await expect(ex.getByRole('status')).not.toBeEmpty();
	await expectNoAxeViolations(page);
	await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
	await expectNoAxeViolations(page);
});

test('@phone a choice exercise answered by touch', async ({ page }) => {
	await page.goto(LESSON_1);
	await hydrated(page);
	const ex = exercise(page, 'branches-1');
	await ex.scrollIntoViewIfNeeded();
	await ex.getByRole('radio', { name: 'Linear algebra' }).tap();
	await ex.getByRole('button', { name: 'Check' }).tap();
	await expect(ex.getByRole('status')).toContainText('Not yet.');
	await ex.getByRole('radio', { name: 'Calculus' }).tap();
	await ex.getByRole('button', { name: 'Check' }).tap();
	await expect(ex.getByRole('status')).toContainText('Right.');
});
