// How long a page blocks the main thread for a reader on a slow phone: Chromium with the CPU
// slowed 4× (as Lighthouse's mobile preset assumes), while the page loads, and while the reader
// only reads: first at the top (where the hero animates), then further down. Used by
// `npm run audit`.
//
//   const { loading, reading, longestTask } = await measureBlocking(browser, url);
//
// Blocking time is what Lighthouse calls total blocking time: for every task longer than 50 ms,
// the part beyond 50 ms (the time a tap would wait), summed.
import { chromium } from '@playwright/test';
import { CHROME_FLAGS, CHROME_PATH } from './chromium.mjs';

export const CPU_SLOWDOWN = 4;
/** After the load event, this long counts as still loading: hydration and deferred work. */
export const SETTLE_MS = 5000;
/** How long the reader reads at each place, once the page has come to rest there. */
export const READING_MS = 10_000;
/** Time for whatever the scroll brought near (figures that start when reached) to get ready. */
export const ARRIVAL_MS = 3000;
/** The reader scrolls to this fraction of the page's height. */
export const READ_AT = 0.45;
/** How long a page's activity (below) is watched once it is under way. */
export const ACTIVITY_MS = 10_000;

/**
 * What a reader does on a page besides reading, when it costs the page something: on lesson 2,
 * training the model (the worker trains; the page draws the chart, the samples, the maps).
 */
export const ACTIVITIES = {
	'/lessons/a-working-transformer': {
		name: 'training',
		async start(page) {
			await page.locator('#train').scrollIntoViewIfNeeded();
			await page
				.locator('#train-status')
				.filter({ hasText: 'Ready: press Start' })
				.waitFor({ timeout: 60_000 });
			await page.getByRole('button', { name: 'Start' }).click();
		}
	}
};

/** The middle value (the mean of the middle two for an even count). */
export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Records every long task the page runs, from its first script on, in window.__longTasks. */
function recordLongTasks() {
	const tasks = [];
	Object.defineProperty(window, '__longTasks', { value: tasks });
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) tasks.push([entry.startTime, entry.duration]);
	}).observe({ type: 'longtask', buffered: true });
}

/** Σ (duration − 50 ms) over tasks that started in [from, to), and the longest of them. */
export function blockingBetween(tasks, from, to) {
	let blocking = 0;
	let longest = 0;
	for (const [start, duration] of tasks) {
		if (start < from || start >= to) continue;
		blocking += Math.max(0, duration - 50);
		longest = Math.max(longest, duration);
	}
	return { blocking, longest };
}

/** Seconds the renderer's main thread has spent running tasks since Performance.enable. */
async function taskSeconds(cdp) {
	const { metrics } = await cdp.send('Performance.getMetrics');
	return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

export function launchBrowser() {
	return chromium.launch({ executablePath: CHROME_PATH, args: CHROME_FLAGS });
}

/**
 * Loading and reading blocking time of one page, in ms (a phone-sized window, 4× slower CPU).
 * `reading` adds up both places the reader reads: the top, then READ_AT of the way down;
 * `readingBusy` is the share of the time at the top that the main thread was busy, in percent;
 * `activity` is the blocking while the page's activity (ACTIVITIES) runs, if it has one.
 */
export async function measureBlocking(browser, url) {
	const context = await browser.newContext({
		viewport: { width: 412, height: 823 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	try {
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
		await page.addInitScript(recordLongTasks);
		await page.goto(url, { waitUntil: 'load' });
		await page.waitForTimeout(SETTLE_MS);
		const now = () => page.evaluate(() => performance.now());
		// Short tasks add up too: an animation that keeps the main thread busy every frame never
		// makes a long task, but it drains a phone's battery and delays every tap a little.
		await cdp.send('Performance.enable');
		const busyBefore = await taskSeconds(cdp);
		const loadedAt = await now();
		await page.waitForTimeout(READING_MS);
		const topReadTo = await now();
		const busyTop = (await taskSeconds(cdp)) - busyBefore;
		await page.evaluate((f) => window.scrollTo(0, document.body.scrollHeight * f), READ_AT);
		await page.waitForTimeout(ARRIVAL_MS);
		const readFrom = await now();
		await page.waitForTimeout(READING_MS);
		const readTo = await now();
		const activity = ACTIVITIES[new URL(url).pathname];
		let during = null;
		if (activity) {
			await activity.start(page);
			const from = await now();
			await page.waitForTimeout(ACTIVITY_MS);
			during = [from, await now()];
		}
		const tasks = await page.evaluate(() => window.__longTasks);
		const loading = blockingBetween(tasks, 0, loadedAt);
		const top = blockingBetween(tasks, loadedAt, topReadTo);
		const further = blockingBetween(tasks, readFrom, readTo);
		return {
			loading: Math.round(loading.blocking),
			longestTask: Math.round(loading.longest),
			reading: Math.round(top.blocking + further.blocking),
			readingBusy: Math.round((100 * busyTop * 1000) / (topReadTo - loadedAt)),
			activity: activity && {
				name: activity.name,
				blocking: Math.round(blockingBetween(tasks, ...during).blocking)
			}
		};
	} finally {
		await context.close();
	}
}
