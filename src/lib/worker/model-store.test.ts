import { describe, expect, it } from 'vitest';
import { MODEL_PRESETS } from '$lib/engine';
import { splitHeldOut } from './dataset';
import { browserModelStore, readStoredRecord, storedRecord } from './model-store';
import { takeSnapshot } from './snapshot-trainer';
import { Trainer } from './trainer';

const trainer = new Trainer(
	{ preset: 'micro', seed: 1, lr: MODEL_PRESETS.micro.lr, steps: 10, batch: 1 },
	splitHeldOut(['emma', 'ava']),
	['a', 'e', 'm', 'v']
);
trainer.trainStep();
const snapshot = takeSnapshot(trainer, { source: 'names', lines: null, elapsedMs: 5 });

describe('a model kept in the browser', () => {
	it('reads back what was stored, through a structured clone as IndexedDB keeps it', () => {
		const kept = readStoredRecord(structuredClone(storedRecord(snapshot)));
		expect(kept.kind).toBe('model');
		expect(kept.kind === 'model' && kept.snapshot.losses).toEqual(snapshot.losses);
	});

	it('is nothing when nothing was stored', () => {
		expect(readStoredRecord(undefined)).toEqual({ kind: 'none' });
	});

	it('ignores a foreign, corrupt or older value with a note that says why', () => {
		const cases: [unknown, RegExp][] = [
			[null, /not saved by this page/],
			[{ weights: [] }, /not saved by this page/],
			[{ format: 'trenchcoat-model', snapshot: { ...snapshot, version: 0 } }, /another format/],
			[
				{ format: 'trenchcoat-model', snapshot: { ...snapshot, weights: {} } },
				/weight “wte” is missing/
			]
		];
		for (const [value, why] of cases) {
			const kept = readStoredRecord(value);
			expect(kept.kind).toBe('ignored');
			expect(kept.kind === 'ignored' && kept.note).toMatch(why);
			expect(kept.kind === 'ignored' && kept.note).toMatch(/so a fresh one was made\.$/);
		}
	});

	it('does nothing, quietly, where the browser has no IndexedDB', async () => {
		const store = browserModelStore(null);
		await expect(store.save(snapshot)).resolves.toBeUndefined();
		await expect(store.load()).resolves.toEqual({ kind: 'none' });
		await expect(store.clear()).resolves.toBeUndefined();
	});
});
