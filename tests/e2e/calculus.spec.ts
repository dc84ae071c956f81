import { expect, test, type Locator } from '@playwright/test';
import {
	canvasInk,
	expectNoAxeViolations,
	hydrated,
	LESSON_1,
	watchPage,
	type PageWatch,
	reach
} from './helpers';

/** The raw number behind a Readout (its data-value), as the figure computed it. */
async function valueOf(output: Locator): Promise<number> {
	return Number(await output.getAttribute('data-value'));
}

test.describe('calculus figures', () => {
	let watch: PageWatch;

	test.beforeEach(async ({ page, baseURL }) => {
		watch = watchPage(page, new URL(baseURL!).origin);
	});

	test.afterEach(() => {
		expect(watch.problems).toEqual([]);
	});

	test('FIG.00 is drawn in the prerendered HTML, before any script runs', async ({ request }) => {
		const html = await (await request.get(LESSON_1)).text();
		const hero = html.slice(html.indexOf('id="tree"'));
		expect(html.indexOf('id="tree"')).toBeGreaterThan(0);
		expect(hero).toContain('FIG.00');
		// 127 branches and 64 focusable leaves, with their sizes already set.
		expect(hero.match(/<line [^>]*stroke-width=/g)!.length).toBeGreaterThanOrEqual(127);
		expect(hero.match(/role="radio"/g)).toHaveLength(64);
		expect(hero).toContain('= 0.935');
		expect(hero).not.toMatch(/loading/i);
		// The hero is the first figure of the lesson, before its first paragraph.
		expect(html.indexOf('id="tree"')).toBeLessThan(html.indexOf('A large language model looks'));
	});

	test('FIG.00 pulses while on screen, and pauses when scrolled away', async ({ page }) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const svg = page.locator('#tree svg').first();
		const pulses = page.locator('#tree canvas');
		await expect(svg).toHaveAttribute('data-animating', 'true');
		// The pulses move: the canvas shows something, and something else a moment later.
		await expect.poll(async () => (await canvasInk(pulses)).painted).toBeGreaterThan(0);
		const first = await canvasInk(pulses);
		await expect.poll(async () => (await canvasInk(pulses)).checksum).not.toBe(first.checksum);
		await page.locator('#optimisers').scrollIntoViewIfNeeded();
		await expect(svg).toHaveAttribute('data-animating', 'false');
		await expect.poll(async () => (await canvasInk(pulses)).painted).toBe(0);
	});

	test('FIG.00 is a still, complete picture under reduced motion', async ({ page }) => {
		await page.emulateMedia({ reducedMotion: 'reduce' });
		await page.goto(LESSON_1);
		await hydrated(page);
		const svg = page.locator('#tree svg').first();
		await expect(svg).toHaveAttribute('data-animating', 'false');
		await expect(svg.locator('.branches line')).toHaveCount(127);
		await page.waitForTimeout(300);
		expect((await canvasInk(page.locator('#tree canvas'))).painted).toBe(0);
	});

	test('FIG.00: focusing a leaf shows its gradient as a product; arrows move between leaves', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'tree');
		const product = fig.getByRole('status', { name: /gradient as a product/ });
		const leaf = fig.getByRole('radio', { name: 'Leaf 46' });
		await leaf.focus();
		await expect(product).toHaveText(/^(\d\.\d{3} × ){5}\d\.\d{3} = \d\.\d{3}$/);
		const before = await product.textContent();
		await page.keyboard.press('ArrowRight');
		await expect(fig.getByRole('radio', { name: 'Leaf 47' })).toBeFocused();
		await expect(fig.getByRole('radio', { name: 'Leaf 47' })).toHaveAttribute(
			'aria-checked',
			'true'
		);
		await expect(product).not.toHaveText(before!);
		await expect(page).toHaveURL(/tree\.leaf=46/);

		// Branch scale below 1: the deep leaves fade; above 1 they flare.
		const slider = fig.getByRole('slider', { name: /Branch scale/ });
		const smallest = fig.getByRole('status', { name: 'Smallest leaf gradient' });
		const largest = fig.getByRole('status', { name: 'Largest leaf gradient' });
		// The three stops the prose names, with the numbers it quotes.
		await expect(smallest).toHaveText('0.766');
		await expect(largest).toHaveText('1.590');
		await slider.focus();
		await page.keyboard.press('Home');
		await expect(fig.getByText(/^Vanishing/)).toBeVisible();
		expect(await valueOf(fig.locator('#tree-leaf-grad'))).toBeLessThan(0.1);
		await expect(smallest).toHaveText('0.012');
		await expect(largest).toHaveText('0.025');
		await page.keyboard.press('End');
		await expect(fig.getByText(/^Exploding/)).toBeVisible();
		expect(await valueOf(fig.locator('#tree-leaf-grad'))).toBeGreaterThan(5);
		await expect(smallest).toHaveText('8.728');
		await expect(largest).toHaveText('18.106');
	});

	test('FIG.00: Pause pulses stops the pulses, and pressing it again starts them', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'tree');
		const svg = fig.locator('svg').first();
		await expect(svg).toHaveAttribute('data-animating', 'true');
		const pause = fig.getByRole('button', { name: 'Pause pulses' });
		await pause.click();
		await expect(pause).toHaveAttribute('aria-pressed', 'true');
		await expect(svg).toHaveAttribute('data-animating', 'false');
		const pulses = fig.locator('canvas');
		await expect.poll(async () => (await canvasInk(pulses)).painted).toBe(0);
		await pause.click();
		await expect(pause).toHaveAttribute('aria-pressed', 'false');
		await expect(svg).toHaveAttribute('data-animating', 'true');
		await expect.poll(async () => (await canvasInk(pulses)).painted).toBeGreaterThan(0);
	});

	test('FIG.07: the point moves with the arrow keys and the slope from backward() follows', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'derivative');
		const slope = fig.locator('#derivative-slope');
		expect(await valueOf(slope)).toBeCloseTo(1.2 * 1.2 - 1, 4);
		const point = fig.getByRole('slider', { name: 'Point on the curve' });
		await point.focus();
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		await expect(fig.locator('#derivative-x')).toHaveAttribute('data-value', '1.4');
		await expect.poll(() => valueOf(slope)).toBeCloseTo(1.4 * 1.4 - 1, 4);
		await expect(page).toHaveURL(/derivative\.x=1\.4/);

		// Shrinking ε closes the gap between the finite difference and the derivative.
		const gap = fig.locator('#derivative-gap');
		const wide = await valueOf(gap);
		await fig.getByRole('slider', { name: 'Nudge ε' }).focus();
		await page.keyboard.press('End');
		await page.keyboard.press('Home');
		await expect.poll(() => valueOf(gap)).toBeLessThan(wide / 100);
	});

	test('FIG.08: the product of local slopes and backward() agree as x changes', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'chain');
		const product = fig.locator('#chain-product');
		const grad = fig.locator('#chain-grad');
		await expect(product).toHaveText('0.981');
		await expect(grad).toHaveText('0.981');
		await expect(fig.locator('#chain-slope-1')).toHaveText('0.181');
		await expect(fig.locator('#chain-slope-2')).toHaveText('1.810');

		await fig.getByRole('slider', { name: 'Input x' }).focus();
		for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
		await expect(fig.locator('#chain-x')).toHaveText('0.300');
		await expect(product).not.toHaveText('0.981');
		expect(await product.textContent()).toBe(await grad.textContent());
		expect(await valueOf(product)).toBeCloseTo(await valueOf(grad), 5);
		await expect(fig.getByText(/^They agree: the product/)).toBeVisible();
	});

	test('FIG.08 part two: two paths’ products add up to backward()’s gradient as x and a change', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'chain');
		const out = (name: string) => fig.getByRole('status', { name });
		const viaTanh = out('Product of the slopes through tanh');
		const viaSquare = out('Product of the slopes through the square');
		const total = out('Sum over both paths');
		const grad = out('Gradient dg/dx from backward()');
		await expect(viaTanh).toHaveText('0.542');
		await expect(viaSquare).toHaveText('1.000');
		await expect(total).toHaveText('1.542');
		await expect(grad).toHaveText('1.542');
		await expect(fig.getByText('= 0.542 + 1.000')).toBeVisible();

		// x moves both parts of the figure; the sum and backward() keep agreeing.
		await fig.getByRole('slider', { name: 'Input x' }).focus();
		for (let i = 0; i < 80; i++) await page.keyboard.press('ArrowLeft');
		await expect(fig.locator('#chain-x')).toHaveText('−0.300');
		await expect(viaSquare).toHaveText('−0.600');
		await fig.getByRole('slider', { name: 'Multiplier a' }).focus();
		await page.keyboard.press('End');
		await expect(page).toHaveURL(/chain\.a=5/);
		await expect(fig.getByText(/^x → multiply by 5 → tanh → add → g$/)).toBeVisible();
		expect(await valueOf(total)).toBeCloseTo(await valueOf(grad), 5);
		expect(await total.textContent()).toBe(await grad.textContent());
		await expect(
			fig.getByText(/^They agree: where the paths meet, their gradients add/)
		).toBeVisible();
	});

	test('FIG.09: clicking the bowl drops a ball and the loss falls; the loop diagram steps', async ({
		page
	}) => {
		// A fake clock holds the ball at its drop point until the test lets time run, so the
		// first read-out is the starting loss however busy the machine is.
		await page.clock.install();
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'descent');
		const svg = fig.locator('svg').first();
		await svg.scrollIntoViewIfNeeded();
		const box = (await svg.boundingBox())!;
		await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.8);
		const loss = fig.locator('#descent-loss');
		const start = await valueOf(loss);
		expect(start).toBeGreaterThan(1);
		await page.clock.runFor(3000);
		await page.clock.resume();
		await expect.poll(() => valueOf(loss)).toBeLessThan(start / 2);
		await expect(fig.locator('.loop [aria-current="step"]')).toHaveCount(1);
		await expect(fig.getByTestId('descent-status')).toHaveText(/Settled at the bottom/, {
			timeout: 15_000
		});
		await expect(page).toHaveURL(/descent\.x0=/);
	});

	test('FIG.09: past η = 2/2.2 the ball climbs out, the loss runs to NaN, and Reset recovers', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'descent');
		const rate = fig.getByRole('slider', { name: 'Learning rate η' });
		await rate.focus();
		await page.keyboard.press('End');
		await expect(fig.getByTestId('descent-regime')).toContainText('past the stability limit');
		await expect(fig.getByTestId('descent-regime')).toContainText('2/2.2 ≈ 0.91');
		await fig.getByRole('button', { name: 'Drop ball' }).click();
		// The ball moves only while the bowl is on screen (the figure contract); clicking the
		// button can scroll the bowl out of a short window, so look at it, as a reader would.
		await fig.locator('svg[data-status]').scrollIntoViewIfNeeded();
		const loss = fig.locator('#descent-loss');
		await expect(loss).toHaveText('NaN', { timeout: 15_000 });
		await expect(fig.getByTestId('descent-status')).toContainText('Lower η below 0.91');
		await expect(fig.locator('svg .edge')).toBeVisible();

		await fig.getByRole('button', { name: 'Reset FIG.09' }).click();
		await expect(fig.getByTestId('descent-regime')).not.toContainText('past the stability limit');
		expect(Number.isFinite(await valueOf(loss))).toBe(true);
		await expect(fig.getByRole('button', { name: 'Step' })).toBeEnabled();
		await fig.getByRole('button', { name: 'Step' }).click();
		await expect(fig.locator('#descent-step')).toHaveText('1');
		await expect(fig.locator('[data-phase="step"]')).toHaveAttribute('aria-current', 'step');
	});

	test('FIG.09 steps η = 0.85 to convergence and η = 0.95 out of the bowl, from a shared link', async ({
		page
	}) => {
		await page.goto(`${LESSON_1}?descent.lr=0.85&descent.steps=200`);
		await hydrated(page);
		const fig = await reach(page, 'descent');
		await expect(fig.getByTestId('descent-status')).toHaveText(/Settled/);
		await page.goto(`${LESSON_1}?descent.lr=0.95&descent.steps=600`);
		await hydrated(page);
		await reach(page, 'descent');
		await expect(fig.locator('#descent-loss')).toHaveText('∞');
	});

	test('FIG.09 by keyboard: move the start point, then Drop ball rolls the ball from there', async ({
		page
	}) => {
		// The fake clock holds the ball at the start until the test lets time run.
		await page.clock.install();
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'descent');
		const loss = fig.locator('#descent-loss');
		await fig.getByRole('slider', { name: /^Start point/ }).focus();
		await page.keyboard.press('Shift+ArrowRight');
		// L(−2.2, 2.4) = 1.1 · 2.2² + 0.25 · 2.4² = 6.764
		await expect(loss).toHaveText('6.7640');
		await fig.getByRole('button', { name: 'Drop ball' }).click();
		await expect(fig.getByRole('button', { name: 'Pause' })).toBeVisible();
		await page.clock.runFor(3000);
		await page.clock.resume();
		await expect.poll(() => valueOf(loss)).toBeLessThan(6.764 / 2);
		await expect(page).toHaveURL(/descent\.x0=-2\.2/);
	});

	test('FIG.09 holds still while the bowl is off screen and moves on when it is back', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'descent');
		const bowl = fig.locator('svg[data-status]');
		const step = fig.locator('#descent-step');
		await bowl.scrollIntoViewIfNeeded();
		await fig.getByRole('slider', { name: 'Learning rate η' }).focus();
		await page.keyboard.press('Home');
		await fig.getByRole('button', { name: 'Drop ball' }).click();
		await bowl.scrollIntoViewIfNeeded();
		await expect.poll(() => valueOf(step)).toBeGreaterThan(0);
		await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
		await expect(bowl).not.toBeInViewport();
		const away = await valueOf(step);
		await page.waitForTimeout(600);
		expect(await valueOf(step)).toBe(away);
		await expect(fig.getByRole('button', { name: 'Pause' })).toBeAttached();
		await bowl.scrollIntoViewIfNeeded();
		await expect.poll(() => valueOf(step)).toBeGreaterThan(away);
	});

	test('FIG.09 with reduced motion: Drop ball shows the finished run at once', async ({ page }) => {
		await page.emulateMedia({ reducedMotion: 'reduce' });
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'descent');
		await fig.getByRole('button', { name: 'Drop ball' }).click();
		await expect(fig.getByTestId('descent-status')).toHaveText(
			/^Settled at the bottom after \d+ steps\.$/
		);
		await expect(fig.locator('[data-phase="step"]')).toHaveAttribute('aria-current', 'step');
		await expect(fig.getByRole('button', { name: 'Play' })).toBeDisabled();
		await expect(fig.getByRole('button', { name: 'Step' })).toBeDisabled();
		await expect(page).toHaveURL(/descent\.steps=\d+/);
	});

	test('FIG.09: a new η replays the drop from the same start, and Reset restores the defaults', async ({
		page
	}) => {
		await page.goto(`${LESSON_1}?descent.steps=5`);
		await hydrated(page);
		const fig = await reach(page, 'descent');
		const step = fig.locator('#descent-step');
		await expect(step).toHaveText('5');
		await fig.getByRole('slider', { name: 'Learning rate η' }).focus();
		await page.keyboard.press('ArrowRight');
		await expect(step).toHaveText('0');
		await expect(fig.getByTestId('descent-regime')).toHaveText(
			/^η = 0\.31 is under 1\/2\.2 ≈ 0\.45/
		);
		await expect(page).toHaveURL(/descent\.lr=0\.31/);
		await expect(page).not.toHaveURL(/descent\.steps=/);
		await fig.getByRole('button', { name: 'Step' }).click();
		await expect(step).toHaveText('1');
		await fig.getByRole('button', { name: 'Reset FIG.09' }).click();
		await expect(step).toHaveText('0');
		await expect(fig.getByTestId('descent-regime')).toHaveText(/^η = 0\.30 /);
		await expect(fig.locator('.loop [aria-current="step"]')).toHaveCount(0);
		await expect(page).not.toHaveURL(/descent\./);
	});

	test('FIG.10: a new noise seed starts the race again, and Reset restores the defaults', async ({
		page
	}) => {
		await page.goto(`${LESSON_1}?optimisers.steps=30`);
		await hydrated(page);
		const fig = await reach(page, 'optimisers');
		const steps = fig.locator('#optimisers-steps');
		const seed = fig.getByRole('status', { name: 'Noise seed' });
		await expect(steps).toHaveText('30');
		await expect(seed).toHaveText('1');
		await fig.getByRole('button', { name: 'New noise seed' }).click();
		await expect(seed).toHaveText('2');
		await expect(steps).toHaveText('0');
		await fig.getByRole('button', { name: 'Step' }).click();
		await expect(steps).toHaveText('1');
		await expect(page).toHaveURL(/optimisers\.seed=2/);
		await fig.getByRole('button', { name: 'Reset FIG.10' }).click();
		await expect(seed).toHaveText('1');
		await expect(steps).toHaveText('0');
		await expect(page).not.toHaveURL(/optimisers\./);
	});

	test('FIG.10: the race updates every optimiser’s loss, and a seed replays it', async ({
		page
	}) => {
		await page.goto(LESSON_1);
		await hydrated(page);
		const fig = await reach(page, 'optimisers');
		const ids = ['gd', 'sgd', 'momentum', 'adam'];
		const before = await Promise.all(
			ids.map((id) => valueOf(fig.locator(`#optimisers-loss-${id}`)))
		);
		await fig.getByRole('button', { name: 'Play' }).click();
		await expect.poll(() => valueOf(fig.locator('#optimisers-steps'))).toBeGreaterThan(10);
		await fig.getByRole('button', { name: 'Pause' }).click();
		for (const [i, id] of ids.entries())
			expect(await valueOf(fig.locator(`#optimisers-loss-${id}`))).toBeLessThan(before[i]!);

		await fig.getByRole('button', { name: 'Step' }).click();
		const steps = await valueOf(fig.locator('#optimisers-steps'));
		const sgd = await valueOf(fig.locator('#optimisers-loss-sgd'));
		await expect(page).toHaveURL(new RegExp(`optimisers\\.steps=${steps}`));
		await page.reload();
		await hydrated(page);
		await expect(fig.locator('#optimisers-steps')).toHaveText(String(steps));
		expect(await valueOf(fig.locator('#optimisers-loss-sgd'))).toBe(sgd);
	});

	test('FIG.10: along the axes Adam arrives first; tilted 45° it falls behind momentum, by keyboard', async ({
		page
	}) => {
		await page.goto(`${LESSON_1}?optimisers.steps=200`);
		await hydrated(page);
		const fig = await reach(page, 'optimisers');
		const arrived = (id: string) =>
			fig.locator(`[data-racer="${id}"]`).getByRole('status', { name: 'Below 0.01 at step' });
		await expect(fig.locator('#optimisers-steps')).toHaveText('200');
		await expect(arrived('adam')).toHaveText('14');
		await expect(arrived('momentum')).toHaveText('29');
		await expect(arrived('gd')).toHaveText('150');
		await expect(
			fig.getByText('Race over after 200 steps: Adam got below 0.01 first.')
		).toBeVisible();

		// Tilting restarts the race, and the tilt goes into the link.
		const tilt = fig.getByRole('slider', { name: 'Valley tilt from the weight axes' });
		await expect(tilt).toHaveAttribute('aria-valuetext', '0°');
		await tilt.focus();
		await page.keyboard.press('ArrowRight');
		await expect(tilt).toHaveAttribute('aria-valuetext', '5°');
		await expect(fig.locator('#optimisers-steps')).toHaveText('0');
		await page.keyboard.press('End');
		await expect(tilt).toHaveAttribute('aria-valuetext', '45°');
		await expect(page).toHaveURL(/optimisers\.tilt=45/);
		await expect(fig.locator('svg[role="img"]').first()).toHaveAttribute(
			'aria-label',
			/turned 45° from the first weight’s axis/
		);

		// The same race, turned: a shared link replays it to the end.
		await page.goto(`${LESSON_1}?optimisers.tilt=45&optimisers.steps=200`);
		await hydrated(page);
		await reach(page, 'optimisers');
		await expect(arrived('adam')).toHaveText('88');
		await expect(arrived('momentum')).toHaveText('29');
		await expect(arrived('gd')).toHaveText('150');
		await expect(
			fig.getByText('Race over after 200 steps: Momentum got below 0.01 first.')
		).toBeVisible();
		await fig.getByRole('button', { name: 'Reset FIG.10' }).click();
		await expect(tilt).toHaveAttribute('aria-valuetext', '0°');
		await expect(page).not.toHaveURL(/optimisers\./);
	});

	test('the calculus figures have no axe violations, in light and dark themes', async ({
		page
	}) => {
		// The whole lesson is a big page; a still hero keeps the DOM steady while axe walks it.
		test.setTimeout(120_000);
		await page.emulateMedia({ reducedMotion: 'reduce' });
		await page.goto(
			`${LESSON_1}?descent.lr=1.2&descent.steps=300&chain.x=-1.2&optimisers.tilt=30&optimisers.steps=60`
		);
		await hydrated(page);
		// The reader has scrolled through the section, so every figure in it is live.
		const figures = ['tree', 'derivative', 'chain', 'descent', 'optimisers'];
		for (const id of figures) await reach(page, id);
		await expect(page.locator('#descent-loss')).toHaveText('NaN');
		const selectors = figures.map((id) => `#${id}`);
		await expectNoAxeViolations(page, selectors);
		await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
		await expectNoAxeViolations(page, selectors);
	});
});

