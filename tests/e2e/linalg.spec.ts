// Browser tests for the linear-algebra figures of lesson 1: FIG.02 dot product, FIG.03 vector
// search, FIG.04 matrix multiply, FIG.05 shapes must line up, FIG.06 loops vs matrices. They drag,
// click and type the way a reader does, and read the <output> values.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, hydrated, LESSON_1, watchPage, reach } from './helpers';

/** Screen position of a data point in a figure whose square SVG maps [lo, hi]² with padding. */
async function screenPoint(
	svg: Locator,
	[x, y]: [number, number],
	{ lo, hi, size = 400, padding = 16 }: { lo: number; hi: number; size?: number; padding?: number }
) {
	const box = (await svg.boundingBox())!;
	const k = box.width / size;
	const sx = padding + ((x - lo) / (hi - lo)) * (size - 2 * padding);
	const sy = size - padding - ((y - lo) / (hi - lo)) * (size - 2 * padding);
	return { x: box.x + sx * k, y: box.y + sy * k };
}

async function centre(locator: Locator) {
	const box = (await locator.boundingBox())!;
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Drags a handle with the mouse to a point, in small steps like a hand would. The target is
 * measured after scrolling, so it is where the point is on screen when the drag starts.
 */
async function mouseDrag(
	page: Page,
	handle: Locator,
	target: () => Promise<{ x: number; y: number }>
) {
	await handle.scrollIntoViewIfNeeded();
	const from = await centre(handle);
	const to = await target();
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	await page.mouse.move(to.x, to.y, { steps: 8 });
	await page.mouse.up();
}

const value = async (output: Locator) => Number(await output.getAttribute('data-value'));

async function open(page: Page, baseURL: string | undefined) {
	const watch = watchPage(page, new URL(baseURL!).origin);
	await page.goto(LESSON_1);
	await hydrated(page);
	return watch;
}

test.describe('FIG.02, the dot product', () => {
	test('opens on the prose example: a · b = 5, aligned, 45°', async ({ page, baseURL }) => {
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'dot');
		await expect(fig.locator('figcaption')).toContainText('FIG.02 — The dot product');
		await expect(fig.getByRole('status', { name: 'a · b', exact: true })).toHaveText('5.00');
		await expect(fig.getByRole('status', { name: 'a · b, term by term' })).toHaveText(
			'3.0 × 1.0 + 1.0 × 2.0'
		);
		await expect(fig.getByRole('status', { name: 'Angle θ' })).toHaveText('45.0°');
		await expect(fig.getByRole('status', { name: 'Verdict' })).toHaveText('aligned');
		expect(watch.problems).toEqual([]);
	});

	test('dragging b opposite a makes the dot product negative and the verdict "opposing"', async ({
		page,
		baseURL
	}) => {
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'dot');
		const svg = fig.locator('svg').first();
		await mouseDrag(page, fig.getByRole('slider', { name: 'Tip of vector b' }), () =>
			screenPoint(svg, [-3, -1.5], { lo: -5, hi: 5 })
		);
		const dot = fig.getByRole('status', { name: 'a · b', exact: true });
		await expect.poll(() => value(dot)).toBeLessThan(0);
		await expect(fig.getByRole('status', { name: 'Verdict' })).toHaveText('opposing');
		await expect(fig.getByRole('status', { name: 'b', exact: true })).toHaveText(/^\(−/);
		await expect(page).toHaveURL(/dot\.b=-/);
		expect(watch.problems).toEqual([]);
	});

	test('arrow keys move the focused tip by 0.1, Shift by 1, and the read-outs follow', async ({
		page,
		baseURL
	}) => {
		await open(page, baseURL);
		const fig = await reach(page, 'dot');
		await fig.getByRole('slider', { name: 'Tip of vector a' }).focus();
		await page.keyboard.press('ArrowRight');
		await expect(fig.getByRole('status', { name: 'a', exact: true })).toHaveText('(3.1, 1.0)');
		await expect(fig.getByRole('status', { name: 'a · b', exact: true })).toHaveText('5.10');
		await page.keyboard.press('Shift+ArrowUp');
		await expect(fig.getByRole('status', { name: 'a', exact: true })).toHaveText('(3.1, 2.0)');
		await expect(fig.getByRole('status', { name: 'a · b', exact: true })).toHaveText('7.10');

		// Make b perpendicular to a = (3.1, 2): b = (−2, 3.1) gives −6.2 + 6.2 = 0.
		await fig.getByRole('slider', { name: 'Tip of vector b' }).focus();
		for (const key of ['Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowUp']) {
			await page.keyboard.press(key);
		}
		await page.keyboard.press('ArrowUp');
		await expect(fig.getByRole('status', { name: 'b', exact: true })).toHaveText('(−2.0, 3.1)');
		await expect(fig.getByRole('status', { name: 'Verdict' })).toHaveText('perpendicular');
		await expect(fig.getByRole('status', { name: 'Angle θ' })).toHaveText('90.0°');
	});

	test('a zero-length vector is explained, not NaN, and the projection can be shown', async ({
		page,
		baseURL
	}) => {
		await open(page, baseURL);
		const fig = await reach(page, 'dot');
		await fig.getByRole('checkbox', { name: 'Show the projection of b onto a' }).check();
		await expect(fig.locator('line.projection')).toHaveCount(1);
		await fig.getByRole('slider', { name: 'Tip of vector a' }).focus();
		for (const key of ['Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowDown'])
			await page.keyboard.press(key);
		await expect(fig.getByRole('status', { name: 'a', exact: true })).toHaveText('(0.0, 0.0)');
		await expect(fig.getByRole('status', { name: 'Verdict' })).toHaveText('no direction');
		await expect(fig.getByRole('status', { name: 'Angle θ' })).toHaveText('none');
		await expect(fig).toContainText('a has zero length, so there is no direction and no angle');
		await expect(fig).not.toContainText('NaN');
		await expect(fig.locator('line.projection')).toHaveCount(0);

		await fig.getByRole('button', { name: 'Reset FIG.02' }).click();
		await expect(fig.getByRole('status', { name: 'Verdict' })).toHaveText('aligned');
	});
});

