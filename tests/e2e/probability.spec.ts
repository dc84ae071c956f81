import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hydrated, LESSON_1, watchPage, type PageWatch, reach } from './helpers';
import { ORIGIN } from './ports';

const FIGURES = ['#softmax', '#temperature', '#next-token', '#punchline'] as const;

async function open(page: Page, query = ''): Promise<PageWatch> {
	const watch = watchPage(page, ORIGIN);
	await page.goto(`${LESSON_1}${query}`);
	await hydrated(page);
	return watch;
}

/** The probabilities a figure's rows carry, as numbers. */
async function rowProbabilities(rows: Locator): Promise<number[]> {
	return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-p')))).map(Number);
}

const sumOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** Text of an <output> by its accessible name. */
const readout = (fig: Locator, name: string | RegExp) => fig.getByRole('status', { name });

async function expectNoAxeViolationsIn(page: Page, selectors: readonly string[]) {
	let builder = new AxeBuilder({ page });
	for (const s of selectors) builder = builder.include(s);
	const results = await builder.analyze();
	const summary = results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary).toEqual([]);
}

test.describe('FIG.11, softmax', () => {
	test('starts from the prose’s logits, with a negative fourth that still gets a positive share', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'softmax');
		await expect(fig.locator('figcaption')).toContainText('FIG.11 — Softmax');
		await expect(readout(fig, 'Probability 1')).toHaveText('0.659');
		await expect(readout(fig, 'Probability 2')).toHaveText('0.242');
		await expect(readout(fig, 'Probability 3')).toHaveText('0.099');
		await expect(readout(fig, 'Probability 4')).toHaveText('0.0006');
		await expect(readout(fig, 'Sum of the probabilities')).toHaveText('1.0000');
		expect(watch.problems).toEqual([]);
	});

	test('arrow keys move a logit, the bars and read-outs follow, and the sum stays 1', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'softmax');
		const rows = fig.getByTestId('softmax-row');
		const before = await rowProbabilities(rows);
		const slider = fig.getByRole('slider', { name: 'Logit 3' });
		await slider.focus();
		for (let i = 0; i < 19; i++) await page.keyboard.press('ArrowRight');
		await expect(slider).toHaveValue('2');
		// Logits 1 and 3 are now tied at 2.0.
		await expect(readout(fig, 'Probability 3')).toHaveText(
			await readout(fig, 'Probability 1').innerText()
		);
		const after = await rowProbabilities(rows);
		expect(after[2]).toBeGreaterThan(before[2]!);
		expect(after[0]).toBeLessThan(before[0]!);
		expect(sumOf(after)).toBeCloseTo(1, 5);
		await expect(readout(fig, 'Sum of the probabilities')).toHaveText('1.0000');
		const bar = rows.nth(2).getByTestId('prob-bar');
		const width = await bar.evaluate((el) => el.getBoundingClientRect().width);
		const track = await rows
			.nth(2)
			.getByTestId('prob-track')
			.evaluate((el) => el.clientWidth);
		expect(width / track).toBeCloseTo(after[2]!, 2);
		await expect(page).toHaveURL(/softmax\.z=2,1,2,-5/);
		expect(watch.problems).toEqual([]);
	});

	test('a click and a drag on a slider’s track move the logit; extreme logits stay exact', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'softmax');
		const rows = fig.getByTestId('softmax-row');
		const slider = fig.getByRole('slider', { name: 'Logit 4' });
		await slider.scrollIntoViewIfNeeded();
		const box = (await slider.boundingBox())!;
		// A click three quarters along the track: about +5.
		await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
		const clicked = Number(await slider.inputValue());
		expect(clicked).toBeGreaterThan(3);
		expect(clicked).toBeLessThan(7);
		expect((await rowProbabilities(rows))[3]).toBeGreaterThan(0.5);
		await expect(readout(fig, 'Sum of the probabilities')).toHaveText('1.0000');

		// Drag logit 1 to the far right and logit 4 to the far left.
		const one = (await fig.getByRole('slider', { name: 'Logit 1' }).boundingBox())!;
		await page.mouse.move(one.x + one.width * 0.6, one.y + one.height / 2);
		await page.mouse.down();
		await page.mouse.move(one.x + one.width + 40, one.y + one.height / 2, { steps: 8 });
		await page.mouse.up();
		await expect(fig.getByRole('slider', { name: 'Logit 1' })).toHaveValue('10');
		await slider.focus();
		await page.keyboard.press('Home');
		await expect(slider).toHaveValue('-10');

		// p4 = e^−10 / (e^10 + e^1 + e^0.1 + e^−10) ≈ 2.1e−9: tiny, shown, never 0.
		await expect(readout(fig, 'Probability 4')).toHaveText(/^2\.1e−9$/);
		// p1 = 1 − (the other three) ≈ 1 − 0.00017: close to 1, shown as such, never as 1.000.
		await expect(readout(fig, 'Probability 1')).toHaveText('1 − 0.00017');
		for (let i = 1; i <= 4; i++) {
			await expect(readout(fig, `Probability ${i}`)).not.toHaveText(/^(0|1)(\.0+)?$/);
		}
		await expect(readout(fig, 'Sum of the probabilities')).toHaveText('1.0000');
		expect(sumOf(await rowProbabilities(rows))).toBeCloseTo(1, 5);
		expect(watch.problems).toEqual([]);
	});
});