test('@phone tapping the bowl drops a ball, and nothing overflows sideways', async ({
	page,
	baseURL
}) => {
	const watch = watchPage(page, new URL(baseURL!).origin);
	await page.goto(LESSON_1);
	await hydrated(page);
	const fig = await reach(page, 'descent');
	const svg = fig.locator('svg').first();
	await svg.scrollIntoViewIfNeeded();
	const box = (await svg.boundingBox())!;
	await page.touchscreen.tap(box.x + box.width * 0.8, box.y + box.height * 0.2);
	const loss = fig.locator('#descent-loss');
	await expect(fig.locator('#descent-step')).not.toHaveText('0');
	const start = await valueOf(loss);
	await expect.poll(() => valueOf(loss)).toBeLessThan(start);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	for (const id of ['tree', 'derivative', 'chain', 'descent', 'optimisers']) {
		const fits = await page
			.locator(`#${id}`)
			.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
		expect(fits, `#${id} fits the phone's width`).toBe(true);
	}
	expect(watch.problems).toEqual([]);
});

test('@phone FIG.00: a tap 8 px off a leaf picks that leaf, at once or after zooming into its cluster', async ({
	page
}) => {
	await page.goto(LESSON_1);
	await hydrated(page);
	const fig = await reach(page, 'tree');
	const svg = fig.locator('svg').first();
	const leaves = fig.getByRole('radio');
	const centre = async (i: number) => {
		const box = (await leaves.nth(i).boundingBox())!;
		return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	};
	// Leaves from every part of the tree, each tapped 8 px off its centre in a different direction.
	const tries = [3, 12, 20, 27, 36, 45, 50, 61];
	for (const [k, leaf] of tries.entries()) {
		const angle = (k * Math.PI) / 4;
		const off = (p: { x: number; y: number }) => ({
			x: p.x + 8 * Math.cos(angle),
			y: p.y + 8 * Math.sin(angle)
		});
		let at = off(await centre(leaf));
		await page.touchscreen.tap(at.x, at.y);
		if ((await svg.getAttribute('data-zoomed')) === 'true') {
			// Zoomed in on the cluster: every leaf in view is now a 24 px target at least.
			at = off(await centre(leaf));
			await page.touchscreen.tap(at.x, at.y);
		}
		await expect(leaves.nth(leaf)).toHaveAttribute('aria-checked', 'true');
		await expect(svg).toHaveAttribute('data-zoomed', 'false');
	}
});
