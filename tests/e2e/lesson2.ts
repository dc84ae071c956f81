// Lesson 2 as a reader reaches it, for the specs that train: every figure reached (each starts
// when the reader comes near it), the trainer ready, and the step count read off FIG.02.
import { expect, type Page } from '@playwright/test';
import { hydrated, reach } from './helpers';

export const LESSON_2 = '/lessons/a-working-transformer';

/** Every figure reached, as a reader scrolls, then back to FIG.02. */
export async function reachAll(page: Page) {
	await hydrated(page);
	for (const id of ['samples', 'attention', 'own-text', 'train']) await reach(page, id);
}

/** Lesson 2 opened with `query`, every figure reached, and Start ready to be pressed. */
export async function ready(page: Page, query = '') {
	await page.goto(LESSON_2 + query);
	await reachAll(page);
	await expect(page.locator('#train-status')).toHaveText(/Ready: press Start/, { timeout: 15_000 });
}

/** The step FIG.02 shows ("1,234 / 50,000" → 1234). */
export const stepOf = async (page: Page) =>
	Number((await page.locator('#train-step').innerText()).split('/')[0]!.replace(/[^\d]/g, ''));