test.describe('FIG.03, vector search', () => {
	test('dragging the query re-ranks the list and moves the highlight', async ({
		page,
		baseURL
	}) => {
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'search');
		const rows = fig
			.getByRole('table', { name: 'Words ranked by cosine similarity' })
			.locator('tbody tr');
		await expect(rows.first()).toHaveAttribute('data-word', 'dog');
		await expect(fig.getByRole('status', { name: 'Top match' })).toHaveText('dog');
		await expect(fig.locator('g.word.top')).toHaveAttribute('data-word', 'dog');

		const svg = fig.locator('svg').first();
		await mouseDrag(page, fig.getByRole('slider', { name: 'Tip of the query arrow' }), () =>
			screenPoint(svg, [-3, 2], { lo: -6, hi: 6 })
		);
		await expect(rows.first()).toHaveAttribute('data-word', 'car');
		await expect(fig.getByRole('status', { name: 'Top match' })).toHaveText('car');
		await expect
			.poll(() => value(fig.getByRole('status', { name: 'Its cos θ' })))
			.toBeGreaterThan(0.99);
		await expect(fig.locator('g.word.top')).toHaveAttribute('data-word', 'car');
		expect(watch.problems).toEqual([]);
	});

	test('doubling the query doubles raw scores but keeps every cosine and the ranking', async ({
		page,
		baseURL
	}) => {
		await open(page, baseURL);
		const fig = await reach(page, 'search');
		const rows = fig.locator('#search-table tbody tr');
		const snapshot = async () =>
			rows.evaluateAll((trs) =>
				trs.map((tr) => ({
					word: tr.getAttribute('data-word'),
					cos: tr.children[2]!.textContent,
					dot: Number(tr.children[3]!.textContent!.replace('\u2212', '-'))
				}))
			);
		const before = await snapshot();
		await fig.getByRole('button', { name: 'Double the query' }).click();
		await expect(fig.getByRole('status', { name: 'Query length |q|' })).toHaveText('4.94');
		const after = await snapshot();
		expect(after.map((r) => [r.word, r.cos])).toEqual(before.map((r) => [r.word, r.cos]));
		after.forEach((r, i) => expect(r.dot).toBeCloseTo(2 * before[i]!.dot, 1));

		// A long word climbs the raw ranking while its cosine rank stays put.
		const dog = fig.locator('#search-table tr[data-word="dog"]');
		await expect(dog.locator('td').nth(3)).toHaveText('2');
		await fig.getByRole('combobox', { name: /longer/ }).selectOption('dog');
		await expect(dog.locator('td').nth(3)).toHaveText('1');
		await expect(rows.first()).toHaveAttribute('data-word', 'dog');
	});

	test('the query moves by keyboard too', async ({ page, baseURL }) => {
		await open(page, baseURL);
		const fig = await reach(page, 'search');
		await fig.getByRole('slider', { name: 'Tip of the query arrow' }).focus();
		for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowLeft');
		await expect(fig.locator('#search-table tbody tr').first()).toHaveAttribute('data-word', 'car');
	});
});

