import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, hydrated, LESSON_1, reach } from './helpers';

test.describe('lesson 1 chrome', () => {
	test('shows its label, a computed reading time and six numbered contents entries', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await expect(page.getByText('Trenchcoat · Lesson 1 of 2')).toBeVisible();
		await expect(page.getByTestId('reading-time')).toHaveText(/^\d{1,2} min read$/);
		const toc = page.getByRole('navigation', { name: 'Contents' });
		await expect(toc.getByRole('link')).toHaveCount(6);
		await expect(toc.getByRole('link').first()).toContainText('Three branches, three questions');
	});

	test('the section indicator follows scrolling, 00/06 to 06/06', async ({ page }) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const indicator = page.getByTestId('section-indicator');
		await expect(indicator).toContainText('00/06');
		await page.locator('#matrix-multiplication').scrollIntoViewIfNeeded();
		await page.evaluate(() =>
			document.getElementById('matrix-multiplication')!.scrollIntoView({ block: 'start' })
		);
		await expect(indicator).toContainText('03/06');
		await expect(indicator).toContainText('Matrix multiplication');
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		await expect(indicator).toContainText('06/06');
	});

	test('a contents link jumps to its section', async ({ page }) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		await page
			.getByRole('navigation', { name: 'Contents' })
			.getByRole('link', { name: /Probability/ })
			.click();
		await expect(page).toHaveURL(/#probability-scores-into-confidence$/);
		await expect(page.locator('#probability-scores-into-confidence')).toBeInViewport();
	});

	test('the branch cards link to the sections that teach each branch', async ({ page }) => {
		await page.goto(LESSON_1);
		const cards = page.getByRole('list', { name: 'The three branches of maths in an LLM' });
		await expect(cards.getByRole('listitem')).toHaveCount(3);
		await expect(cards.getByRole('link', { name: 'Slopes and gradient descent' })).toHaveAttribute(
			'href',
			'#calculus-which-way-is-downhill'
		);
	});
});

test.describe('FIG.01, one transformer layer', () => {
	test('switching to the backward pass changes the read-outs and the URL', async ({ page }) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'layer');
		await expect(fig.locator('figcaption')).toContainText('FIG.01 — One transformer layer');
		const pass = fig.getByRole('status', { name: 'Pass' });
		const note = fig.getByRole('status', { name: 'Selected stage' });
		await expect(pass).toHaveText(/^Forward pass/);
		await expect(note).toHaveText(/^Step 1 of 4, Project/);

		await fig.getByRole('button', { name: 'Backward pass' }).click();
		await expect(pass).toHaveText(/^Backward pass/);
		await expect(note).toHaveText(/^Step 4 of 4, Project/);
		await expect(fig.getByRole('button', { name: 'Backward pass' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(page).toHaveURL(/layer\.pass=backward/);
	});

	test('stages are chosen by click and by arrow keys, and a shared link restores them', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'layer');
		const note = fig.getByRole('status', { name: 'Selected stage' });
		await fig.getByRole('button', { name: /Attend: softmax/ }).click();
		await expect(note).toHaveText(/^Step 2 of 4, Attend \(softmax, probability\)/);
		await page.keyboard.press('ArrowRight');
		await expect(note).toHaveText(/^Step 3 of 4, Mix/);
		await expect(fig.getByRole('button', { name: /Mix: matmul/ })).toBeFocused();
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		await expect(note).toHaveText(/^Step 1 of 4, Project/);

		// The nonlinearity is a plain function, tagged as one, whose slope calculus uses going back.
		await fig.getByRole('button', { name: /Transform/ }).click();
		await expect(fig.getByRole('button', { name: /Transform/ })).toHaveText(
			/^Function\s*Transform: nonlinearity/
		);
		await expect(note).toHaveText(/^Step 4 of 4, Transform \(nonlinearity, function\)/);
		await fig.getByRole('button', { name: 'Backward pass' }).click();
		await expect(note).toHaveText(/Calculus needs only ReLU’s slope/);
		await expect(page).toHaveURL(/layer\.pass=backward/);
		await expect(page).toHaveURL(/layer\.stage=3/);
		const shared = page.url();

		const other = await page.context().newPage();
		await other.goto(shared);
		await hydrated(other);
		const otherNote = (await reach(other, 'layer')).getByRole('status', {
			name: 'Selected stage'
		});
		await expect(otherNote).toHaveText(/^Step 1 of 4, Transform/);

		await other.getByRole('button', { name: 'Reset FIG.01' }).click();
		await expect(otherNote).toHaveText(/^Step 1 of 4, Project/);
		await expect(other).not.toHaveURL(/layer\./);
	});

	test('hostile URL values are ignored and the figure shows its default', async ({ page }) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto(`${LESSON_1}?layer.pass=%3Cscript%3Ealert(1)%3C/script%3E&layer.stage=1e9`);
		await hydrated(page);
		await expect(page.locator('#layer').getByRole('status', { name: 'Pass' })).toHaveText(
			/^Forward pass/
		);
		expect(errors).toEqual([]);
	});

	test('has zero axe violations in the backward view', async ({ page }) => {
		// The whole lesson is large; see the site-wide axe test.
		test.setTimeout(120_000);
		await page.emulateMedia({ reducedMotion: 'reduce' });
		await page.goto(`${LESSON_1}?layer.pass=backward&layer.stage=2`);
		await hydrated(page);
		await expectNoAxeViolations(page);
	});
});

