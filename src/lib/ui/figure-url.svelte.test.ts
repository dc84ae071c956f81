import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useUrlState, type UrlState } from './figure-url.svelte';
import { field } from './url-state';

const schema = {
	n: field.int({ min: 1, max: 10, default: 3 }),
	w: field.numbers({ length: 2, min: -5, max: 5, default: [1, 0], digits: 2 }),
	mode: field.enum(['a', 'b'], 'a')
};

let cleanup: (() => void) | null = null;

function mountHelper(ns = 'fig'): UrlState<typeof schema> {
	let result: UrlState<typeof schema> | undefined;
	cleanup = $effect.root(() => {
		result = useUrlState(ns, schema);
	});
	flushSync();
	return result!;
}

function setUrl(path: string) {
	history.replaceState(null, '', path);
}

beforeEach(() => {
	vi.useFakeTimers();
	setUrl('/lesson/');
});

afterEach(() => {
	cleanup?.();
	cleanup = null;
	vi.useRealTimers();
});

describe('useUrlState', () => {
	it('starts at the defaults when the URL says nothing', () => {
		const u = mountHelper();
		expect(u.state).toEqual({ n: 3, w: [1, 0], mode: 'a' });
		vi.advanceTimersByTime(1000);
		expect(location.search).toBe('');
	});

	it('adopts valid values from the URL once mounted and ignores bad ones', () => {
		setUrl('/lesson/?fig.n=7&fig.w=2,-1&fig.mode=<script>');
		const u = mountHelper();
		expect(u.state).toEqual({ n: 7, w: [2, -1], mode: 'a' });
	});

	it('does not rewrite a URL that already matches the state', () => {
		setUrl('/lesson/?fig.n=7#fig');
		const spy = vi.spyOn(history, 'replaceState');
		mountHelper();
		vi.advanceTimersByTime(1000);
		expect(spy).not.toHaveBeenCalled();
		spy.mockRestore();
	});

	it('writes changes to the URL once they settle, keeping other parameters and the hash', () => {
		setUrl('/lesson/?other.x=1#fig');
		const u = mountHelper();
		u.state.n = 5;
		flushSync();
		vi.advanceTimersByTime(100);
		u.state.w[1] = 2.5;
		flushSync();
		vi.advanceTimersByTime(100);
		expect(location.search).toBe('?other.x=1');
		vi.advanceTimersByTime(100);
		expect(location.search).toBe('?other.x=1&fig.n=5&fig.w=1,2.5');
		expect(location.hash).toBe('#fig');
	});

	it('writes once for a burst of changes', () => {
		const u = mountHelper();
		const spy = vi.spyOn(history, 'replaceState');
		for (let i = 1; i <= 10; i++) {
			u.state.n = i;
			flushSync();
			vi.advanceTimersByTime(20);
		}
		vi.advanceTimersByTime(1000);
		expect(spy).toHaveBeenCalledTimes(1);
		expect(location.search).toBe('?fig.n=10');
		spy.mockRestore();
	});

	it('writes immediately on flush', () => {
		const u = mountHelper();
		u.state.mode = 'b';
		flushSync();
		u.flush();
		expect(location.search).toBe('?fig.mode=b');
	});

	it('restores the defaults on reset and cleans the URL', () => {
		setUrl('/lesson/?fig.n=9&fig.mode=b&keep=1');
		const u = mountHelper();
		expect(u.state.n).toBe(9);
		u.reset();
		flushSync();
		expect(u.state).toEqual({ n: 3, w: [1, 0], mode: 'a' });
		vi.advanceTimersByTime(1000);
		expect(location.search).toBe('?keep=1');
	});

	it('reset does not share arrays with the schema defaults', () => {
		const u = mountHelper();
		u.reset();
		u.state.w[0] = 4;
		expect(schema.w.default).toEqual([1, 0]);
	});

	it('leaves the URL alone once the component is destroyed', () => {
		const u = mountHelper();
		u.state.n = 8;
		flushSync();
		cleanup?.();
		cleanup = null;
		vi.advanceTimersByTime(1000);
		expect(location.search).toBe('');
	});

	it('keeps two figures on one page out of each other’s parameters', () => {
		const a = mountHelper('fa');
		const stopA = cleanup;
		const b = mountHelper('fb');
		a.state.n = 4;
		b.state.n = 6;
		flushSync();
		vi.advanceTimersByTime(1000);
		expect(new URLSearchParams(location.search).get('fa.n')).toBe('4');
		expect(new URLSearchParams(location.search).get('fb.n')).toBe('6');
		stopA?.();
	});
});
