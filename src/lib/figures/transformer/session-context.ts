/**
 * Where lesson 2's training session lives: the lesson makes it, its figures find it.
 *
 *   <!-- the lesson's <script> -->
 *   provideTrainingSession();
 *
 *   <!-- in FIG.02–06 -->
 *   const session = useTrainingSession();
 *
 * The session lasts exactly as long as the lesson: it closes when the lesson unmounts, so a link
 * to another page of the site pauses training and stops the worker with it, once the model has
 * been handed to the keeper (model-keeper.svelte.ts), which restores it when the reader returns. It connects (starts the worker, which
 * fetches the names) when the first figure that needs it is created, which is when the reader
 * comes near it: a reader still at the top of the lesson costs nothing.
 */
import { getContext, hasContext, onMount, setContext } from 'svelte';
import { base } from '$app/paths';
import { kernelChoiceFromQuery } from '$lib/engine';
import { useFigureState } from '$lib/ui/figure-url.svelte';
import { ModelKeeper } from './model-keeper.svelte';
import { TrainingSession } from './session.svelte';
import { trainFigure } from './transformer';

const KEY = Symbol('lesson 2 training session');
const KEEPER = Symbol('lesson 2 model keeper');

/** Absolute, with the site's base path: the worker resolves a relative URL against its script. */
const namesUrl = () => new URL(`${base}/data/names.txt`, location.href).href;

/** Makes the lesson's session and hands it to every figure below. Call in the lesson's <script>. */
export function provideTrainingSession(): TrainingSession {
	const session = new TrainingSession({
		settings: useFigureState(trainFigure),
		createWorker: () =>
			new Worker(new URL('../../worker/train.worker.ts', import.meta.url), { type: 'module' }),
		namesUrl,
		kernels: () => kernelChoiceFromQuery(location.search)
	});
	setContext(KEY, session);
	setContext(KEEPER, new ModelKeeper(session));
	onMount(() => () => session.close());
	return session;
}

/** The lesson's session, for FIG.02–06; connects it once the figure is mounted. */
export function useTrainingSession(): TrainingSession {
	if (!hasContext(KEY)) {
		throw new Error(
			'Lesson 2’s figures need the lesson’s training session: call provideTrainingSession() in ' +
				'the <script> of the page or lesson that places them.'
		);
	}
	const session = getContext<TrainingSession>(KEY);
	onMount(() => session.connect());
	return session;
}

/** The lesson's model keeper (saving, restoring, files), for FIG.02. */
export function useModelKeeper(): ModelKeeper {
	useTrainingSession();
	return getContext<ModelKeeper>(KEEPER);
}
