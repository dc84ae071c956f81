import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import DragHandle from './DragHandle.svelte';
import { Viewport } from './drag';

const SVG = 'http://www.w3.org/2000/svg';
const viewport = new Viewport({ x0: -2, x1: 2, y0: -2, y1: 2 }, { width: 400, height: 400 });

let instance: ReturnType<typeof mount> | null = null;

function render(
	extra: {
		step?: number;
		bounds?: typeof viewport.bounds;
		format?: (x: number, y: number) => string;
	} = {}
) {
	const svg = document.createElementNS(SVG, 'svg');
	document.body.append(svg);
	const onmove = vi.fn();
	const props = $state({ x: 0, y: 0, viewport, label: 'Vector tip', onmove, ...extra });
	instance = mount(DragHandle, { target: svg, props });
	flushSync();
	const handle = svg.querySelector('g')!;
	return { svg, handle, props, onmove };
}

function key(el: Element, k: string, shiftKey = false) {
	const e = new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, cancelable: true });
	el.dispatchEvent(e);
	flushSync();
	return e;
}

function pointer(el: Element, type: string, clientX: number, clientY: number) {
	el.dispatchEvent(
		new PointerEvent(type, {
			clientX,
			clientY,
			pointerId: 1,
			pointerType: 'touch',
			button: 0,
			bubbles: true,
			cancelable: true
		})
	);
	flushSync();
}

/** A CSS-pixel scale of 2 (the SVG drawn at 800px wide) offset by (10, 20) on screen. */
function stubScreenCTM(handle: SVGGElement, ctm: boolean) {
	const inverse = { a: 0.5, b: 0, c: 0, d: 0.5, e: -5, f: -10 };
	Object.defineProperty(handle, 'getScreenCTM', {
		value: () => (ctm ? { inverse: () => inverse } : null)
	});
}

const roundTo2 = (v: number) => Math.round(v * 100) / 100;

afterEach(() => {
	if (instance) unmount(instance);
	instance = null;
	document.body.innerHTML = '';
});

describe('DragHandle', () => {
	it('is a focusable slider named by its label with an (x, y) value text', () => {
		const { handle } = render();
		expect(handle.getAttribute('role')).toBe('slider');
		expect(handle.getAttribute('tabindex')).toBe('0');
		expect(handle.getAttribute('aria-label')).toBe('Vector tip');
		expect(handle.getAttribute('aria-valuetext')).toBe('(0.0, 0.0)');
		expect(handle.namespaceURI).toBe(SVG);
	});

	it('draws a visible dot and a larger invisible hit area at the point', () => {
		const { handle } = render();
		const dot = handle.querySelector('.dot')!;
		const hit = handle.querySelector('.hit')!;
		expect(dot.getAttribute('cx')).toBe('200');
		expect(dot.getAttribute('cy')).toBe('200');
		expect(Number(dot.getAttribute('r'))).toBeGreaterThanOrEqual(8);
		expect(Number(hit.getAttribute('r'))).toBeGreaterThanOrEqual(22);
	});

	it('moves by one step per arrow key, up being +y, and reports the move', () => {
		const { handle, props, onmove } = render();
		key(handle, 'ArrowRight');
		key(handle, 'ArrowRight');
		key(handle, 'ArrowRight');
		key(handle, 'ArrowUp');
		expect(props.x).toBe(0.3);
		expect(props.y).toBe(0.1);
		expect(onmove).toHaveBeenLastCalledWith(0.3, 0.1);
		expect(handle.getAttribute('aria-valuetext')).toBe('(0.3, 0.1)');
		expect(handle.querySelector('.dot')!.getAttribute('cy')).toBe('190');
	});

	it('leaves the other coordinate exactly where a drag put it', () => {
		const { handle, props } = render();
		stubScreenCTM(handle, true);
		pointer(handle, 'pointerdown', 410, 420);
		pointer(handle, 'pointermove', 424.2, 420);
		pointer(handle, 'pointerup', 424.2, 420);
		const x = props.x;
		expect(x).not.toBe(roundTo2(x));
		key(handle, 'ArrowUp');
		expect(props.x).toBe(x);
		expect(props.y).toBe(0.1);
	});

	it('never speaks a coordinate in exponent form', () => {
		const { handle, props } = render();
		props.x = 0.004;
		props.y = -0.04;
		flushSync();
		expect(handle.getAttribute('aria-valuetext')).toBe('(0.0, 0.0)');
	});

	it('moves ten steps with Shift and stops at the bounds', () => {
		const { handle, props, onmove } = render({ step: 0.5 });
		key(handle, 'ArrowLeft', true);
		expect(props.x).toBe(-2);
		onmove.mockClear();
		key(handle, 'ArrowLeft');
		expect(props.x).toBe(-2);
		expect(onmove).not.toHaveBeenCalled();
	});

	it('prevents page scrolling for arrows but leaves other keys alone', () => {
		const { handle } = render();
		expect(key(handle, 'ArrowDown').defaultPrevented).toBe(true);
		expect(key(handle, 'Tab').defaultPrevented).toBe(false);
	});

	it('follows a pointer drag in data units, keeping the grab offset', () => {
		const { handle, props, onmove } = render();
		stubScreenCTM(handle, true);
		// Screen (410, 420) → SVG (200, 200) → data (0, 0): grabbed dead centre.
		pointer(handle, 'pointerdown', 410, 420);
		// Screen (610, 220) → SVG (300, 100) → data (1, 1).
		pointer(handle, 'pointermove', 610, 220);
		expect(props.x).toBeCloseTo(1, 12);
		expect(props.y).toBeCloseTo(1, 12);
		expect(onmove).toHaveBeenCalledTimes(1);
		pointer(handle, 'pointerup', 610, 220);
		pointer(handle, 'pointermove', 10, 20);
		expect(props.x).toBeCloseTo(1, 12);
	});

	it('does not jump when grabbed off-centre', () => {
		const { handle, props } = render();
		stubScreenCTM(handle, true);
		// Grab 10 SVG units (0.1 data) right of centre, then move 100 units right.
		pointer(handle, 'pointerdown', 430, 420);
		pointer(handle, 'pointermove', 630, 420);
		expect(props.x).toBeCloseTo(1, 12);
		expect(props.y).toBeCloseTo(0, 12);
	});

	it('clamps drags to the bounds', () => {
		const { handle, props } = render({ bounds: { x0: 0, x1: 1, y0: 0, y1: 1 } });
		stubScreenCTM(handle, true);
		pointer(handle, 'pointerdown', 410, 420);
		pointer(handle, 'pointermove', 2000, 2000);
		expect([props.x, props.y]).toEqual([1, 0]);
	});

	it('keeps a touch that starts on it from scrolling the page', () => {
		const { handle } = render();
		const e = new TouchEvent('touchstart', { bubbles: true, cancelable: true });
		handle.dispatchEvent(e);
		expect(e.defaultPrevented).toBe(true);
	});

	it('ignores the pointer when the SVG has no screen transform', () => {
		const { handle, props } = render();
		stubScreenCTM(handle, false);
		pointer(handle, 'pointerdown', 410, 420);
		pointer(handle, 'pointermove', 610, 220);
		expect([props.x, props.y]).toEqual([0, 0]);
	});

	it('uses a custom value text', () => {
		const { handle } = render({ format: (x, y) => `x ${x}, y ${y}` });
		expect(handle.getAttribute('aria-valuetext')).toBe('x 0, y 0');
	});
});
