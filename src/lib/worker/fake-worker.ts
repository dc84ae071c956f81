/**
 * A stand-in Worker for node tests: it records what the page posts and lets the test play the
 * worker's part. Not shipped: only tests import it.
 *
 *   const workers: FakeWorker[] = [];
 *   const create = () => { const w = new FakeWorker(); workers.push(w); return w; };
 *   …
 *   workers[0].reply({ type: 'done', step: 3 });   // as if the worker had posted it
 */
import type { WorkerLike } from './client';

export class FakeWorker implements WorkerLike {
	onmessage: ((event: MessageEvent) => void) | null = null;
	onerror: ((event: ErrorEvent) => void) | null = null;
	onmessageerror: ((event: MessageEvent) => void) | null = null;
	/** Everything the page posted, in order. */
	readonly posted: unknown[] = [];
	terminated = false;
	/** Makes postMessage throw, like a message the structured clone cannot copy. */
	refuse: Error | null = null;

	postMessage(message: unknown): void {
		if (this.refuse) throw this.refuse;
		this.posted.push(message);
	}

	terminate(): void {
		this.terminated = true;
	}

	/** Delivers `data` to the page as a message from this worker. */
	reply(data: unknown): void {
		this.onmessage?.({ data } as MessageEvent);
	}

	/** Fires the worker's error event; returns whether the page called preventDefault(). */
	crash(message?: string): boolean {
		let prevented = false;
		const event = { message, preventDefault: () => (prevented = true) };
		this.onerror?.(event as unknown as ErrorEvent);
		return prevented;
	}

	/** Fires messageerror, as for a message that could not be deserialised. */
	garble(): void {
		this.onmessageerror?.({ data: null } as MessageEvent);
	}

	/** The types of the posted messages, for short assertions. */
	get types(): unknown[] {
		return this.posted.map((m) => (m as { type?: unknown }).type);
	}
}
