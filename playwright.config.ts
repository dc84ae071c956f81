import { defineConfig, devices } from '@playwright/test';
import { CHROME_FLAGS, CHROME_PATH } from './scripts/chromium.mjs';
import { ORIGIN, PORT, SUBPATH_ORIGIN, SUBPATH_PORT } from './tests/e2e/ports';

const chromium = { executablePath: CHROME_PATH, args: CHROME_FLAGS };

export const SUBPATH = '/trenchcoat';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	forbidOnly: !!process.env.CI,
	retries: 0,
	workers: 2,
	reporter: process.env.CI ? [['list']] : [['list']],
	// Lesson 1 is a long page with a dozen live figures; two cores run two browsers at once.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: ORIGIN,
		launchOptions: chromium,
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'desktop',
			use: { ...devices['Desktop Chrome'], launchOptions: chromium },
			grepInvert: /@phone/
		},
		{
			name: 'phone',
			use: { ...devices['Pixel 7'], launchOptions: chromium },
			// The phone run covers what differs on a small touch screen.
			grep: /@phone/
		}
	],
	// Both builds are made by `npm run build:e2e` first; these only serve them.
	webServer: [
		{
			command: `node scripts/serve-static.mjs --dir build --port ${PORT}`,
			url: `${ORIGIN}/`,
			reuseExistingServer: false
		},
		{
			command: `node scripts/serve-static.mjs --dir build-subpath --port ${SUBPATH_PORT} --base ${SUBPATH}`,
			url: `${SUBPATH_ORIGIN}${SUBPATH}/`,
			reuseExistingServer: false
		}
	]
});