test.describe('FIG.12, temperature', () => {
	test('lowering τ sharpens towards the greedy token and lowers the entropy; raising it flattens', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'temperature');
		await expect(fig.locator('figcaption')).toContainText('FIG.12 — Temperature');
		const entropy = readout(fig, 'Entropy');
		const bits = async () => Number(await entropy.getAttribute('data-value'));
		const atOne = await bits();
		await expect(readout(fig, 'Greedy choice')).toHaveText('token 1');
		await expect(readout(fig, /^Maximum/)).toHaveText('1.58 bits');

		const tau = fig.getByRole('slider', { name: 'Temperature τ' });
		await tau.focus();
		for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft');
		await expect(tau).toHaveAttribute('aria-valuetext', '0.5');
		// The prose's τ = 0.5 example.
		await expect(readout(fig, 'Probability 1')).toHaveText('0.864');
		await expect(readout(fig, 'Probability 2')).toHaveText('0.117');
		await expect(readout(fig, 'Probability 3')).toHaveText('0.019');
		expect(await bits()).toBeLessThan(atOne);

		for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowRight');
		await expect(tau).toHaveAttribute('aria-valuetext', '2');
		await expect(readout(fig, 'Probability 1')).toHaveText('0.502');
		expect(await bits()).toBeGreaterThan(atOne);

		await page.keyboard.press('Home');
		await expect(fig.locator('.character')).toContainText('nearly certain');
		await expect(fig.locator('.row.greedy')).toHaveCount(1);
		await expect(fig.locator('.row').first()).toHaveClass(/greedy/);
		expect(await bits()).toBeLessThan(0.01);
		await expect(page).toHaveURL(/temperature\.tau=0\.0625/);
		expect(watch.problems).toEqual([]);
	});
});

test.describe('FIG.13, next token', () => {
	const counts = async (fig: Locator) =>
		fig
			.getByTestId('tally-row')
			.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));

	test('sampling 100 fills the tally, and a reload of the shared link reproduces it', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'next-token');
		await expect(fig.locator('figcaption')).toContainText('FIG.13 — Sampling the next token');
		await expect(fig.getByTestId('tally-total')).toHaveText('0');

		await fig.getByRole('button', { name: 'Sample 1', exact: true }).click();
		await expect(fig.getByTestId('tally-total')).toHaveText('1');
		const first = await readout(fig, 'Last token drawn').innerText();
		expect(['mat', 'floor', 'sofa', 'roof', 'table', 'dog', 'moon', 'banana']).toContain(first);
		await expect(fig.locator('.next')).toHaveText(first);

		await fig.getByRole('button', { name: 'Sample 100' }).click();
		await expect(fig.getByTestId('tally-total')).toHaveText('101');
		await expect(readout(fig, 'Draws so far')).toHaveText('101');
		const tally = await counts(fig);
		expect(sumOf(tally)).toBe(101);
		// "mat" is the likeliest token; after 101 draws it leads the tally.
		expect(tally[0]).toBe(Math.max(...tally));
		await expect(page).toHaveURL(/next-token\.n=101/);

		const last = await readout(fig, 'Last token drawn').innerText();
		await page.reload();
		await hydrated(page);
		await expect(fig.getByTestId('tally-total')).toHaveText('101');
		expect(await counts(fig)).toEqual(tally);
		await expect(readout(fig, 'Last token drawn')).toHaveText(last);
		expect(watch.problems).toEqual([]);
	});

	test('a new seed draws differently; changing τ clears the tally', async ({ page }) => {
		const watch = await open(page);
		const fig = await reach(page, 'next-token');
		await fig.getByRole('button', { name: 'Sample 100' }).click();
		const tally = await counts(fig);
		const seed = await readout(fig, 'Seed').innerText();

		await fig.getByRole('button', { name: 'New seed' }).click();
		await expect(readout(fig, 'Seed')).not.toHaveText(seed);
		await expect(fig.getByTestId('tally-total')).toHaveText('0');
		await fig.getByRole('button', { name: 'Sample 100' }).click();
		await expect(fig.getByTestId('tally-total')).toHaveText('100');
		expect(await counts(fig)).not.toEqual(tally);

		const tau = fig.getByRole('slider', { name: 'Temperature τ' });
		await tau.focus();
		await page.keyboard.press('ArrowRight');
		await expect(fig.getByTestId('tally-total')).toHaveText('0');
		await expect(readout(fig, 'Last token drawn')).toHaveText('none yet');
		await page.keyboard.press('Home');
		await fig.getByRole('button', { name: 'Sample 100' }).click();
		// At τ = 1/16 nearly all the probability sits on "mat".
		expect((await counts(fig))[0]).toBe(100);

		await fig.getByRole('button', { name: 'Reset FIG.13' }).click();
		await expect(fig.getByTestId('tally-total')).toHaveText('0');
		await expect(page).not.toHaveURL(/next-token\./);
		expect(watch.problems).toEqual([]);
	});
});

