import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	add,
	causalMask,
	causalSelfAttention,
	crossEntropy,
	div,
	embedding,
	exp,
	linear,
	log,
	logSoftmax,
	matmul,
	mean,
	mul,
	neg,
	pow,
	relu,
	reshape,
	rmsnorm,
	softmax,
	sqrt,
	square,
	sub,
	sum,
	tanh,
	transpose,
	type AttentionHead
} from './index';
import {
	kernelSet,
	kernelStats,
	parseKernelChoice,
	useKernels,
	withKernels,
	type KernelSet
} from './kernels';
import { Space } from './memory';
import { Rng } from './rng';
import { Tensor, backpropagate, sizeOf, type Shape } from './tensor';
import { expectNear } from './test-kernels';
import { kernelModule } from './wasm/module';

/** How far the WebAssembly kernels may be from the TypeScript ones: relative to each result. */
const RELATIVE = 1e-5;

interface OpCase {
	name: string;
	shapes: Shape[];
	op: (...inputs: Tensor[]) => Tensor;
	/** Inputs in [0.5, 2] instead of normal (for log, sqrt, pow, a denominator). */
	positive?: boolean;
	/** The op has a WebAssembly kernel, so running it in a model's memory must call one. */
	simd?: boolean;
}

const TARGETS = [3, 0, 26, 7, 7];
const IDS = [4, 0, 4, 2, 1, 3];

/** Every op of the engine, at shapes that reach each kernel's leftover paths too. */
const CASES: OpCase[] = [
	{
		name: 'add of equal shapes',
		shapes: [
			[5, 7],
			[5, 7]
		],
		op: (a, b) => add(a!, b!),
		simd: true
	},
	{ name: 'add of a row', shapes: [[5, 7], [7]], op: (a, b) => add(a!, b!) },
	{
		name: 'sub',
		shapes: [
			[4, 6],
			[4, 1]
		],
		op: (a, b) => sub(a!, b!)
	},
	{
		name: 'mul',
		shapes: [
			[4, 6],
			[4, 6]
		],
		op: (a, b) => mul(a!, b!)
	},
	{
		name: 'div',
		shapes: [
			[3, 5],
			[3, 5]
		],
		op: (a, b) => div(a!, b!),
		positive: true
	},
	{ name: 'neg', shapes: [[9]], op: (a) => neg(a!) },
	{ name: 'exp', shapes: [[2, 9]], op: (a) => exp(a!) },
	{ name: 'log', shapes: [[2, 9]], op: (a) => log(a!), positive: true },
	{ name: 'relu', shapes: [[16, 67]], op: (a) => relu(a!), simd: true },
	{ name: 'tanh', shapes: [[11]], op: (a) => tanh(a!) },
	{ name: 'square', shapes: [[3, 4]], op: (a) => square(a!) },
	{ name: 'pow', shapes: [[3, 4]], op: (a) => pow(a!, 3), positive: true },
	{ name: 'sqrt', shapes: [[3, 4]], op: (a) => sqrt(a!), positive: true },
	{
		name: 'matmul',
		shapes: [
			[9, 13],
			[13, 11]
		],
		op: (a, b) => matmul(a!, b!),
		simd: true
	},
	{
		name: 'matmul, 64³',
		shapes: [
			[64, 64],
			[64, 64]
		],
		op: (a, b) => matmul(a!, b!),
		simd: true
	},
	{
		name: 'linear, the MLP’s shape',
		shapes: [
			[16, 64],
			[256, 64]
		],
		op: (x, w) => linear(x!, w!),
		simd: true
	},
	{
		name: 'linear, odd sizes',
		shapes: [
			[5, 7],
			[3, 7]
		],
		op: (x, w) => linear(x!, w!),
		simd: true
	},
	{ name: 'transpose', shapes: [[3, 5]], op: (a) => transpose(a!) },
	{ name: 'reshape', shapes: [[3, 4]], op: (a) => reshape(a!, [2, 6]) },
	{ name: 'sum', shapes: [[3, 4]], op: (a) => sum(a!) },
	{ name: 'sum along an axis', shapes: [[3, 4, 2]], op: (a) => sum(a!, 1) },
	{
		name: 'mean along an axis, kept',
		shapes: [[3, 4]],
		op: (a) => mean(a!, -1, { keepDim: true })
	},
	{ name: 'softmax', shapes: [[4, 6]], op: (a) => softmax(a!) },
	{ name: 'softmax along the first axis', shapes: [[4, 6]], op: (a) => softmax(a!, 0) },
	{ name: 'logSoftmax', shapes: [[4, 6]], op: (a) => logSoftmax(a!) },
	{ name: 'crossEntropy', shapes: [[5, 27]], op: (a) => crossEntropy(a!, TARGETS) },
	{ name: 'embedding', shapes: [[5, 8]], op: (w) => embedding(w!, IDS) },
	{ name: 'rmsnorm', shapes: [[16, 64]], op: (a) => rmsnorm(a!), simd: true },
	{ name: 'rmsnorm, odd width', shapes: [[3, 10]], op: (a) => rmsnorm(a!), simd: true },
	{ name: 'causalMask', shapes: [[2, 5, 5]], op: (a) => causalMask(a!) },
	{
		name: 'causalSelfAttention, the larger preset’s shape',
		shapes: [
			[16, 64],
			[16, 64],
			[16, 64]
		],
		op: (q, k, v) => causalSelfAttention(q!, k!, v!, 4),
		simd: true
	},
	{
		name: 'causalSelfAttention, microgpt’s heads of 4',
		shapes: [
			[16, 16],
			[16, 16],
			[16, 16]
		],
		op: (q, k, v) => causalSelfAttention(q!, k!, v!, 4),
		simd: true
	},
	{
		name: 'causalSelfAttention, odd sizes, heads kept',
		shapes: [
			[5, 6],
			[5, 6],
			[5, 6]
		],
		op: (q, k, v) => causalSelfAttention(q!, k!, v!, 2, [] as AttentionHead[]),
		simd: true
	}
];