test.describe('FIG.04, matrix multiply', () => {
	test('pointing at C[i][j] highlights row i of A and column j of B, and explains the cell', async ({
		page,
		baseURL
	}) => {
		await open(page, baseURL);
		const fig = await reach(page, 'matmul');
		const cell = fig.getByRole('button', { name: 'C row 1, column 2: 1', exact: true });
		await cell.hover();
		await expect(cell).toHaveAttribute('aria-pressed', 'true');
		const highlightedA = fig.locator('input.hl[aria-label^="A "]');
		const highlightedB = fig.locator('input.hl[aria-label^="B "]');
		await expect(highlightedA).toHaveCount(3);
		for (const input of await highlightedA.all())
			await expect(input).toHaveAttribute('aria-label', /^A row 1,/);
		await expect(highlightedB).toHaveCount(3);
		for (const input of await highlightedB.all())
			await expect(input).toHaveAttribute('aria-label', /column 2$/);
		const explain = fig.getByRole('status', { name: 'Selected cell', exact: true });
		await expect(explain).toHaveText(
			'C1,2 = row 1 of A · column 2 of B = 1 × 1 + 2 × 0 + 0 × 1 = 1'
		);
		const cellValue = fig.getByRole('status', { name: 'Value of the selected cell' });
		expect(await value(cellValue)).toBe(Number(await cell.getAttribute('data-value')));
	});

	test('focusing a cell of C by keyboard explains it too', async ({ page, baseURL }) => {
		await open(page, baseURL);
		const fig = await reach(page, 'matmul');
		await fig.getByRole('button', { name: 'C row 1, column 1: 4', exact: true }).focus();
		await page.keyboard.press('Tab');
		await expect(
			fig.getByRole('button', { name: 'C row 1, column 2: 1', exact: true })
		).toBeFocused();
		await page.keyboard.press('Tab');
		await expect(fig.getByRole('status', { name: 'Selected cell', exact: true })).toHaveText(
			'C2,1 = row 2 of A · column 1 of B = 0 × 2 + 1 × 1 + 3 × 4 = 13'
		);
		await expect(fig.locator('input.hl[aria-label^="A row 2"]')).toHaveCount(3);
	});

	test('editing an A cell changes C; bad input keeps the last value and says so', async ({
		page,
		baseURL
	}) => {
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'matmul');
		const a11 = fig.getByRole('spinbutton', { name: 'A row 1, column 1' });
		await a11.fill('5');
		// Row 1 of C = (5, 2, 0) · B = (5·2 + 2·1 + 0·4, 5·1 + 2·0 + 0·1) = (12, 5).
		await expect(
			fig.getByRole('button', { name: 'C row 1, column 1: 12', exact: true })
		).toBeVisible();
		await expect(
			fig.getByRole('button', { name: 'C row 1, column 2: 5', exact: true })
		).toBeVisible();
		await expect(page).toHaveURL(/matmul\.A=5,2,0,0,1,3/);

		await a11.click();
		await page.keyboard.press('Control+A');
		await page.keyboard.press('Backspace');
		await expect(a11).toHaveAttribute('aria-invalid', 'true');
		await expect(fig).toContainText('A1,1 is empty or not a number: the product still uses 5.');
		await expect(
			fig.getByRole('button', { name: 'C row 1, column 1: 12', exact: true })
		).toBeVisible();
		await a11.blur();
		await expect(a11).toHaveValue('5');
		await expect(a11).not.toHaveAttribute('aria-invalid', 'true');

		await a11.fill('42');
		await expect(fig).toContainText('A1,1 must be between −9 and 9');
		await expect(
			fig.getByRole('button', { name: 'C row 1, column 1: 12', exact: true })
		).toBeVisible();
		expect(watch.problems).toEqual([]);
	});

	test('changing n reshapes both A and B', async ({ page, baseURL }) => {
		await open(page, baseURL);
		const fig = await reach(page, 'matmul');
		await fig.getByRole('combobox', { name: /Columns of A = rows of B/ }).selectOption('4');
		await expect(fig.getByRole('group', { name: 'Matrix A, 2 by 4' })).toBeVisible();
		await expect(fig.getByRole('group', { name: 'Matrix B, 4 by 2' })).toBeVisible();
		await expect(
			fig.getByRole('button', { name: 'C row 2, column 1: 13', exact: true })
		).toBeVisible();
	});
});