test.describe('FIG.14, the punchline', () => {
	const gradBars = (fig: Locator) =>
		fig
			.getByTestId('grad-bar')
			.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));

	test('the engine’s gradient equals p − y, and the negative bar follows the true token', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'punchline');
		await expect(fig.locator('figcaption')).toContainText('FIG.14 — The punchline');
		await expect(fig.getByTestId('engine-grad')).toHaveText(['−0.341', '0.242', '0.099']);
		await expect(fig.getByTestId('p-minus-y')).toHaveText(['−0.341', '0.242', '0.099']);
		await expect(readout(fig, 'Loss −log p(true)')).toHaveText('0.417');
		await expect(readout(fig, 'Engine gradient and p − y')).toHaveText('equal ✓');
		expect((await gradBars(fig)).map((g) => g < 0)).toEqual([true, false, false]);

		await fig.getByRole('radio', { name: 'token 3' }).check();
		expect((await gradBars(fig)).map((g) => g < 0)).toEqual([false, false, true]);
		await expect(fig.getByTestId('engine-grad').nth(2)).toHaveText('−0.901');
		// The radio group answers arrow keys too.
		await page.keyboard.press('ArrowLeft');
		await expect(fig.getByRole('radio', { name: 'token 2' })).toBeChecked();
		await expect
			.poll(async () => (await gradBars(fig)).map((g) => g < 0))
			.toEqual([false, true, false]);
		const bars = fig.getByTestId('grad-bar');
		const zero = await fig.locator('line.zero').getAttribute('y1');
		await expect(bars.nth(1)).toHaveAttribute('y', zero!);
		await expect(page).toHaveURL(/punchline\.truth=1/);
		expect(watch.problems).toEqual([]);
	});

	test('the backward pass shows −y arriving at log p and p − y leaving log-softmax, stop by stop', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'punchline');
		const stop = (name: string | RegExp) => fig.getByRole('status', { name });
		await expect(stop('Gradient at L, where backward() starts')).toHaveText('1.000');
		await expect(stop(/^Gradient at log p\(true\)/)).toHaveText('−1.000');
		await expect(stop('Gradient arriving at log p, after the pick')).toHaveText(
			'(−1.000, 0.000, 0.000)'
		);
		await expect(stop('Gradient at the logits z, after log-softmax')).toHaveText(
			'(−0.341, 0.242, 0.099)'
		);
		await expect(fig.getByTestId('grad-at-logp')).toHaveText(['−1.000', '0.000', '0.000']);

		// A new truth moves the −1 that arrives at log p, and the logits' gradient follows it.
		await fig.getByRole('radio', { name: 'token 2' }).check();
		await expect(stop('Gradient arriving at log p, after the pick')).toHaveText(
			'(0.000, −1.000, 0.000)'
		);
		await expect(stop('Gradient at the logits z, after log-softmax')).toHaveText(
			'(0.659, −0.758, 0.099)'
		);
		await expect(fig.getByTestId('engine-grad')).toHaveText(
			await fig.getByTestId('p-minus-y').allInnerTexts()
		);
		expect(watch.problems).toEqual([]);
	});

	test('the three-line derivation opens from its summary and shows FIG.14’s numbers', async ({
		page
	}) => {
		const watch = await open(page);
		const details = page.locator('details.derivation');
		const summary = details.locator('summary');
		await expect(summary).toHaveText('Show the derivation: three lines');
		await expect(details.locator('.katex-display').first()).toBeHidden();
		await summary.focus();
		await page.keyboard.press('Enter');
		await expect(details).toHaveAttribute('open', '');
		await expect(details.locator('.katex-display')).toBeVisible();
		await expect(details).toContainText('−1.517');
		await expect(details).toContainText('(−0.341,0.242,0.099)');
		await summary.click();
		await expect(details).not.toHaveAttribute('open', '');
		expect(watch.problems).toEqual([]);
	});

	test('dragging a logit updates p, the loss and both gradients live, and they stay equal', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'punchline');
		const loss = readout(fig, 'Loss −log p(true)');
		const slider = fig.getByRole('slider', { name: 'Logit 1' });
		await slider.focus();
		await page.keyboard.press('PageUp');
		await expect(loss).not.toHaveText('0.417');
		const lower = Number(await loss.getAttribute('data-value'));
		expect(lower).toBeLessThan(0.417);

		await slider.scrollIntoViewIfNeeded();
		const box = (await slider.boundingBox())!;
		await page.mouse.click(box.x + 4, box.y + box.height / 2);
		const raised = Number(await loss.getAttribute('data-value'));
		expect(raised).toBeGreaterThan(5);
		const engine = await fig.getByTestId('engine-grad').allInnerTexts();
		await expect(fig.getByTestId('p-minus-y')).toHaveText(engine);
		await expect(readout(fig, 'Engine gradient and p − y')).toHaveText('equal ✓');
		expect(watch.problems).toEqual([]);
	});
});

