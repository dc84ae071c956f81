/**
 * The reader's progress, as stored in their browser: which exercises they solved and which
 * figures they used. Pure: parsing and serialising, with the storage passed in, so it is tested
 * in node. Nothing here ever leaves the browser.
 *
 *   const progress = readProgress(localStorage);       // never throws
 *   const next = withSolved(progress, 'math/dot/1');
 *   writeProgress(localStorage, next);
 *
 * What is stored is versioned. A value from another version, another site on the same origin,
 * or a hand-edited one is read as far as it is valid and otherwise ignored, never a crash.
 */

export const PROGRESS_KEY = 'trenchcoat.progress';
export const PROGRESS_VERSION = 1;
/** Ids are short slugs ("math/dot/1"); anything else in storage is not ours. */
const ID = /^[a-z0-9][a-z0-9/-]{0,63}$/;
/** More than the lessons will ever have; a bloated stored value is cut here. */
const MAX_ENTRIES = 1000;

export interface Progress {
	readonly solved: ReadonlySet<string>;
	readonly used: ReadonlySet<string>;
}

export const EMPTY_PROGRESS: Progress = { solved: new Set(), used: new Set() };

/** The part of the Storage interface used here (localStorage in the browser). */
export interface ProgressStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

function ids(value: unknown): Set<string> {
	const out = new Set<string>();
	if (!Array.isArray(value)) return out;
	for (const id of value.slice(0, MAX_ENTRIES)) {
		if (typeof id === 'string' && ID.test(id)) out.add(id);
	}
	return out;
}

/** Progress from its stored text; anything unreadable reads as no progress. */
export function parseProgress(text: string | null): Progress {
	if (text === null || text.length > 100_000) return EMPTY_PROGRESS;
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return EMPTY_PROGRESS;
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return EMPTY_PROGRESS;
	const record = data as Record<string, unknown>;
	if (record.version !== PROGRESS_VERSION) return EMPTY_PROGRESS;
	return { solved: ids(record.solved), used: ids(record.used) };
}

export function serialiseProgress(progress: Progress): string {
	return JSON.stringify({
		version: PROGRESS_VERSION,
		solved: [...progress.solved].sort(),
		used: [...progress.used].sort()
	});
}

/** Reads the stored progress; storage that is missing or refuses (private mode) reads as none. */
export function readProgress(storage: ProgressStorage | undefined): Progress {
	try {
		return parseProgress(storage?.getItem(PROGRESS_KEY) ?? null);
	} catch {
		return EMPTY_PROGRESS;
	}
}

/** Stores progress; returns false when the browser refuses (full, or storage disabled). */
export function writeProgress(storage: ProgressStorage | undefined, progress: Progress): boolean {
	try {
		if (!storage) return false;
		if (progress.solved.size === 0 && progress.used.size === 0) storage.removeItem(PROGRESS_KEY);
		else storage.setItem(PROGRESS_KEY, serialiseProgress(progress));
		return true;
	} catch {
		return false;
	}
}

export function withSolved(progress: Progress, id: string): Progress {
	if (!ID.test(id) || progress.solved.has(id)) return progress;
	return { ...progress, solved: new Set([...progress.solved, id]) };
}

export function withUsed(progress: Progress, figure: string): Progress {
	if (!ID.test(figure) || progress.used.has(figure)) return progress;
	return { ...progress, used: new Set([...progress.used, figure]) };
}

/** How many of `ids` are solved: for "9 of 17 exercises". */
export function countSolved(progress: Progress, exerciseIds: readonly string[]): number {
	let n = 0;
	for (const id of exerciseIds) if (progress.solved.has(id)) n++;
	return n;
}

/** "2 of 3 solved", for a section or a lesson; null when there is nothing to solve. */
export function solvedText(progress: Progress, exerciseIds: readonly string[]): string | null {
	if (exerciseIds.length === 0) return null;
	const n = exerciseIds.length;
	return `${countSolved(progress, exerciseIds)} of ${n} ${n === 1 ? 'exercise' : 'exercises'} solved`;
}
