/**
 * Lesson 2's trained model, kept in the reader's browser (IndexedDB) so a reload or a visit to
 * another page loses nothing. One record, replaced as training pauses or finishes and removed
 * when the reader starts fresh. The database is versioned, and what is read back is checked:
 * a corrupt, older or foreign value is ignored with a note saying why, never trusted.
 *
 *   const store = browserModelStore();
 *   await store.save(snapshot);
 *   const kept = await store.load();   // { kind: 'none' } | { kind: 'model', snapshot } | { kind: 'ignored', note }
 *   await store.clear();
 *
 * The model never leaves the browser. Where IndexedDB is missing or refused (a private window
 * in some browsers), saving and loading quietly do nothing: the lesson works as before.
 */
import { snapshotProblem, type ModelSnapshot } from './snapshot';

const DATABASE = 'trenchcoat';
/** The database's schema version: bump it (and migrate in `upgrade`) when the stores change. */
const DATABASE_VERSION = 1;
const STORE = 'models';
const KEY = 'lesson-2';
/** Marks a record as this site's, so a value put there by anything else is recognised. */
const FORMAT = 'trenchcoat-model';

export type KeptModel =
	| { kind: 'none' }
	| { kind: 'model'; snapshot: ModelSnapshot }
	/** Something was stored but cannot be used; it is removed. */
	| { kind: 'ignored'; note: string };

export interface ModelStore {
	save(snapshot: ModelSnapshot): Promise<void>;
	load(): Promise<KeptModel>;
	clear(): Promise<void>;
}

/** What is stored: the snapshot wrapped with the site's mark. */
export function storedRecord(snapshot: ModelSnapshot): { format: string; snapshot: ModelSnapshot } {
	return { format: FORMAT, snapshot };
}

/** What a stored value means for the page: a model to restore, nothing, or a note on why not. */
export function readStoredRecord(value: unknown): KeptModel {
	if (value === undefined) return { kind: 'none' };
	const record = value as { format?: unknown; snapshot?: unknown } | null;
	if (typeof record !== 'object' || record === null || record.format !== FORMAT) {
		return ignored('it was not saved by this page');
	}
	const problem = snapshotProblem(record.snapshot);
	return problem === null
		? { kind: 'model', snapshot: record.snapshot as ModelSnapshot }
		: ignored(problem);
}

const ignored = (why: string): KeptModel => ({
	kind: 'ignored',
	note: `A model saved in this browser could not be restored (${why}), so a fresh one was made.`
});

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** The store in this browser's IndexedDB; every call settles, and never with an exception. */
export function browserModelStore(
	factory: IDBFactory | null = globalThis.indexedDB ?? null
): ModelStore {
	let opening: Promise<IDBDatabase | null> | null = null;
	const open = () =>
		(opening ??= new Promise<IDBDatabase | null>((resolve) => {
			if (!factory) return resolve(null);
			try {
				const req = factory.open(DATABASE, DATABASE_VERSION);
				req.onupgradeneeded = () => {
					if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
				};
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => resolve(null);
				req.onblocked = () => resolve(null);
			} catch {
				resolve(null);
			}
		}));
	const use = async <T>(
		mode: IDBTransactionMode,
		work: (store: IDBObjectStore) => IDBRequest<T>,
		fallback: T
	): Promise<T> => {
		try {
			const db = await open();
			if (!db) return fallback;
			return await request(work(db.transaction(STORE, mode).objectStore(STORE)));
		} catch {
			return fallback;
		}
	};
	return {
		async save(snapshot) {
			await use<IDBValidKey>('readwrite', (s) => s.put(storedRecord(snapshot), KEY), KEY);
		},
		async load() {
			try {
				const value = await use<unknown>('readonly', (s) => s.get(KEY), undefined);
				const kept = readStoredRecord(value);
				if (kept.kind === 'ignored') await use('readwrite', (s) => s.delete(KEY), undefined);
				return kept;
			} catch {
				return ignored('it could not be read');
			}
		},
		async clear() {
			await use('readwrite', (s) => s.delete(KEY), undefined);
		}
	};
}
