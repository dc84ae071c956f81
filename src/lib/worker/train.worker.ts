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

async function fetchText(url: string): Promise<string> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`HTTP ${response.status}`);
	return response.text();
}

const core = new TrainerCore({
	post: (message) => scope.postMessage(message),
	now: () => performance.now(),
	schedule: (run) => {
		queue.push(run);
		channel.port2.postMessage(null);
	},
	fetchText
});

scope.onmessage = (event) => void core.handle(event.data);

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
