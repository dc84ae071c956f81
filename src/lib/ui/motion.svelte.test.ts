import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { inViewAttachment, pageVisible, reducedMotion } from './motion.svelte';

type Entry = { isIntersecting: boolean };

class FakeObserver {
	static last: FakeObserver | null = null;
	observed: Element[] = [];
	disconnected = false;
	constructor(public callback: (entries: Entry[]) => void) {
		FakeObserver.last = this;
	}
	observe(el: Element) {
		this.observed.push(el);
	}
	disconnect() {
		this.disconnected = true;
	}
	fire(...visible: boolean[]) {
		this.callback(visible.map((isIntersecting) => ({ isIntersecting })));
	}
}

afterEach(() => {
	vi.unstubAllGlobals();
	FakeObserver.last = null;
});

describe('reducedMotion', () => {
	it('is a boolean that follows the media query', () => {
		expect(typeof reducedMotion.current).toBe('boolean');
	});
});

describe('inViewAttachment', () => {
	it('observes the node and disconnects on cleanup', () => {
		vi.stubGlobal('IntersectionObserver', FakeObserver);
		const cb = vi.fn();
		const cleanup = inViewAttachment(cb)(document.createElement('canvas'));
		FakeObserver.last!.fire(false);
		expect(cb).toHaveBeenCalledWith(false);
		if (typeof cleanup === 'function') cleanup();
		expect(FakeObserver.last!.disconnected).toBe(true);
	});

	it('reports entering and leaving the viewport, using the latest entry', () => {
		vi.stubGlobal('IntersectionObserver', FakeObserver);
		const seen: boolean[] = [];
		const node = document.createElement('div');
		inViewAttachment((v) => seen.push(v))(node);
		expect(FakeObserver.last!.observed).toEqual([node]);
		FakeObserver.last!.fire(true);
		FakeObserver.last!.fire(true, false);
		expect(seen).toEqual([true, false]);
	});

	it('treats the element as visible when IntersectionObserver is missing', () => {
		vi.stubGlobal('IntersectionObserver', undefined);
		const cb = vi.fn();
		inViewAttachment(cb)(document.createElement('div'));
		expect(cb).toHaveBeenCalledWith(true);
	});
});

describe('pageVisible', () => {
	it('follows the document’s visibility, live', () => {
		let state: DocumentVisibilityState = 'visible';
		const spy = vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => state);
		const seen: boolean[] = [];
		const stop = $effect.root(() => {
			$effect(() => {
				seen.push(pageVisible.current);
			});
		});
		flushSync();
		state = 'hidden';
		document.dispatchEvent(new Event('visibilitychange'));
		flushSync();
		stop();
		spy.mockRestore();
		expect(seen).toEqual([true, false]);
	});
});
