import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameBatch } from './frame-batch';

/** A hand-driven requestAnimationFrame: `frame()` runs whatever was scheduled. */
function fakeFrames() {
	const callbacks = new Map<number, FrameRequestCallback>();
	let next = 1;
	vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
		callbacks.set(next, callback);
		return next++;
	});
	vi.stubGlobal('cancelAnimationFrame', (id: number) => callbacks.delete(id));
	return {
		get scheduled() {
			return callbacks.size;
		},
		frame() {
			const due = [...callbacks.values()];
			callbacks.clear();
			for (const callback of due) callback(0);
		}
	};
}

let frames: ReturnType<typeof fakeFrames>;
beforeEach(() => (frames = fakeFrames()));
afterEach(() => vi.unstubAllGlobals());

describe('FrameBatch', () => {
	const flush = vi.fn();
	beforeEach(() => flush.mockClear());

	it('runs once on the next frame however many requests came before it', () => {
		const batch = new FrameBatch(flush);
		for (let i = 0; i < 3; i++) batch.request();
		expect(flush).not.toHaveBeenCalled();
		expect(batch.pending).toBe(true);
		expect(frames.scheduled).toBe(1);
		frames.frame();
		expect(flush).toHaveBeenCalledTimes(1);
		expect(batch.pending).toBe(false);
		batch.request();
		frames.frame();
		expect(flush).toHaveBeenCalledTimes(2);
	});

	it('runs nothing after cancel', () => {
		const batch = new FrameBatch(flush);
		batch.request();
		batch.cancel();
		expect(batch.pending).toBe(false);
		expect(frames.scheduled).toBe(0);
		frames.frame();
		expect(flush).not.toHaveBeenCalled();
	});

	it('runs at once where there are no frames, as on the server', () => {
		vi.stubGlobal('requestAnimationFrame', undefined);
		new FrameBatch(flush).request();
		expect(flush).toHaveBeenCalledTimes(1);
	});
});
