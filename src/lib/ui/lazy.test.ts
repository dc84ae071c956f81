// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { focusPath, nearViewport, NEAR_MARGIN, restoreFocus } from './lazy';

function tree(html: string): HTMLElement {
	const root = document.createElement('div');
	root.innerHTML = html;
	document.body.append(root);
	return root;
}

afterEach(() => {
	document.body.innerHTML = '';
	vi.unstubAllGlobals();
});

describe('focusPath and restoreFocus', () => {
	it('find the same control again in an identical copy', () => {
		const html = '<figure><p>x</p><div><input id="a"><button>go</button></div></figure>';
		const before = tree(html);
		const path = focusPath(before, before.querySelector('button'));
		expect(path).toEqual([0, 1, 1]);
		const after = tree(html);
		expect(restoreFocus(after, path!)).toBe(true);
		expect(document.activeElement).toBe(after.querySelector('button'));
	});

	it('have nothing to carry when the focus is elsewhere or the copy differs', () => {
		const root = tree('<p><button>a</button></p>');
		expect(focusPath(root, document.body)).toBeNull();
		expect(focusPath(root, null)).toBeNull();
		expect(focusPath(root, root)).toBeNull();
		expect(restoreFocus(root, [0, 5])).toBe(false);
	});
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
		expect(near).toHaveBeenCalledTimes(1);
		expect(disconnect).toHaveBeenCalled();
	});

	it('does not wait when the browser cannot tell', () => {
		vi.stubGlobal('IntersectionObserver', undefined);
		const near = vi.fn();
		nearViewport(near)(document.createElement('div'));
		expect(near).toHaveBeenCalledTimes(1);
	});
});
