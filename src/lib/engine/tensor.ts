/**
 * The Tensor: a shape, a row-major Float32Array of values, and (when it requires grad) a
 * gradient of the same size. Every op returns a new Tensor that remembers its inputs and a
 * `backwardFn` that moves its gradient into theirs, so `loss.backward()` is a walk over the
 * graph in reverse topological order.
 *
 * Gradients accumulate into leaves (tensors made by constructors, e.g. parameters) across calls,
 * exactly like PyTorch: call `zeroGrad()` on the optimiser between steps. Intermediate tensors
 * have their gradients reset at the start of every `backward()`, so calling it twice on the same
 * graph adds the same gradient to the leaves twice, never a compounded one.
 */

import { STALE_RUN, allocate, allocateBeside, type Arena, type ArenaRun } from './memory';

export type Shape = readonly number[];

let gradEnabled = true;

/** Whether ops currently record a graph. False inside `noGrad`. */
export function isGradEnabled(): boolean {
	return gradEnabled;
}

/**
 * Runs `fn` without building a graph: results never require grad, no backward closures are made.
 * Use it for inference and for figures that only need values.
 */
export function noGrad<T>(fn: () => T): T {
	const previous = gradEnabled;
	gradEnabled = false;
	try {
		return fn();
	} finally {
		gradEnabled = previous;
	}
}

// Hot paths loop by index rather than with for-of, spread or array destructuring: those go
// through the iterator protocol, which V8 makes fast only while no script on the page has
// modified the array iterators, and these loops run for every op of every training step.

/** Number of elements of a shape; the empty shape [] is a scalar with one element. */
export function sizeOf(shape: Shape): number {
	let n = 1;
	for (let i = 0; i < shape.length; i++) n *= shape[i]!;
	return n;
}

export function formatShape(shape: Shape): string {
	return `[${shape.join(',')}]`;
}

function checkShape(shape: Shape): void {
	for (let i = 0; i < shape.length; i++) {
		const d = shape[i]!;
		if (!Number.isInteger(d) || d < 0) {
			throw new Error(`invalid shape ${formatShape(shape)}: dimensions must be integers ≥ 0`);
		}
	}
}

/** Stamp used to mark tensors visited by the current topological sort (no per-call Set). */
let visitStamp = 0;

export class Tensor {
	readonly shape: Shape;
	readonly data: Float32Array;
	grad: Float32Array | null = null;
	requiresGrad: boolean;
	/** The op that produced this tensor ('leaf' for constructors); shown in graph figures. */
	readonly op: string;
	/** The tensors this one was computed from; empty for leaves and inside `noGrad`. */
	readonly parents: readonly Tensor[];
	/** Adds this tensor's gradient, pushed through its op, into its parents' gradients. */
	readonly backwardFn: (() => void) | null;
	/** @internal last `visitStamp` at which a topological sort reached this tensor. */
	visited = 0;
	/**
	 * @internal Set on a loss that `GPT.loss` computed in its model's arena (memory.ts): the
	 * arena and the run its graph lives in, so that `backward()` allocates there too, and so that
	 * using the loss after the arena's next run is an error instead of reading reused memory.
	 */
	arena: { arena: Arena; run: ArenaRun } | null = null;

	constructor(
		data: Float32Array,
		shape: Shape,
		requiresGrad = false,
		op = 'leaf',
		parents: readonly Tensor[] = [],
		backwardFn: (() => void) | null = null
	) {
		checkShape(shape);
		if (data.length !== sizeOf(shape)) {
			throw new Error(
				`data has ${data.length} values but shape ${formatShape(shape)} needs ${sizeOf(shape)}`
			);
		}
		this.shape = shape;
		this.data = data;
		this.requiresGrad = requiresGrad;
		this.op = op;
		this.parents = parents;
		this.backwardFn = backwardFn;
	}

	get size(): number {
		return this.data.length;
	}

	/** True for tensors not produced by an op (parameters, inputs). */
	get isLeaf(): boolean {
		return this.parents.length === 0;
	}