interface Run {
	out: Float32Array;
	grads: Float32Array[];
}

function values(shape: Shape, rng: Rng, positive: boolean): Float32Array {
	return Float32Array.from({ length: sizeOf(shape) }, () =>
		positive ? 0.5 + 1.5 * rng.uniform() : rng.normal()
	);
}

/** The case's inputs and backward seed, the same for every run. */
function draw(c: OpCase): { inputs: Float32Array[]; seed: (size: number) => Float32Array } {
	const rng = new Rng(c.name.length * 7919 + c.shapes.length);
	const inputs = c.shapes.map((shape) => values(shape, rng, c.positive ?? false));
	const seedRng = new Rng(99);
	return { inputs, seed: (size) => values([size], seedRng, false) };
}

/** Forward and backward on ordinary arrays, as the lesson's figures call the ops. */
function runOrdinary(c: OpCase, set: KernelSet): Run {
	const { inputs, seed } = draw(c);
	return withKernels(set, () => {
		const tensors = inputs.map((data, i) => new Tensor(data.slice(), c.shapes[i]!, true));
		const out = c.op(...tensors);
		backpropagate(out, seed(out.size));
		return { out: out.data.slice(), grads: tensors.map((t) => t.grad!.slice()) };
	});
}

/**
 * Forward and backward with the inputs inside a WebAssembly memory and every result in its arena,
 * as a GPT's training step runs (memory.ts): the WebAssembly kernels work in place here.
 */
function runInMemory(c: OpCase): Run {
	const { inputs, seed } = draw(c);
	const total = inputs.reduce((n, x) => n + x.length, 0);
	const space = new Space({ pinned: 2 * total + 64, arena: 64 * total + 4096 });
	const arena = space.arena!;
	return withKernels('wasm', () => {
		const tensors = inputs.map((data, i) => {
			const pinned = space.pin(data.length)!;
			pinned.set(data);
			return new Tensor(pinned, c.shapes[i]!, true);
		});
		const misses = kernelStats.arenaMisses;
		const out = arena.run(() => c.op(...tensors));
		arena.resume(arena.latest, () => backpropagate(out, seed(out.size)));
		expect(kernelStats.arenaMisses, 'everything fits the arena').toBe(misses);
		return { out: out.data.slice(), grads: tensors.map((t) => t.grad!.slice()) };
	});
}

