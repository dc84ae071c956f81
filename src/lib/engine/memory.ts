/**
 * Where tensor data lives, decided once for the whole engine.
 *
 * The WebAssembly kernels read and write only their own linear memory, and growing a
 * WebAssembly memory detaches every Float32Array view onto it (the views fall to length 0, and
 * a tensor holding one would silently lose its values). So:
 *
 * - A `Space` is one WebAssembly.Memory of a fixed size that never grows. Each GPT makes its
 *   own, sized from its config (gpt.ts, `modelSpace`), and keeps in it
 *     pinned   its parameters, their gradients and an optimiser's moments, for the model's life;
 *     arena    every tensor of one `loss()` call, forward and backward, until the next call;
 *     scratch  room to copy operands in for the calls that come from outside (forward(),
 *              generate()).
 *   During a training step every operand of every kernel call is then already in the memory the
 *   kernel runs on: nothing is copied, and since nothing grows, no view is ever detached.
 * - Everything else (the lesson's figures, `forward()` outside `loss()`, tests) lives in
 *   ordinary Float32Arrays. A kernel call with such an operand copies it into scratch and back.
 *   `kernelStats` (kernels.ts) counts those copies, and the arena allocations that did not fit,
 *   so a test can prove that a training step makes none.
 * - The shared scratch space takes the calls whose operands live in no space, or do not fit a
 *   model's scratch. It holds nothing between calls, so it may grow.
 *
 *   const space = new Space({ pinned: 3 * 64 * 64, arena: 4096 });   // a fixed memory
 *   const W = space.pin(64 * 64);             // a Float32Array inside it, for the space's life
 *   space.arena!.run(() => linear(x, w));     // every op inside allocates from the arena
 */
import { kernelStats } from './kernels';
import { instantiate, kernelModule, type KernelExports } from './wasm/module';

const FLOAT_BYTES = 4;
/** Every allocation starts on a 16-byte boundary: one SIMD vector. */
const ALIGN_FLOATS = 4;
const PAGE_BYTES = 65536;
/** The first bytes of a memory stay unused, so that no tensor ever sits at address 0. */
const RESERVED_FLOATS = 16;

function roundUp(n: number, to: number): number {
	return Math.ceil(n / to) * to;
}

/** One use of an arena. Its tensors are valid while `live`; the arena's next run ends it. */
export interface ArenaRun {
	live: boolean;
}

/** The arena ops allocate from right now (inside `Arena.run`), or null for ordinary arrays. */
let current: Arena | null = null;

/** Makes `arena` the one ops allocate from; returns the one before. */
function enter(arena: Arena | null): Arena | null {
	const previous = current;
	current = arena;
	return previous;
}

/** A zeroed Float32Array of n floats: from the running arena, else an ordinary one. */
export function allocate(n: number): Float32Array {
	if (current !== null) {
		const data = current.take(n);
		if (data !== null) return data;
		kernelStats.arenaMisses++;
	}
	return new Float32Array(n);
}

/** A region of a space handed out front to back and taken back all at once by the next run. */
export class Arena {
	readonly #space: Space;
	readonly #start: number;
	readonly #end: number;
	#top: number;
	#run: ArenaRun = { live: false };

	constructor(space: Space, start: number, end: number) {
		this.#space = space;
		this.#start = start;
		this.#end = end;
		this.#top = start;
	}

	/** Capacity in floats. */
	get size(): number {
		return this.#end - this.#start;
	}

	/** The latest run (live until the next one starts). */
	get latest(): ArenaRun {
		return this.#run;
	}

