import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, hydrated, LESSON_1, ROUTES, watchPage } from './helpers';
import { ORIGIN } from './ports';

for (const route of ROUTES) {
	test.describe(`route ${route}`, () => {
		test('loads with no console errors, no page errors and no request to another origin', async ({
			page
		}) => {
			const watch = watchPage(page, ORIGIN);
			await page.goto(route);
			await hydrated(page);
			await page.mouse.wheel(0, 4000);
			await page.waitForTimeout(300);
			expect(watch.problems).toEqual([]);
		});

		test('renders its prose and headings with JavaScript disabled', async ({ browser }) => {
			const context = await browser.newContext({ javaScriptEnabled: false });
			const page = await context.newPage();
			await page.goto(route);
			await expect(page.locator('h1')).toHaveCount(1);
			await expect(page.locator('h1')).not.toBeEmpty();
			expect(await page.locator('main p').count()).toBeGreaterThan(2);
			await context.close();
		});

		for (const scheme of ['light', 'dark'] as const) {
			test(`has zero axe violations in the ${scheme} theme`, async ({ page }) => {
				// A whole lesson is thousands of nodes of typeset maths and a dozen figures: axe
				// needs more than the default 30 s on two cores. Reduced motion keeps the hero
				// still, so axe reads a settled page instead of chasing animation frames.
				test.setTimeout(120_000);
				await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
				await page.goto(route);
				await hydrated(page);
				const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
				expect(bg).toBe(scheme === 'dark' ? 'rgb(18, 21, 28)' : 'rgb(250, 248, 243)');
				await expectNoAxeViolations(page);
			});
		}

		test('has a title, a description, a canonical URL and a share card that resolves', async ({
			page,
			request
		}) => {
			await page.goto(route);
			const meta = (selector: string, attr = 'content') =>
				page.locator(selector).getAttribute(attr);
			expect(await page.title()).toMatch(/Trenchcoat/);
			expect((await meta('meta[name="description"]'))!.length).toBeGreaterThan(50);
			const canonical = new URL((await meta('link[rel="canonical"]', 'href'))!);
			expect(canonical.pathname).toBe(route);
			expect(await meta('meta[property="og:url"]')).toBe(canonical.href);
			expect(await meta('meta[property="og:title"]')).toBe(await page.title());
			expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image');
			const image = new URL((await meta('meta[property="og:image"]'))!);
			expect(image.origin).toBe(canonical.origin);
			expect(await meta('meta[name="twitter:image"]')).toBe(image.href);
			expect((await meta('meta[property="og:image:alt"]'))!.length).toBeGreaterThan(20);
			const res = await request.get(image.pathname);
			expect(res.status()).toBe(200);
			expect(res.headers()['content-type']).toBe('image/png');
			const png = await res.body();
			// The PNG signature, then the IHDR chunk's width and height.
			expect(png.subarray(1, 4).toString()).toBe('PNG');
			expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
		});

		test('every internal link resolves, including its #fragment', async ({ page, request }) => {
			await page.goto(route);
			const hrefs = await page
				.locator('a[href]')
				.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
			const internal = [...new Set(hrefs.filter((h) => h.startsWith(ORIGIN)))];
			expect(internal.length).toBeGreaterThan(0);
			for (const href of internal) {
				const url = new URL(href);
				const res = await request.get(url.pathname);
				expect(res.status(), href).toBe(200);
				if (url.hash) {
					const html = await res.text();
					expect(html, `${href} has no element with that id`).toContain(
						`id="${decodeURIComponent(url.hash.slice(1))}"`
					);
				}
			}
		});
	});
}

