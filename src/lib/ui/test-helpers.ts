/**
 * Mounting helpers for the component tests (*.svelte.test.ts, happy-dom). Not shipped: nothing
 * outside tests imports this file.
 *
 *   const el = render(Readout, { label: 'Loss', value: 1 });
 *   afterEach(cleanup);
 */
import { flushSync, mount, unmount, type Component } from 'svelte';

const mounted: Array<Record<string, unknown>> = [];

export function render<P extends Record<string, unknown>>(component: Component<P>, props: P): HTMLElement {
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