	/** n zeroed floats, or null when they do not fit. */
	take(n: number): Float32Array | null {
		const from = this.#top;
		if (from + n > this.#end) return null;
		this.#top = roundUp(from + n, ALIGN_FLOATS);
		return this.#space.floats.subarray(from, from + n);
	}

	/**
	 * Runs `fn` with every op allocating here. Starting a run ends the previous one: its memory is
	 * zeroed and handed out again, so tensors made in it must not be used any more.
	 */
	run<T>(fn: () => T): T {
		this.#run.live = false;
		this.#run = { live: true };
		this.#space.floats.fill(0, this.#start, this.#top);
		this.#top = this.#start;
		return this.resume(this.#run, fn);
	}

	/** Runs `fn` allocating in `run` again (a backward pass after its forward pass). */
	resume<T>(run: ArenaRun, fn: () => T): T {
		if (!run.live || run !== this.#run) throw new Error(STALE_RUN);
		const previous = enter(this);
		try {
			return fn();
		} finally {
			enter(previous);
		}
	}
}

export const STALE_RUN =
	'this tensor was computed by an earlier GPT.loss(), whose memory the model has since reused ' +
	'for a newer loss(); read what you need (loss.item(), loss.backward()) before calling loss() again';

interface SpaceSizes {
	/** Floats for data that lives as long as the space. */
	pinned?: number;
	/** Floats for the arena. */
	arena?: number;
	/** Floats for operands copied in around a kernel call. */
	scratch?: number;
	/** Only for the shared scratch space, which holds nothing between calls. */
	growable?: boolean;
}

const spaces = new WeakMap<ArrayBufferLike, Space>();
/** The last space `spaceOf` found: consecutive lookups are nearly always for the same one. */
let lastBuffer: ArrayBufferLike | null = null;
let lastSpace: Space | null = null;

/** The space whose memory holds `data`, or null for an ordinary array. */
export function spaceOf(data: Float32Array): Space | null {
	const buffer = data.buffer;
	if (buffer === lastBuffer) return lastSpace;
	const space = spaces.get(buffer) ?? null;
	if (space !== null) {
		lastBuffer = buffer;
		lastSpace = space;
	}
	return space;
}

/** One fixed block of memory (a WebAssembly.Memory where WebAssembly exists) and its regions. */
export class Space {
	readonly memory: WebAssembly.Memory | null;
	/** The whole memory as floats. Replaced only when the shared scratch space grows. */
	floats: Float32Array;
	readonly #growable: boolean;
	#pinTop: number;
	readonly #pinEnd: number;
	readonly #arena: Arena | null;
	readonly #scratchStart: number;
	#scratchTop: number;
	#scratchEnd: number;
	#kernels: KernelExports | null | undefined;

	constructor({ pinned = 0, arena = 0, scratch = 0, growable = false }: SpaceSizes) {
		this.#pinTop = RESERVED_FLOATS;
		this.#pinEnd = this.#pinTop + roundUp(pinned, ALIGN_FLOATS);
		const arenaEnd = this.#pinEnd + roundUp(arena, ALIGN_FLOATS);
		this.#scratchStart = arenaEnd;
		this.#scratchTop = arenaEnd;
		const bytes = roundUp((arenaEnd + roundUp(scratch, ALIGN_FLOATS)) * FLOAT_BYTES, PAGE_BYTES);
		const pages = bytes / PAGE_BYTES;
		this.#growable = growable;
		this.memory =
			typeof WebAssembly === 'undefined'
				? null
				: new WebAssembly.Memory(
						growable ? { initial: pages } : { initial: pages, maximum: pages }
					);
		const buffer = this.memory?.buffer ?? new ArrayBuffer(bytes);
		this.floats = new Float32Array(buffer);
		this.#scratchEnd = this.floats.length;
		this.#arena = arena > 0 ? new Arena(this, this.#pinEnd, arenaEnd) : null;
		if (!growable) spaces.set(buffer, this);
	}

	/** The arena, for spaces made with one. */
	get arena(): Arena | null {
		return this.#arena;
	}

	/** Floats still free for `pin`. */
	get pinnable(): number {
		return this.#pinEnd - this.#pinTop;
	}

	/** n zeroed floats that stay for the life of the space, or null when they do not fit. */
	pin(n: number): Float32Array | null {
		const from = this.#pinTop;
		if (from + n > this.#pinEnd) return null;
		this.#pinTop = roundUp(from + n, ALIGN_FLOATS);
		return this.floats.subarray(from, from + n);
	}

	/** Frees all of scratch: each kernel call starts with it empty. */
	clearScratch(): void {
		this.#scratchTop = this.#scratchStart;
	}

	/**
	 * The float index of n floats of scratch, or −1 when they do not fit. Only the shared space
	 * grows to make room, which detaches `floats`; it is replaced here, and the shared space's
	 * views never outlive a call.
	 */
	takeScratch(n: number): number {
		const from = this.#scratchTop;
		const end = roundUp(from + n, ALIGN_FLOATS);
		if (end > this.#scratchEnd) {
			if (!this.#growable || this.memory === null) return -1;
			this.memory.grow(Math.ceil(((end - this.#scratchEnd) * FLOAT_BYTES) / PAGE_BYTES));
			this.floats = new Float32Array(this.memory.buffer);
			this.#scratchEnd = this.floats.length;
		}
		this.#scratchTop = end;
		return from;
	}

	/** The kernels instantiated on this memory, or null where WebAssembly SIMD is unavailable. */
	kernels(): KernelExports | null {
		if (this.#kernels === undefined) {
			const module = kernelModule();
			this.#kernels =
				module === null || this.memory === null ? null : instantiate(module, this.memory);
		}
		return this.#kernels;
	}
}

let shared: Space | null = null;

/** The space for kernel calls on ordinary arrays: scratch only, grown as calls need. */
export function sharedScratch(): Space {
	shared ??= new Space({ scratch: 64 * 1024, growable: true });
	return shared;
}

/** n zeroed floats in the same space as `like` (pinned there) if it has room, else ordinary. */
export function allocateBeside(like: Float32Array, n: number): Float32Array {
	return spaceOf(like)?.pin(n) ?? new Float32Array(n);
}
