/**
 * Checks every lesson's exercises share in their unit tests. Not shipped: nothing outside tests
 * imports this file.
 *
 *   it('tasks are met by their own Show me and not by the figure’s default', () =>
 *     expectTasksMetByShowMe(all));
 */
import { expect } from 'vitest';
import { defaultState } from '$lib/ui/url-state';
import type { Exercise } from './kinds';

/** Each task is unmet at its figure's default and met once its "Show me" has set the figure. */
export function expectTasksMetByShowMe(exercises: readonly Exercise[]): void {
	for (const e of exercises) {
		const v = e.make(1);
		if (v.kind !== 'task') continue;
		const start = defaultState(v.figure.schema);
		expect(v.met(start), `${e.id} at the default`).toBe(false);
		const shown = { ...start, ...v.showMe!.state };
		expect(v.met(shown), `${e.id} at its Show me`).toBe(true);
		expect(v.status(shown)).not.toBe('');
	}
}

/** Functions do not stringify; their presence is enough for comparing two variants. */
export function withoutFunctions(_key: string, value: unknown): unknown {
	return typeof value === 'function' ? 'fn' : value;
}