test.describe('the probability figures together', () => {
	test('have zero axe violations after interaction, in light and dark themes', async ({ page }) => {
		// Two axe passes over four figures on a long page take most of the default 30 s.
		test.setTimeout(60_000);
		await open(
			page,
			'?softmax.z=10,-10,0,-10&temperature.tau=0.25&next-token.n=40&punchline.truth=2'
		);
		await page.locator('details.derivation summary').click();
		await expectNoAxeViolationsIn(page, [...FIGURES, 'details.derivation']);
		await page.emulateMedia({ colorScheme: 'dark' });
		await expectNoAxeViolationsIn(page, [...FIGURES, 'details.derivation']);
	});

	test('keep their state through a shared link and Reset restores the defaults', async ({
		page
	}) => {
		const watch = await open(page, '?softmax.z=1,1,1,1&punchline.z=0,0,0&punchline.truth=1');
		const soft = await reach(page, 'softmax');
		await expect(readout(soft, 'Probability 1')).toHaveText('0.250');
		await soft.getByRole('button', { name: 'Reset FIG.11' }).click();
		await expect(readout(soft, 'Probability 1')).toHaveText('0.659');
		const punch = await reach(page, 'punchline');
		await expect(punch.getByTestId('engine-grad')).toHaveText(['0.333', '−0.667', '0.333']);
		await expect(page).not.toHaveURL(/softmax\./);
		expect(watch.problems).toEqual([]);
	});

	test('prerender a complete default first frame without JavaScript', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(LESSON_1);
		await expect(readout(page.locator('#softmax'), 'Probability 1')).toHaveText('0.659');
		await expect(page.locator('#temperature').getByRole('status', { name: 'Entropy' })).toHaveText(
			/bits/
		);
		await expect(page.locator('#next-token .prompt')).toHaveText('the cat sat on the');
		await expect(page.locator('#punchline [data-testid="engine-grad"]')).toHaveText([
			'−0.341',
			'0.242',
			'0.099'
		]);
		await context.close();
	});
});

test.describe('on a phone @phone', () => {
	test('a tap samples 100 tokens and no probability figure overflows sideways', async ({
		page
	}) => {
		const watch = await open(page);
		const fig = await reach(page, 'next-token');
		await fig.getByRole('button', { name: 'Sample 100' }).tap();
		await expect(fig.getByTestId('tally-total')).toHaveText('100');
		const width = await page.evaluate(() => document.documentElement.clientWidth);
		for (const id of FIGURES) {
			const figure = page.locator(id);
			const box = (await figure.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
			const overflow = await figure.evaluate((el) =>
				[el, ...el.querySelectorAll('.stage, .table-wrap')].map(
					(e) => e.scrollWidth - e.clientWidth
				)
			);
			expect(overflow.every((o) => o <= 0)).toBe(true);
		}
		const punch = page.locator('#punchline');
		await punch.getByRole('radio', { name: 'token 2' }).tap();
		await expect(punch.getByTestId('engine-grad').nth(1)).toHaveText('−0.758');
		expect(watch.problems).toEqual([]);
	});
});
