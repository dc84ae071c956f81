// Lesson 2's trained model is never lost (issue 16): it is kept in the browser and restored after
// a reload or a visit elsewhere, a Reset or a new text asks before throwing away a model trained
// for a while, and the model goes out as a .safetensors file and comes back from one.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, watchPage, type PageWatch } from './helpers';
import { reachAll, ready, stepOf } from './lesson2';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function trainToTheEnd(page: Page, steps: number) {
	await button(page, 'Start').click();
	await expect(page.locator('#train-status')).toHaveText(
		new RegExp(`Finished ${steps.toLocaleString('en-GB')} steps`),
		{ timeout: 30_000 }
	);
}

async function generatedNames(page: Page): Promise<string[]> {
	await button(page, 'Generate names').click();
	const names = page.getByRole('list', { name: 'Generated names' }).getByRole('listitem');
	await expect(names).toHaveCount(12);
	return names.allInnerTexts();
}

test.describe('lesson 2: nothing the reader trains is lost', () => {
	let watch: PageWatch;

	test.beforeEach(async ({ page, baseURL }) => {
		watch = watchPage(page, new URL(baseURL!).origin);
	});

	test.afterEach(() => {
		expect(watch.problems).toEqual([]);
	});

	test('a trained model survives a reload, and Start fresh forgets it', async ({ page }) => {
		await ready(page, '?train.steps=300');
		await trainToTheEnd(page, 300);
		const loss = await page.locator('#train-loss').getAttribute('data-value');

		await page.reload();
		await reachAll(page);
		await expect(page.locator('#train-kept')).toHaveText(
			'Restored the model you trained (step 300).',
			{ timeout: 15_000 }
		);
		await expect(page.locator('#train-step')).toHaveText('300 / 300');
		await expect(page.locator('#train-loss')).toHaveAttribute('data-value', loss!);
		await expect(page.locator('#train .smoothed')).toHaveAttribute('d', /^M/);

		await button(page, 'Start fresh').click();
		await expect.poll(() => stepOf(page)).toBe(0);
		await expect(page.locator('#train-kept')).toHaveText('');
		await page.reload();
		await reachAll(page);
		await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, {
			timeout: 15_000
		});
		await expect(page.locator('#train-kept')).toHaveText('');
	});

	test('a shared link with other settings shows what it asks for, and offers the kept model', async ({
		page
	}) => {
		await ready(page, '?train.steps=300');
		await trainToTheEnd(page, 300);
		await ready(page, '?train.steps=200&train.seed=7');
		await expect(page.locator('#train-kept')).toHaveText(
			'A model you trained (step 300) is kept in this browser; this page was opened with other settings.'
		);
		await expect(page.locator('#train-step')).toHaveText('0 / 200');
		await button(page, 'Restore it').click();
		await expect(page.locator('#train-kept')).toHaveText(
			'Restored the model you trained (step 300).'
		);
		await expect(page.locator('#train-step')).toHaveText('300 / 300');
		// The restored model's settings are the page's now (the seed is back to the default, 42).
		await expect(page).toHaveURL(/\?train\.steps=300$/);
	});

	test('leaving the lesson pauses training; coming back finds the model where it stopped', async ({
		page
	}) => {
		await ready(page, '?train.steps=50000');
		await button(page, 'Start').click();
		await expect.poll(() => stepOf(page)).toBeGreaterThan(200);
		await page.getByRole('link', { name: 'All lessons' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect.poll(() => page.workers().length).toBe(0);

		await page.goBack();
		await reachAll(page);
		await expect(page.locator('#train-kept')).toHaveText(
			/^Restored the model you trained \(step [\d,]+\)\.$/,
			{ timeout: 15_000 }
		);
		const step = await stepOf(page);
		expect(step).toBeGreaterThan(200);
		await expect(page.locator('#train-status')).toHaveText('Paused.');
		await button(page, 'Resume').click();
		await expect.poll(() => stepOf(page)).toBeGreaterThan(step);
		await button(page, 'Pause').click();
	});

	test('a Reset or a new text asks first once the model has trained for a few seconds', async ({
		page
	}) => {
		await ready(page, '?train.steps=50000');
		await button(page, 'Start').click();
		// Training time, not wall-clock time: the read-out says how long the model has trained.
		await expect
			.poll(async () => parseFloat(await page.locator('#train-elapsed').innerText()), {
				timeout: 30_000
			})
			.toBeGreaterThan(5.5);
		await button(page, 'Pause').click();
		const step = await stepOf(page);

		await button(page, 'Reset training').click();
		const dialog = page.getByRole('dialog', { name: 'Throw away the trained model?' });
		await expect(dialog).toBeVisible();
		await expect(dialog).toHaveAccessibleDescription(
			/The model has trained for [\d.]+ s \(step [\d,]+\)\. Reset training replaces it/
		);
		await expect(dialog.getByRole('button', { name: 'Keep the model' })).toBeFocused();
		await expectNoAxeViolations(page);
		await dialog.getByRole('button', { name: 'Keep the model' }).click();
		await expect(dialog).toBeHidden();
		expect(await stepOf(page)).toBe(step);

		await page.getByLabel('Your text, one item per line').fill('paris\nlondon\nrome');
		await button(page, 'Train on this').click();
		await expect(dialog).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(page.locator('#own-text-source')).toHaveText(/The names/);
		expect(await stepOf(page)).toBe(step);

		await button(page, 'Reset training').click();
		await dialog.getByRole('button', { name: 'Reset training' }).click();
		await expect.poll(() => stepOf(page)).toBe(0);
	});

	test('Download model saves a .safetensors file; Load model brings it back, drawing the same names', async ({
		page
	}) => {
		await ready(page, '?train.steps=300');
		await trainToTheEnd(page, 300);
		const trainedNames = await generatedNames(page);

		const downloading = page.waitForEvent('download');
		await button(page, 'Download model').click();
		const download = await downloading;
		expect(download.suggestedFilename()).toBe('trenchcoat-gpt-micro-step-300.safetensors');
		const bytes = readFileSync(await download.path());
		const headerLength = Number(bytes.readBigUInt64LE(0));
		const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
		expect(header.wte).toMatchObject({ dtype: 'F32', shape: [27, 16] });
		expect(header['layer0.attn_wq']).toMatchObject({ dtype: 'F32', shape: [16, 16] });
		expect(header.__metadata__).toMatchObject({ format: 'trenchcoat-gpt', step: '300' });

		await button(page, 'Reset training').click();
		await expect.poll(() => stepOf(page)).toBe(0);
		expect(await generatedNames(page)).not.toEqual(trainedNames);

		await page.getByLabel('Load model (.safetensors)').setInputFiles({
			name: download.suggestedFilename(),
			mimeType: 'application/octet-stream',
			buffer: bytes
		});
		await expect(page.locator('#train-kept')).toHaveText(
			/^Loaded “trenchcoat-gpt-micro-step-300\.safetensors”, a model trained for 300 steps\./
		);
		expect(await generatedNames(page)).toEqual(trainedNames);
	});

	test('a malformed model file is refused with a message, and the model is unchanged', async ({
		page
	}) => {
		await ready(page, '?train.steps=300');
		await trainToTheEnd(page, 300);
		const load = page.getByLabel('Load model (.safetensors)');
		await load.setInputFiles({
			name: 'names.safetensors',
			mimeType: 'application/octet-stream',
			buffer: Buffer.from('emma\nolivia\nava\n')
		});
		await expect(page.locator('#train-file-error')).toHaveText(
			/^Not a model this page can load: its header claims [\d,]+ bytes, more than it has\.$/
		);
		await expect(page.locator('#train-step')).toHaveText('300 / 300');
		await expect(page.locator('#train-status')).toHaveText(/Finished 300 steps/);
	});

	test('has zero axe violations with a restored model, in both themes', async ({ page }) => {
		await ready(page, '?train.steps=200');
		await trainToTheEnd(page, 200);
		await page.reload();
		await reachAll(page);
		await expect(page.locator('#train-kept')).toHaveText(/Restored/, { timeout: 15_000 });
		await expectNoAxeViolations(page);
		await page.emulateMedia({ colorScheme: 'dark' });
		await expectNoAxeViolations(page);
	});
});