test.describe('lesson 1 on paper', () => {
	test('prints the prose, the equations and every figure in its state, with controls hidden', async ({
		page
	}) => {
		test.setTimeout(90_000);
		await page.goto(`${LESSON_1}?chain.x=-0.3&optimisers.tilt=45`);
		await hydrated(page);
		const chain = await reach(page, 'chain');
		// FIG.10 is far below: until the reader gets near, it shows its prerendered default.
		await expect(page.locator('.lazy:has(#optimisers)')).toHaveAttribute('data-live', 'false');
		await page.emulateMedia({ media: 'print' });
		// The browser announces printing; every figure starts, in the link's state.
		await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
		await expect(page.locator('.lazy[data-live="false"]')).toHaveCount(0);

		const figures = page.locator('figure.figure');
		const count = await figures.count();
		expect(count).toBeGreaterThanOrEqual(15);
		for (let i = 0; i < count; i++) {
			const figure = figures.nth(i);
			await expect(figure).toBeVisible();
			await expect(figure.locator('figcaption')).toBeVisible();
			await expect(figure.locator('.toolbar')).toBeHidden();
			expect(
				await figure.evaluate((el) => getComputedStyle(el).breakInside),
				`${await figure.getAttribute('id')} stays on one page`
			).toBe('avoid');
		}
		// No control to press, but each slider still says where it stands.
		const controls = await page.locator('main input[type="range"], main button.control').all();
		expect(controls.length).toBeGreaterThan(20);
		for (const control of controls) await expect(control).toBeHidden();
		await expect(chain.locator('#chain-x')).toHaveText('−0.300');
		await expect(chain.getByText('Input x', { exact: true })).toBeVisible();
		await expect(page.locator('#optimisers').getByText('45°', { exact: true })).toBeVisible();

		// The prose and its equations are all there, the closed derivation printed open.
		await expect(page.getByText(/^A large language model looks like magic/)).toBeVisible();
		const displays = page.locator('.math-display');
		expect(await displays.count()).toBeGreaterThan(10);
		expect(await displays.first().evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
		await expect(page.locator('details.derivation .katex-display')).toBeVisible();
		// No sticky bar over the text, no theme switch.
		await expect(page.getByTestId('section-indicator')).toBeHidden();
		for (const button of await page.locator('header button').all())
			await expect(button).toBeHidden();

		const pdf = await page.pdf({ format: 'A4', printBackground: true });
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		// A whole lesson, not a blank page: many pages of text and drawings.
		expect(pdf.length).toBeGreaterThan(200_000);
	});
});

test.describe('on a phone @phone', () => {
	test('the lesson fits the screen and FIG.01 answers taps', async ({ page }) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		const fig = await reach(page, 'layer');
		await fig.getByRole('button', { name: 'Backward pass' }).tap();
		await expect(fig.getByRole('status', { name: 'Pass' })).toHaveText(/^Backward pass/);
	});

	test('the home page fits the screen and links to lesson 1', async ({ page }) => {
		await page.goto('/');
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.getByRole('link', { name: 'The math you actually need' }).tap();
		await expect(page.locator('h1')).toHaveText('The math you actually need');
	});
});

test.describe('figures start when the reader gets there', () => {
	test('a figure far down shows its prerendered frame and starts only when reached', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const wrapper = page.locator('.lazy:has(#optimisers)');
		await expect(wrapper).toHaveAttribute('data-live', 'false');
		// The prerendered race is on the page, but no Play button works yet: none exists.
		await expect(page.locator('#optimisers figcaption')).toContainText('FIG.10');
		await expect(page.getByRole('button', { name: 'Reset FIG.10' })).toHaveCount(0);
		// The hero at the top started at once.
		await expect(page.locator('.lazy:has(#tree)')).toHaveAttribute('data-live', 'true');
		await reach(page, 'optimisers');
		await expect(page.getByRole('button', { name: 'Reset FIG.10' })).toBeVisible();
	});

	test('a keyboard reader who tabs into a figure before it starts keeps the focus', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const wrapper = page.locator('.lazy:has(#softmax)');
		await expect(wrapper).toHaveAttribute('data-live', 'false');
		// Focus the first logit slider of the prerendered copy, as Tab would.
		await page.locator('#softmax input[type="range"]').first().focus();
		await expect(wrapper).toHaveAttribute('data-live', 'true');
		const slider = page.locator('#softmax').getByRole('slider', { name: 'Logit 1' });
		await expect(slider).toBeFocused();
		await page.keyboard.press('ArrowRight');
		await expect(page).toHaveURL(/softmax\.z=2\.1/);
	});
});