test.describe('FIG.05, shapes must line up', () => {
	test('a mismatch is explained; a match gives m×p and its cost; garbage never breaks it', async ({
		page,
		baseURL
	}) => {
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'shapes');
		const why = fig.getByRole('status', { name: 'Why' });
		const result = fig.getByRole('status', { name: 'Result' });
		await expect(result).toHaveText('does not exist');
		await expect(why).toContainText('A has 3 columns but B has 4 rows (3 ≠ 4)');
		await expect(fig).toContainText('must match');

		const n2 = fig.getByRole('spinbutton', { name: 'n′, rows of B' });
		await n2.fill('3');
		await expect(result).toHaveText('2×2');
		await expect(fig.getByRole('status', { name: 'Multiply-adds (m·n·p)' })).toHaveText('12');
		await expect(why).toContainText('2 × 3 × 2 = 12 multiply-adds');

		await n2.fill('-5');
		await expect(why).toContainText('(3 ≠ 1)');
		await expect(fig).toContainText('a matrix needs at least 1 row');
		await n2.fill('');
		await expect(fig).toContainText('not a number, so the figure keeps 1');
		await fig.getByRole('spinbutton', { name: 'p, columns of B' }).fill('1e9');
		await expect(fig).toContainText('this figure stops at 8');
		await n2.blur();
		await expect(n2).toHaveValue('1');
		expect(watch.problems).toEqual([]);
	});
});

test.describe('number boxes keep what the reader types', () => {
	test('the first edit of a box on a fresh load is not undone (FIG.05 m, FIG.04 A1,1)', async ({
		page,
		baseURL
	}) => {
		await open(page, baseURL);
		const shapes = await reach(page, 'shapes');
		const m = shapes.getByRole('spinbutton', { name: /^m, rows of A/ });
		await m.focus();
		await page.keyboard.press('End');
		await page.keyboard.press('Backspace');
		await page.keyboard.type('5');
		await expect(m).toHaveValue('5');
		await expect(shapes.getByRole('status', { name: 'Why' })).not.toContainText('stops at 8');

		const matmul = await reach(page, 'matmul');
		const a11 = matmul.getByRole('spinbutton', { name: /A row 1, column 1/ });
		await a11.focus();
		await page.keyboard.press('End');
		await page.keyboard.press('Backspace');
		await page.keyboard.type('4');
		await expect(a11).toHaveValue('4');
	});

	test('a box shows what is typed until the reader leaves it', async ({ page, baseURL }) => {
		await open(page, baseURL);
		const shapes = await reach(page, 'shapes');
		const p = shapes.getByRole('spinbutton', { name: /^p, columns of B/ });
		await p.focus();
		await page.keyboard.press('End');
		await page.keyboard.press('Backspace');
		await page.keyboard.type('1e12');
		await expect(p).toHaveValue('1e12');
		await expect(shapes).toContainText('this figure stops at 8');
		await p.blur();
		await expect(p).toHaveValue('8');
	});
});

