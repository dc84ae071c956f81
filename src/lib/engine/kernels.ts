/**
 * Which kernels run the engine's hot loops: the WebAssembly SIMD ones (assembly/) wherever they
 * can run, the TypeScript ones otherwise. The TypeScript kernels stay as the fallback and as the
 * reference the tests hold the WebAssembly ones to.
 *
 *   useKernels('typescript');   // force the TypeScript kernels (e.g. to compare)
 *   useKernels('wasm');         // force WebAssembly: throws where it cannot run
 *   useKernels('auto');         // the default: WebAssembly if it compiles here
 *   kernelSet();                // 'wasm' | 'typescript', what runs now
 *
 * In node, TRENCHCOAT_KERNELS=typescript (or wasm) in the environment sets the starting choice,
 * so `TRENCHCOAT_KERNELS=typescript npm run bench` measures the fallback. In the browser, a page
 * address with `?kernels=typescript` (or wasm) does the same for the page and lesson 2's
 * training worker (`kernelChoiceFromQuery`).
 */
import { kernelModule } from './wasm/module';

export type KernelSet = 'wasm' | 'typescript';

/** Counters for tests and the bench (memory.ts explains the copies and the arena). */
export const kernelStats = {
	/** Calls of a WebAssembly kernel. */
	simdCalls: 0,
	/** Floats copied into a WebAssembly memory and back out around kernel calls. */
	copiedFloats: 0,
	/** Allocations inside an arena run that did not fit and became ordinary arrays. */
	arenaMisses: 0
};
export type KernelChoice = KernelSet | 'auto';

const CHOICES: readonly KernelChoice[] = ['wasm', 'typescript', 'auto'];

const isChoice = (value: string): value is KernelChoice =>
	(CHOICES as readonly string[]).includes(value);

/** The choice TRENCHCOAT_KERNELS names: unset or empty is 'auto'; anything else unknown throws. */
export function parseKernelChoice(value: string | undefined): KernelChoice {
	if (value === undefined || value === '') return 'auto';
	if (!isChoice(value)) {
		throw new Error(
			`TRENCHCOAT_KERNELS=${value} is not a kernel set; use wasm, typescript or auto`
		);
	}
	return value;
}

/**
 * The choice a page address asks for with `?kernels=…`; 'auto' when it asks for none or for
 * something unknown (an address is the reader's to edit, so a typo must not stop the page).
 */
export function kernelChoiceFromQuery(search: string): KernelChoice {
	const value = new URLSearchParams(search).get('kernels') ?? '';
	return isChoice(value) ? value : 'auto';
}

let choice: KernelChoice = parseKernelChoice(
	(globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
		?.TRENCHCOAT_KERNELS
);
/** Whether `choice` means WebAssembly here; worked out on first use, so importing the engine
 * compiles nothing. */
let wasmOn: boolean | undefined;

function resolve(choice: KernelChoice): boolean {
	if (choice === 'wasm' && kernelModule() === null) {
		throw new Error(
			'useKernels("wasm"): WebAssembly with 128-bit SIMD cannot run here (no WebAssembly, no ' +
				"SIMD, or a Content-Security-Policy without 'wasm-unsafe-eval'); use 'auto' or 'typescript'"
		);
	}
	return choice === 'wasm' || (choice === 'auto' && kernelModule() !== null);
}

/** Chooses the kernel set for every op from now on. */
export function useKernels(next: KernelChoice): void {
	wasmOn = resolve(next);
	choice = next;
}

/** True while the WebAssembly kernels run: the ops' quick test before each call. */
export function wasmKernels(): boolean {
	return (wasmOn ??= resolve(choice));
}

/** The kernel set that runs now. */
export function kernelSet(): KernelSet {
	return wasmKernels() ? 'wasm' : 'typescript';
}

/**
 * Runs `fn` with `set` forced, then restores the previous choice. For tests and benchmarks that
 * compare the two sets on the same work.
 */
export function withKernels<T>(set: KernelSet, fn: () => T): T {
	const previous = choice;
	useKernels(set);
	try {
		return fn();
	} finally {
		useKernels(previous);
	}
}
