// Lesson 2's training thread. All the logic is in TrainerCore (tested in node); this file only
// connects it to the worker scope. The next chunk is scheduled through a MessageChannel rather
// than setTimeout(0), which browsers clamp to 4 ms once calls nest, so pause and reset messages
// are read between chunks without idling.

import { errorMessage, TrainerCore } from './trainer';
import type { FromWorker } from './protocol';

/** The bits of the worker scope used here; the project's TypeScript lib is the DOM one. */
const scope = self as unknown as {
	postMessage(message: FromWorker): void;
	onmessage: ((event: MessageEvent<unknown>) => void) | null;
	onerror: ((event: ErrorEvent | string) => void) | null;
	onunhandledrejection: ((event: PromiseRejectionEvent) => void) | null;
};

const channel = new MessageChannel();
const queue: (() => void)[] = [];
channel.port1.onmessage = () => queue.shift()?.();

const core = new TrainerCore(
	(message) => scope.postMessage(message),
	() => performance.now(),
	(run) => {
		queue.push(run);
		channel.port2.postMessage(null);
	}
);

scope.onmessage = (event) => core.handle(event.data);

// Anything that escapes the handlers still reaches the page as a message, never as silence.
scope.onerror = (event) => {
	const message = typeof event === 'string' ? event : event.message;
	scope.postMessage({ type: 'error', message: `The trainer failed: ${message}` });
};
scope.onunhandledrejection = (event) => {
	scope.postMessage({
		type: 'error',
		message: `The trainer failed: ${errorMessage(event.reason)}`
	});
};
