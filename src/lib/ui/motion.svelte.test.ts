import { afterEach, describe, expect, it, vi } from 'vitest';
import { inView, inViewAttachment, reducedMotion } from './motion.svelte';

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

describe('inView', () => {
	it('reports entering and leaving the viewport, using the latest entry', () => {
		vi.stubGlobal('IntersectionObserver', FakeObserver);
		const node = document.createElement('div');
		const seen: boolean[] = [];
		const action = inView(node, (v) => seen.push(v));
		const observer = FakeObserver.last!;
		expect(observer.observed).toEqual([node]);
		observer.fire(true);
		observer.fire(true, false);
		expect(seen).toEqual([true, false]);
		action?.destroy?.();
		expect(observer.disconnected).toBe(true);
	});

	it('switches to a new callback on update', () => {
		vi.stubGlobal('IntersectionObserver', FakeObserver);
		const first = vi.fn();
		const second = vi.fn();
		const action = inView(document.createElement('div'), first);
		action?.update?.(second);
		FakeObserver.last!.fire(true);
		expect(first).not.toHaveBeenCalled();
		expect(second).toHaveBeenCalledWith(true);
	});

	it('treats the element as visible when IntersectionObserver is missing', () => {
		vi.stubGlobal('IntersectionObserver', undefined);
		const cb = vi.fn();
		const action = inView(document.createElement('div'), cb);
		expect(cb).toHaveBeenCalledWith(true);
		expect(() => action?.destroy?.()).not.toThrow();
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
});
