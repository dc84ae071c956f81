import { describe, expect, it } from 'vitest';
import {
	countSolved,
	EMPTY_PROGRESS,
	parseProgress,
	PROGRESS_KEY,
	readProgress,
	serialiseProgress,
	withSolved,
	withUsed,
	writeProgress,
	type ProgressStorage
} from './progress';

class MemoryStorage implements ProgressStorage {
	items = new Map<string, string>();
	getItem(key: string) {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		this.items.set(key, value);
	}
	removeItem(key: string) {
		this.items.delete(key);
	}
}

describe('progress', () => {
	it('round-trips solved exercises and used figures through storage', () => {
		const storage = new MemoryStorage();
		const p = withUsed(withSolved(withSolved(EMPTY_PROGRESS, 'math/dot/1'), 'gpt/loss/2'), 'dot');
		expect(writeProgress(storage, p)).toBe(true);
		const back = readProgress(storage);
		expect([...back.solved].sort()).toEqual(['gpt/loss/2', 'math/dot/1']);
		expect([...back.used]).toEqual(['dot']);
		expect(countSolved(back, ['math/dot/1', 'math/dot/2', 'gpt/loss/2'])).toBe(2);
	});

	it('adds nothing twice and returns the same object when nothing changes', () => {
		const p = withSolved(EMPTY_PROGRESS, 'a');
		expect(withSolved(p, 'a')).toBe(p);
		expect(withSolved(p, 'Not An Id!')).toBe(p);
	});

	it('clears the stored value when progress is reset to nothing', () => {
		const storage = new MemoryStorage();
		writeProgress(storage, withSolved(EMPTY_PROGRESS, 'a'));
		writeProgress(storage, EMPTY_PROGRESS);
		expect(storage.items.has(PROGRESS_KEY)).toBe(false);
	});

	it('ignores corrupt, foreign or other-version values instead of failing', () => {
		for (const text of [
			'not json',
			'null',
			'[]',
			'"x"',
			'{"version":2,"solved":["a"]}',
			'{"solved":["a"]}',
			'{"version":1,"solved":"a"}',
			'x'.repeat(200_000)
		]) {
			const p = parseProgress(text);
			expect(p.solved.size, text.slice(0, 30)).toBe(0);
		}
	});

	it('keeps only ids that look like ours', () => {
		const p = parseProgress(
			JSON.stringify({
				version: 1,
				solved: ['math/dot/1', '__proto__', '<script>', 42, null, 'x'.repeat(100)],
				used: { dot: true }
			})
		);
		expect([...p.solved]).toEqual(['math/dot/1']);
		expect(p.used.size).toBe(0);
	});

	it('survives storage that throws (private mode, quota) or is missing', () => {
		const throwing: ProgressStorage = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('quota');
			},
			removeItem: () => {
				throw new Error('denied');
			}
		};
		expect(readProgress(throwing)).toBe(EMPTY_PROGRESS);
		expect(writeProgress(throwing, withSolved(EMPTY_PROGRESS, 'a'))).toBe(false);
		expect(readProgress(undefined)).toBe(EMPTY_PROGRESS);
		expect(writeProgress(undefined, EMPTY_PROGRESS)).toBe(false);
	});

	it('serialises in a stable order', () => {
		const a = withSolved(withSolved(EMPTY_PROGRESS, 'b'), 'a');
		expect(serialiseProgress(a)).toBe('{"version":1,"solved":["a","b"],"used":[]}');
	});
});