	/** The value of a one-element tensor. */
	item(): number {
		if (this.arena !== null && !this.arena.run.live) throw new Error(STALE_RUN);
		if (this.data.length !== 1) {
			throw new Error(
				`item() needs a one-element tensor, got shape ${formatShape(this.shape)}; ` +
					'index into .data instead'
			);
		}
		return this.data[0]!;
	}

	/** Values as nested arrays matching the shape (for display and tests). */
	toArray(): NestedArray {
		return nest(this.data, this.shape, 0, 0) as NestedArray;
	}

	/**
	 * Backpropagates from this one-element tensor: seeds its gradient with 1 and accumulates
	 * d(this)/d(t) into `t.grad` for every tensor t in its graph that requires grad.
	 */
	backward(): void {
		if (this.data.length !== 1) {
			throw new Error(
				`backward() needs a one-element tensor (a loss), got shape ${formatShape(this.shape)}; ` +
					'reduce it first, e.g. sum(x).backward() or mean(x).backward()'
			);
		}
		const home = this.arena;
		if (home === null) backpropagate(this, ONE);
		else home.arena.resume(home.run, () => backpropagate(this, ONE));
	}
}

const ONE = new Float32Array([1]);

export type NestedArray = number | NestedArray[];

function nest(data: Float32Array, shape: Shape, dim: number, offset: number): NestedArray {
	if (dim === shape.length) return data[offset]!;
	const n = shape[dim]!;
	const stride = sizeOf(shape.slice(dim + 1));
	const out: NestedArray[] = [];
	for (let i = 0; i < n; i++) out.push(nest(data, shape, dim + 1, offset + i * stride));
	return out;
}

/**
 * Tensors reachable from `root` that require grad, ordered so that every tensor comes after all
 * of its parents. Iterative depth-first search (no recursion limit on deep graphs), with a
 * visit stamp instead of a Set.
 */
export function topologicalOrder(root: Tensor): Tensor[] {
	const order: Tensor[] = [];
	const stamp = ++visitStamp;
	const stack: Tensor[] = [root];
	const nextChild: number[] = [0];
	root.visited = stamp;
	while (stack.length > 0) {
		const top = stack.length - 1;
		const node = stack[top]!;
		const i = nextChild[top]!;
		if (i < node.parents.length) {
			nextChild[top] = i + 1;
			const parent = node.parents[i]!;
			if (parent.requiresGrad && parent.visited !== stamp) {
				parent.visited = stamp;
				stack.push(parent);
				nextChild.push(0);
			}
		} else {
			order.push(node);
			stack.pop();
			nextChild.pop();
		}
	}
	return order;
}

/**
 * Backpropagation with an explicit seed gradient for `root` (same size as root). `backward()`
 * uses a seed of 1; gradient checks use random seeds on non-scalar outputs.
 */
export function backpropagate(root: Tensor, seed: ArrayLike<number>): void {
	if (!root.requiresGrad) {
		throw new Error(
			'backward(): this tensor does not require grad, so no gradient can flow; create the ' +
				'inputs with { requiresGrad: true } and do not compute it inside noGrad()'
		);
	}
	if (seed.length !== root.size) {
		throw new Error(`seed gradient has ${seed.length} values, tensor has ${root.size}`);
	}
	const order = topologicalOrder(root);
	// Intermediate gradients start at zero on every call, carved out of one fresh block (one
	// allocation instead of one per tensor, from the arena while a loss's graph lives in one).
	// Leaves keep their own arrays, which accumulate, made beside their values (a model's
	// parameters get gradients inside the model's memory, where the kernels read them).
	let intermediate = 0;
	for (let i = 0; i < order.length; i++) if (!order[i]!.isLeaf) intermediate += order[i]!.size;
	const block = allocate(intermediate);
	let offset = 0;
	for (let i = 0; i < order.length; i++) {
		const t = order[i]!;
		if (!t.isLeaf) {
			t.grad = block.subarray(offset, offset + t.size);
			offset += t.size;
		} else if (t.grad === null) t.grad = allocateBeside(t.data, t.size);
	}
	const rootGrad = root.grad!;
	for (let i = 0; i < seed.length; i++) rootGrad[i] = rootGrad[i]! + seed[i]!;
	for (let i = order.length - 1; i >= 0; i--) {
		const t = order[i]!;
		if (t.backwardFn !== null) t.backwardFn();
	}
}

