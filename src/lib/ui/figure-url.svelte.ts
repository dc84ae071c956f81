/**
 * Figure state that lives in the page URL, as reactive runes state.
 *
 *   <script lang="ts">
 *     import { field } from '$lib/ui/url-state';
 *     import { useUrlState } from '$lib/ui/figure-url.svelte';
 *     const url = useUrlState('fig-rotate', {
 *       angle: field.number({ min: -180, max: 180, default: 30, digits: 1 })
 *     });
 *   </script>
 *   <Slider bind:value={url.state.angle} min={-180} max={180} label="Angle" />
 *   <Figure id="fig-rotate" … onreset={url.reset}>…</Figure>
 *
 * Call it while a component initialises (it uses $effect). The state starts at the defaults on
 * the server and during hydration, so the prerendered HTML is the default first frame and
 * hydration matches it; the URL is read once mounted. Changes are written back with SvelteKit's
 * shallow `replaceState`, debounced so a drag leaves one history update, not hundreds, and
 * only this figure's `${ns}.*` parameters change.
 */
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { debounce } from './debounce';
import type { FigureSpec } from './figure';
import {
	decodeState,
	defaultState,
	encodeState,
	hrefWithState,
	namespaceKey,
	type Schema,
	type StateOf
} from './url-state';

export interface UrlState<S extends Schema> {
	/** Deeply reactive; assign to its fields (or bind to them) freely. */
	readonly state: StateOf<S>;
	/** Puts every field back to its default; the URL follows. */
	reset(): void;
	/** Writes a pending change to the URL now instead of after the debounce. */
	flush(): void;
}

export interface UrlStateOptions {
	/** Quiet time before a change is written to the URL, in milliseconds. */
	delay?: number;
}

/**
 * Replaces the current history entry's URL. SvelteKit's replaceState keeps its router in step,
 * but throws before the router has started (and on the server); then plain history is enough.
 */
export function writeUrl(href: string): void {
	try {
		// The href is this page's own absolute URL, base path included, so resolve() has nothing to add.
		// eslint-disable-next-line svelte/no-navigation-without-resolve
		replaceState(href, page.state);
	} catch {
		try {
			history.replaceState(history.state, '', href);
		} catch {
			// Some sandboxed frames forbid history writes; the figure keeps working without.
		}
	}
}

export function useUrlState<S extends Schema>(
	ns: string,
	schema: S,
	options: UrlStateOptions = {}
): UrlState<S> {
	const state = $state(defaultState(schema)) as StateOf<S>;
	// This namespace's parameters as last read from or written to the URL: when the URL or the
	// state still matches it, there is nothing to do. Plain (not $state) on purpose.
	let synced: string | null = null;

	const save = debounce(() => {
		const snapshot = $state.snapshot(state) as StateOf<S>;
		const href = hrefWithState(window.location.href, snapshot, ns, schema);
		synced = namespaceKey(encodeState(snapshot, ns, schema), ns);
		if (href !== window.location.href) writeUrl(href);
	}, options.delay ?? 150);

	// On mount, and whenever SvelteKit navigates (a link to this page with other parameters,
	// back/forward), adopt what the URL says. window.location is the source of truth: shallow
	// replaceState does not update page.url, but any real navigation does, so it is the trigger.
	$effect(() => {
		void page.url;
		untrack(() => {
			// A pending write is the reader's latest move; it wins over an older URL.
			if (save.pending) return;
			const search = window.location.search;
			const key = namespaceKey(search, ns);
			if (key === synced) return;
			synced = key;
			Object.assign(state, decodeState(search, ns, schema));
		});
	});

	// Reads every field (so any change re-runs this) and schedules a write if the URL is behind.
	$effect(() => {
		const key = namespaceKey(encodeState(state, ns, schema), ns);
		if (key !== synced) save.schedule();
	});

	// A write after the component is gone could land on the next page's URL.
	$effect(() => () => save.cancel());

	return {
		state,
		reset() {
			Object.assign(state, defaultState(schema));
		},
		flush() {
			save.flush();
		}
	};
}

/**
 * The figures on the page that are live now, by id, with their URL state: what an exercise
 * watches ("set the logits so that…") and sets ("Show me"). Browser only.
 */
export const liveFigures = new SvelteMap<string, UrlState<Schema>>();

/**
 * A figure's URL state, under its own id: `useUrlState(spec.id, spec.schema)`. While the
 * figure is mounted, its state is also in `liveFigures`.
 */
export function useFigureState<S extends Schema>(
	spec: FigureSpec<S>,
	options?: UrlStateOptions
): UrlState<S> {
	const url = useUrlState(spec.id, spec.schema, options);
	$effect(() => {
		liveFigures.set(spec.id, url as unknown as UrlState<Schema>);
		return () => {
			if (liveFigures.get(spec.id) === (url as unknown)) liveFigures.delete(spec.id);
		};
	});
	return url;
}