describe('every op gives the same values and gradients on both kernel sets', () => {
	afterEach(() => useKernels('auto'));

	it('the WebAssembly kernels compile in node, so every comparison below runs them', () => {
		expect(kernelModule()).not.toBeNull();
	});

	for (const c of CASES) {
		it(`${c.name}: WebAssembly in place and on copies agree with TypeScript to 1e-5`, () => {
			const reference = runOrdinary(c, 'typescript');
			const calls = kernelStats.simdCalls;
			const inPlace = runInMemory(c);
			if (c.simd) expect(kernelStats.simdCalls, 'a WebAssembly kernel ran').toBeGreaterThan(calls);
			const copied = runOrdinary(c, 'wasm');
			for (const [how, run] of [
				['in place', inPlace],
				['on copies', copied]
			] as const) {
				expectNear(run.out, reference.out, RELATIVE, `${how}: values`);
				run.grads.forEach((grad, i) =>
					expectNear(grad, reference.grads[i]!, RELATIVE, `${how}: gradient of input ${i}`)
				);
			}
		});
	}

	it('the TypeScript kernels call no WebAssembly, even on arrays inside a WebAssembly memory', () => {
		const space = new Space({ pinned: 64 * 64 * 3, arena: 64 * 64 * 4 });
		const a = new Tensor(space.pin(64 * 64)!.fill(1), [64, 64], true);
		const b = new Tensor(space.pin(64 * 64)!.fill(2), [64, 64], true);
		const calls = kernelStats.simdCalls;
		withKernels('typescript', () => space.arena!.run(() => relu(matmul(a, b))));
		expect(kernelStats.simdCalls).toBe(calls);
	});
});

describe('choosing the kernels', () => {
	afterEach(() => useKernels('auto'));

	it('runs WebAssembly by default where it compiles, and either set on request', () => {
		expect(kernelSet()).toBe('wasm');
		useKernels('typescript');
		expect(kernelSet()).toBe('typescript');
		expect(withKernels('wasm', () => kernelSet())).toBe('wasm');
		expect(kernelSet()).toBe('typescript');
	});

	it('reads TRENCHCOAT_KERNELS, and says how to fix a value it does not know', () => {
		expect(parseKernelChoice(undefined)).toBe('auto');
		expect(parseKernelChoice('')).toBe('auto');
		expect(parseKernelChoice('typescript')).toBe('typescript');
		expect(parseKernelChoice('wasm')).toBe('wasm');
		expect(() => parseKernelChoice('simd')).toThrow(
			'TRENCHCOAT_KERNELS=simd is not a kernel set; use wasm, typescript or auto'
		);
	});

	it('without WebAssembly, trains on the TypeScript kernels, and forcing WebAssembly says why not', async () => {
		vi.resetModules();
		vi.stubGlobal('WebAssembly', undefined);
		try {
			const kernels = await import('./kernels');
			const engine = await import('./index');
			expect(kernels.kernelSet()).toBe('typescript');
			expect(() => kernels.useKernels('wasm')).toThrow(
				/WebAssembly with 128-bit SIMD cannot run here/
			);
			const model = new engine.GPT(engine.defaultGPTConfig, new engine.Rng(1));
			const opt = new engine.Adam(model.parameters(), { lr: 0.01 });
			const ids = [0, 5, 13, 13, 1, 0];
			const first = model.loss(ids).item();
			for (let step = 0; step < 5; step++) {
				opt.zeroGrad();
				model.loss(ids).backward();
				opt.step();
			}
			expect(model.loss(ids).item()).toBeLessThan(first);
			expect(model.space.memory).toBeNull();
		} finally {
			vi.unstubAllGlobals();
			vi.resetModules();
		}
	});
});
