/**
 * Mounting helpers for the component tests (*.svelte.test.ts, happy-dom). Not shipped: nothing
 * outside tests imports this file.
 *
 *   const el = render(Readout, { label: 'Loss', value: 1 });
 *   afterEach(cleanup);
 */
import { flushSync, mount, unmount, type Component } from 'svelte';

const mounted: Array<Record<string, unknown>> = [];

// `any` mirrors svelte's own mount(): component Props are interfaces, which have no index signature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function render<P extends Record<string, any>>(
	component: Component<P>,
	props: P
): HTMLElement {
	const target = document.createElement('div');
	document.body.append(target);
	mounted.push(mount(component, { target, props }));
	flushSync();
	return target;
}

export function cleanup(): void {
	for (const c of mounted.splice(0)) unmount(c);
	document.body.innerHTML = '';
}