/**
 * Builds an op's output. When grad is enabled and some input requires grad, the output records
 * its parents and backward function; otherwise it is a plain constant (the backward closure is
 * not even created, because `makeBackward` is only called when needed).
 */
export function result(
	op: string,
	data: Float32Array,
	shape: Shape,
	parents: readonly Tensor[],
	makeBackward: (out: Tensor) => () => void
): Tensor {
	let needsGrad = false;
	if (gradEnabled) {
		for (let i = 0; i < parents.length; i++) if (parents[i]!.requiresGrad) needsGrad = true;
	}
	if (!needsGrad) return new Tensor(data, shape, false, op);
	const out = new Tensor(data, shape, true, op, parents, null);
	// backwardFn is readonly for users; the op installs it once, here.
	(out as { backwardFn: (() => void) | null }).backwardFn = makeBackward(out);
	return out;
}

/** Anything an op accepts as an operand: a tensor, or a plain number treated as a scalar. */
export type TensorLike = Tensor | number;

export function asTensor(x: TensorLike): Tensor {
	return typeof x === 'number' ? new Tensor(new Float32Array([x]), []) : x;
}

// ---------------------------------------------------------------- constructors

export interface TensorOptions {
	requiresGrad?: boolean;
}

type Values = number | ArrayLike<number> | readonly Values[];

function flatten(values: Values, out: number[], shape: number[], dim: number): void {
	if (typeof values === 'number') {
		if (dim !== shape.length && shape.length > 0) {
			throw new Error('tensor(): ragged nested array (rows of different depths)');
		}
		out.push(values);
		return;
	}
	const list = values as ArrayLike<Values>;
	if (dim === shape.length) shape.push(list.length);
	else if (shape[dim] !== list.length) {
		throw new Error(
			`tensor(): ragged nested array: a row has ${list.length} entries, expected ${shape[dim]}`
		);
	}
	for (let i = 0; i < list.length; i++) flatten(list[i]!, out, shape, dim + 1);
}

/**
 * A tensor from values: a number (scalar, shape []), a flat array with an optional shape, or a
 * nested array whose nesting gives the shape.
 */
export function tensor(values: Values, shape?: Shape, options: TensorOptions = {}): Tensor {
	let data: Float32Array;
	let inferred: number[];
	if (typeof values === 'number') {
		data = new Float32Array([values]);
		inferred = [];
	} else if (values instanceof Float32Array || values instanceof Float64Array) {
		data = new Float32Array(values);
		inferred = [values.length];
	} else {
		const flat: number[] = [];
		inferred = [];
		flatten(values, flat, inferred, 0);
		data = new Float32Array(flat);
	}
	const finalShape = shape ?? inferred;
	checkShape(finalShape);
	if (sizeOf(finalShape) !== data.length) {
		throw new Error(
			`tensor(): ${data.length} values do not fit shape ${formatShape(finalShape)} ` +
				`(${sizeOf(finalShape)} elements)`
		);
	}
	return new Tensor(data, finalShape.slice(), options.requiresGrad ?? false);
}

export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
	checkShape(shape);
	return new Tensor(new Float32Array(sizeOf(shape)), shape.slice(), options.requiresGrad ?? false);
}

export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
	checkShape(shape);
	const data = new Float32Array(sizeOf(shape)).fill(1);
	return new Tensor(data, shape.slice(), options.requiresGrad ?? false);
}

/** Anything that draws standard normal numbers; `Rng` from rng.ts is one. */
export interface NormalSource {
	normal(): number;
}

/** Normal(0, std²) values from a seeded generator. */
export function randn(
	shape: Shape,
	rng: NormalSource,
	std = 1,
	options: TensorOptions = {}
): Tensor {
	checkShape(shape);
	const data = new Float32Array(sizeOf(shape));
	for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
	return new Tensor(data, shape.slice(), options.requiresGrad ?? false);
}