test('the theme choice survives a reload and is applied before the app starts', async ({
	page
}) => {
	await page.emulateMedia({ colorScheme: 'light' });
	await page.goto(LESSON_1);
	await hydrated(page);
	await page.getByRole('button', { name: 'Dark' }).click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

	// Hold back the app's JavaScript: the saved theme must not depend on it (no flash).
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await new Promise((r) => setTimeout(r, 1500));
		await route.continue();
	});
	await page.reload({ waitUntil: 'commit' });
	await page.waitForSelector('body');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	expect(bg).toBe('rgb(18, 21, 28)');
	await page.unrouteAll({ behavior: 'wait' });
	await page.reload();
	await hydrated(page);
	await expect(page.getByRole('button', { name: 'Dark' })).toHaveAttribute('aria-pressed', 'true');

	await page.getByRole('button', { name: 'System' }).click();
	await page.reload();
	await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('the theme follows the system setting until the reader chooses', async ({ page }) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.goto('/');
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	expect(bg).toBe('rgb(18, 21, 28)');
	await page.emulateMedia({ colorScheme: 'light' });
	const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	expect(light).toBe('rgb(250, 248, 243)');
});

test('the Content-Security-Policy forbids inline script, eval and other origins, and allows WebAssembly', async ({
	page
}) => {
	const watch = watchPage(page, ORIGIN);
	await page.goto(LESSON_1);
	await hydrated(page);
	const csp = await page
		.locator('meta[http-equiv="content-security-policy"]')
		.getAttribute('content');
	expect(csp).toContain("default-src 'self'");
	// Scripts: the site's own files plus SvelteKit's bootstrap by hash, and the compiling of
	// WebAssembly (the engine's kernels); nothing inline, no JavaScript eval.
	expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')*;/);
	const scriptSrc = /script-src ([^;]*)/.exec(csp ?? '')?.[1] ?? '';
	expect(scriptSrc.match(/'[^']*unsafe[^']*'/g)).toEqual(["'wasm-unsafe-eval'"]);
	expect(csp).not.toMatch(/'unsafe-eval'/);
	expect(csp).not.toMatch(/https?:/);

	const injected = await page.evaluate(async () => {
		const script = document.createElement('script');
		script.textContent = 'window.__injected = true';
		document.body.append(script);
		await new Promise((r) => setTimeout(r, 50));
		return '__injected' in window;
	});
	expect(injected).toBe(false);
	// Code from a string is refused, however it is asked for; a WebAssembly module compiles.
	// Both run from a timer, as the page's own code would: code that Playwright evaluates
	// directly is exempt from the page's CSP.
	const { evaluated, compiled } = await page.evaluate(
		() =>
			new Promise<{ evaluated: string[]; compiled: string }>((resolve) =>
				setTimeout(() => {
					const evaluated = [() => eval('1 + 1'), () => new Function('return 1 + 1')()].map(
						(run) => {
							try {
								return String(run());
							} catch (e) {
								return (e as Error).name;
							}
						}
					);
					// the smallest module: the magic number and version 1
					const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
					WebAssembly.compile(empty).then(
						() => resolve({ evaluated, compiled: 'compiled' }),
						(e: Error) => resolve({ evaluated, compiled: e.name })
					);
				})
			)
	);
	expect(evaluated).toEqual(['EvalError', 'EvalError']);
	expect(compiled).toBe('compiled');
	// The blocked attempts are reported as CSP violations; nothing else may be.
	expect(watch.problems.filter((p) => !/Content Security Policy/i.test(p))).toEqual([]);
});

test('the prerendered lesson holds six sections and typeset equations', async ({ request }) => {
	const html = await (await request.get(LESSON_1)).text();
	const h2 = html.match(/<h2[^>]*id="[^"]+"/g) ?? [];
	expect(h2).toHaveLength(6);
	expect((html.match(/class="katex"/g) ?? []).length).toBeGreaterThan(40);
	for (const tex of ['\\nabla L', '\\operatorname{softmax}', 'p - y', '\\frac{dc}{db}']) {
		expect(html, tex).toContain(tex);
	}
	expect(html).not.toContain('katex-error');
});

test('no client JavaScript contains KaTeX code', () => {
	const jsFiles: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name.endsWith('.js')) jsFiles.push(path);
		}
	};
	walk('build/_app');
	expect(jsFiles.length).toBeGreaterThan(0);
	for (const file of jsFiles) {
		const code = readFileSync(file, 'utf8');
		// Typeset HTML may be inlined for hydration; KaTeX's parser and renderer may not.
		expect(code, file).not.toMatch(/KaTeX parse error|renderToString|defineMacro|katex\.render/);
	}
});
