/**
 * The page's side of a Web Worker: typed messages out, checked messages in, and every way a
 * worker can go wrong reported through one callback. Lesson 2's trainer and FIG.06's benchmark
 * both talk to their workers through it.
 *
 *   const client = new WorkerClient<ToWorker, FromWorker>({
 *     create: () => new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' }),
 *     accepts: isFromWorker,
 *     onmessage: (message) => …,
 *     onfailure: (failure) => …
 *   });
 *   client.post({ type: 'start' });   // the first post starts the worker
 *   client.terminate();               // stops it; the next post starts a fresh one
 *
 * `create` must be written at the call site exactly as above: Vite bundles a worker only when it
 * sees `new Worker(new URL('literal', import.meta.url))`. Nothing is fetched or started until the
 * first post, and events from a worker that has since been terminated are ignored, so a late
 * message from an old run never reaches the new one.
 */

/** The parts of a Worker the client uses; a test can hand in a fake with just these. */
export interface WorkerLike {
	onmessage: ((event: MessageEvent) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
	onmessageerror: ((event: MessageEvent) => void) | null;
	postMessage(message: unknown): void;
	terminate(): void;
}

/** Why a worker could not be used. The caller words the message for its reader. */
export type WorkerFailure =
	/** The worker's script threw or could not load; `message` is '' when the browser gives none. */
	| { kind: 'crashed'; message: string }
	/** A message arrived that could not be deserialised. */
	| { kind: 'unreadable' }
	/** A message arrived that the protocol's guard rejected. */
	| { kind: 'unexpected'; data: unknown }
	/** Creating the worker or posting to it threw (no Worker support, an uncloneable message). */
	| { kind: 'unreachable'; message: string };

export interface WorkerClientOptions<Receive> {
	create: () => WorkerLike;
	/** The protocol's guard: a message from another thread is untrusted data. */
	accepts: (data: unknown) => data is Receive;
	onmessage: (message: Receive) => void;
	onfailure: (failure: WorkerFailure) => void;
}

export function errorText(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

export class WorkerClient<Send, Receive> {
	#worker: WorkerLike | null = null;
	readonly #options: WorkerClientOptions<Receive>;

	constructor(options: WorkerClientOptions<Receive>) {
		this.#options = options;
	}

	/** A worker is running (it has been started and not terminated since). */
	get started(): boolean {
		return this.#worker !== null;
	}

	/** Sends a message, starting the worker first if needed; false if that failed. */
	post(message: Send): boolean {
		try {
			this.#ensure().postMessage(message);
			return true;
		} catch (e) {
			this.#options.onfailure({ kind: 'unreachable', message: errorText(e) });
			return false;
		}
	}

	terminate(): void {
		this.#worker?.terminate();
		this.#worker = null;
	}

	#ensure(): WorkerLike {
		if (this.#worker) return this.#worker;
		const { create, accepts, onmessage, onfailure } = this.#options;
		const worker = create();
		const current = () => this.#worker === worker;
		worker.onmessage = (event) => {
			if (!current()) return;
			if (accepts(event.data)) onmessage(event.data);
			else onfailure({ kind: 'unexpected', data: event.data });
		};
		worker.onerror = (event) => {
			// Handled here: without this the browser also logs it as an uncaught error.
			event.preventDefault();
			// A script that fails to load fires a plain Event, without a message.
			const message = typeof event.message === 'string' ? event.message : '';
			if (current()) onfailure({ kind: 'crashed', message });
		};
		worker.onmessageerror = () => {
			if (current()) onfailure({ kind: 'unreadable' });
		};
		this.#worker = worker;
		return worker;
	}
}
