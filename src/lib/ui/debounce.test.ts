import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';

beforeEach(() => {
	vi.useFakeTimers();
});

afterEach(() => {
	vi.useRealTimers();
});

describe('debounce', () => {
	it('runs once, after the calls stop for the delay', () => {
		const fn = vi.fn();
		const d = debounce(fn, 150);
		d.schedule();
		vi.advanceTimersByTime(100);
		d.schedule();
		vi.advanceTimersByTime(100);
		expect(fn).not.toHaveBeenCalled();
		expect(d.pending).toBe(true);
		vi.advanceTimersByTime(50);
		expect(fn).toHaveBeenCalledTimes(1);
		expect(d.pending).toBe(false);
	});

	it('runs immediately on flush and only when something is pending', () => {
		const fn = vi.fn();
		const d = debounce(fn, 150);
		d.flush();
		expect(fn).not.toHaveBeenCalled();
		d.schedule();
		d.flush();
		expect(fn).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(500);
		expect(fn).toHaveBeenCalledTimes(1);
	});

	it('never runs after cancel', () => {
		const fn = vi.fn();
		const d = debounce(fn, 150);
		d.schedule();
		d.cancel();
		vi.advanceTimersByTime(500);
		expect(fn).not.toHaveBeenCalled();
		expect(d.pending).toBe(false);
	});
});