test.describe('FIG.06, loops vs matrices', () => {
	test('does nothing on load, then times three rungs in a worker, checks the results and shows each ratio', async ({
		page,
		baseURL
	}) => {
		const workers: string[] = [];
		page.on('request', (r) => {
			if (/bench\.worker/.test(r.url())) workers.push(r.url());
		});
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'loops');
		await fig.scrollIntoViewIfNeeded();
		await expect(fig.getByRole('status', { name: 'Status' })).toHaveText(/Nothing measured yet/);
		expect(workers).toEqual([]);

		await fig.getByRole('combobox', { name: 'Matrix size' }).selectOption('64');
		await fig.getByRole('button', { name: 'Run 64×64' }).click();
		await expect(fig.getByRole('status', { name: 'Status' })).toHaveText(/^Results match/, {
			timeout: 20_000
		});
		expect(workers).toHaveLength(1);
		await expect(fig.getByRole('status', { name: 'Size' })).toHaveText('64×64');
		await expect(fig.getByRole('status', { name: 'Runs' })).toHaveText(/^median of 5 runs/);
		// All three rungs ran, the SIMD one included: Chromium's worker compiles the kernels.
		for (const rung of ['Plain loops', 'Blocked TypeScript kernel', 'WebAssembly SIMD kernel']) {
			await expect(fig.getByRole('status', { name: `${rung}, one product` })).toHaveText(/ ms$/);
			await expect(fig.getByRole('status', { name: `${rung}, against the loops` })).toHaveText(
				/^[\d.]+×$/
			);
		}
		await expect(fig.getByRole('status', { name: 'Plain loops, against the loops' })).toHaveText(
			'1×'
		);
		await expect(fig.locator('#loops-headline')).toHaveText(
			/^On this device, (thinking in matrices made the 64×64 product [\d.]+× faster: .* against plain loops|the plain loops were the fastest .*)\.$/
		);
		await expect(fig.getByText(/WebAssembly SIMD cannot run/)).toHaveCount(0);

		// A second run fills the table of every run, one column per rung.
		await fig.getByRole('button', { name: 'Run 64×64' }).click();
		await expect(fig.getByRole('table')).toBeVisible({ timeout: 20_000 });
		await expect(fig.getByRole('table').getByRole('row')).toHaveCount(3);
		await expect(fig.getByRole('columnheader', { name: 'WebAssembly SIMD kernel' })).toBeVisible();
		expect(watch.problems).toEqual([]);
	});

	test('Run hands the focus to Cancel, and Cancel hands it back to Run', async ({
		page,
		baseURL
	}) => {
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'loops');
		await fig.getByRole('combobox', { name: 'Matrix size' }).selectOption('512');
		await fig.getByRole('button', { name: 'Run 512×512' }).click();
		await expect(fig.getByRole('button', { name: 'Cancel' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(fig.getByRole('button', { name: 'Run 512×512' })).toBeFocused();
		expect(watch.problems).toEqual([]);
	});

	test('Cancel stops the worker and the figure says so', async ({ page, baseURL }) => {
		const watch = await open(page, baseURL);
		const fig = await reach(page, 'loops');
		await fig.getByRole('combobox', { name: 'Matrix size' }).selectOption('512');
		await fig.getByRole('button', { name: 'Run 512×512' }).click();
		await expect(fig.getByRole('button', { name: 'Cancel' })).toBeEnabled();
		await fig.getByRole('button', { name: 'Cancel' }).click();
		await expect(fig.getByRole('status', { name: 'Status' })).toHaveText(
			/^Cancelled: the worker was stopped .* 512×512/
		);
		await expect(fig.getByRole('button', { name: 'Run 512×512' })).toBeEnabled();
		await expect(fig.getByRole('status', { name: 'Plain loops, one product' })).toHaveCount(0);
		expect(watch.problems).toEqual([]);
	});
});

test('the page with all five figures has zero axe violations in both themes and no console errors', async ({
	page,
	baseURL
}) => {
	// axe walks the whole long lesson page, every figure on it included.
	test.setTimeout(150_000);
	const watch = await open(page, baseURL);
	for (const id of ['dot', 'search', 'matmul', 'shapes', 'loops'])
		await expect(page.locator(`#${id}`)).toBeVisible();
	await page
		.locator('#matmul')
		.getByRole('button', { name: 'C row 2, column 2: 3', exact: true })
		.hover();
	await expectNoAxeViolations(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	await expectNoAxeViolations(page);
	expect(watch.problems).toEqual([]);
});

test.describe('on a phone @phone', () => {
	test('a tip can be dragged by touch, taps work and nothing overflows', async ({
		page,
		baseURL
	}) => {
		const watch = await open(page, baseURL);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);

		const fig = await reach(page, 'dot');
		const handle = fig.getByRole('slider', { name: 'Tip of vector b' });
		await handle.scrollIntoViewIfNeeded();
		const from = await centre(handle);
		const to = await screenPoint(fig.locator('svg').first(), [-3, -1.5], { lo: -5, hi: 5 });
		const cdp = await page.context().newCDPSession(page);
		const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', p?: { x: number; y: number }) =>
			cdp.send('Input.dispatchTouchEvent', {
				type,
				touchPoints: p ? [{ x: p.x, y: p.y }] : []
			});
		await touch('touchStart', from);
		for (let i = 1; i <= 8; i++)
			await touch('touchMove', {
				x: from.x + ((to.x - from.x) * i) / 8,
				y: from.y + ((to.y - from.y) * i) / 8
			});
		await touch('touchEnd');
		await expect(fig.getByRole('status', { name: 'Verdict' })).toHaveText('opposing');

		const matmul = page.locator('#matmul');
		await matmul.getByRole('button', { name: 'C row 2, column 2: 3', exact: true }).tap();
		await expect(matmul.getByRole('status', { name: 'Selected cell', exact: true })).toHaveText(
			/^C2,2 = .* = 3$/
		);
		const after = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(after).toBeLessThanOrEqual(0);
		expect(watch.problems).toEqual([]);
	});
});
