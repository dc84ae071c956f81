// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inOwnTask, nearViewport, NEAR_MARGIN } from './lazy';

beforeEach(() => {
	vi.useFakeTimers();
});

afterEach(() => {
	document.body.innerHTML = '';
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('nearViewport', () => {
	it('calls back once, when the element comes within a screen of the viewport', () => {
		let fire: (entries: { isIntersecting: boolean }[]) => void = () => {};
		const options: IntersectionObserverInit[] = [];
		const disconnect = vi.fn();
		vi.stubGlobal(
			'IntersectionObserver',
			class {
				constructor(cb: typeof fire, o: IntersectionObserverInit) {
					fire = cb;
					options.push(o);
				}
				observe() {}
				disconnect = disconnect;
			}
		);
		const near = vi.fn();
		nearViewport(near)(document.createElement('div'));
		expect(options[0]!.rootMargin).toBe(NEAR_MARGIN);
		fire([{ isIntersecting: false }]);
		expect(near).not.toHaveBeenCalled();
		fire([{ isIntersecting: true }]);
		expect(disconnect).toHaveBeenCalled();
		expect(near).not.toHaveBeenCalled();
		vi.runAllTimers();
		expect(near).toHaveBeenCalledTimes(1);
	});

	it('does not wait for the viewport when the browser cannot tell', () => {
		vi.stubGlobal('IntersectionObserver', undefined);
		const near = vi.fn();
		nearViewport(near)(document.createElement('div'));
		vi.runAllTimers();
		expect(near).toHaveBeenCalledTimes(1);
	});
});

describe('inOwnTask', () => {
	it('runs queued work one task at a time, in order', () => {
		const order: string[] = [];
		inOwnTask(() => order.push('a'));
		inOwnTask(() => order.push('b'));
		expect(order).toEqual([]);
		vi.advanceTimersToNextTimer();
		expect(order).toEqual(['a']);
		vi.advanceTimersToNextTimer();
		expect(order).toEqual(['a', 'b']);
	});
});
