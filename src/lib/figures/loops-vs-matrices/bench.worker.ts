// FIG.06's benchmark thread: receives one `run` request, times both methods, posts progress and
// the result. Loaded only when the reader presses Run; the page cancels by terminating it.

import { runBench } from './bench';
import { isToWorker, type FromWorker } from './protocol';

/** The bits of the worker scope used here; the project's TypeScript lib is the DOM one. */
const scope = self as unknown as {
	postMessage(message: FromWorker): void;
	onmessage: ((event: MessageEvent<unknown>) => void) | null;
};

scope.onmessage = (event) => {
	const request = event.data;
	if (!isToWorker(request)) {
		scope.postMessage({
			type: 'error',
			message: 'The benchmark received a request it does not understand.'
		});
		return;
	}
	try {
		const result = runBench(
			request.size,
			request.runs,
			request.seed,
			() => performance.now(),
			(method, run) => scope.postMessage({ type: 'progress', method, run, runs: request.runs })
		);
		scope.postMessage({ type: 'result', result });
	} catch (e) {
		scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
	}
};
