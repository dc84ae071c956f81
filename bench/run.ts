/**
 * `npm run bench`: the engine against @tensorflow/tfjs on the same GPT training steps (microgpt
 * and the ~100k-parameter "larger" preset), with each of its two kernel sets (WebAssembly SIMD,
 * TypeScript), and its matmul kernels against the machine's peaks: scalar JavaScript for the
 * TypeScript kernel, 128-bit WebAssembly SIMD for the other. Everything is measured in this one
 * process, so the ratios are what matter; absolute numbers vary by machine.
 *
 * The engine's default is WebAssembly where it runs; TRENCHCOAT_KERNELS=typescript makes the
 * TypeScript kernels the default instead (kernels.ts).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
	ADAM,
	Adam,
	GPT,
	MODEL_PRESETS,
	NAMES_VOCAB_SIZE,
	Rng,
	TRAINING,
	Vocab,
	countParameters,
	presetConfig,
	type GPTConfig,
	type PresetId
} from '../src/lib/engine/index';
import { kernelSet, kernelStats, useKernels, type KernelSet } from '../src/lib/engine/kernels';
import { Space } from '../src/lib/engine/memory';
import { gemm, matmulInto, rowMajor, transposed, type Layout } from '../src/lib/engine/ops/gemm';
import { SIMD_PEAK_FLOPS_PER_ITERATION, kernelModule } from '../src/lib/engine/wasm/module';
import type { AdamSettings } from './tfjs-gpt';
import { benchTrace } from './trace';
import { benchTrainer } from './trainer';

/** 15 letters between two boundaries: 17 ids, so each step reads 16 tokens. */
const IDS = Vocab.names().encode('bartholomewjohn');
const SEED = TRAINING.seed;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times each of `runs` calls of `step` and appends the ms to `into`. */
function timeSteps(step: () => void, runs: number, into: number[]): void {
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		step();
		into.push(performance.now() - t0);
	}
}

/** A preset's model shape on the names, and the Adam settings it trains with. */
function recipe(preset: PresetId): { config: GPTConfig; adam: AdamSettings } {
	return {
		config: presetConfig(preset, NAMES_VOCAB_SIZE),
		adam: { lr: MODEL_PRESETS[preset].lr, ...ADAM }
	};
}

function engineWeights(model: GPT): Record<string, Float32Array> {
	const out: Record<string, Float32Array> = {};
	for (const [name, t] of Object.entries(model.stateDict())) out[name] = t.data.slice();
	return out;
}

interface Contender {
	name: string;
	/** Backend to switch tfjs to before this contender's turn (none for our engine). */
	backend?: string;
	/** The engine's kernel set for this contender's turns (none for tfjs). */
	kernels?: KernelSet;
	/** Steps per round: roughly equal wall time for each contender. */
	perRound: number;
	step: () => void;
	times: number[];
	roundMedians: number[];
	loss0: number;
	loss20: number;
	/** Floats copied into and out of WebAssembly memory during the timed steps (memory.ts). */
	copiedFloats: number;
	/** Arena allocations that did not fit during the timed steps. */
	arenaMisses: number;
}

/** One training step of the engine's GPT from the seed's weights; returns the loss. */
function engineStepper(preset: PresetId): () => number {
	const { config, adam } = recipe(preset);
	const model = new GPT(config, new Rng(SEED));
	const opt = new Adam(model.parameters(), adam);
	return () => {
		opt.zeroGrad();
		const loss = model.loss(IDS);
		loss.backward();
		opt.step();
		return loss.item();
	};
}

/** Loss at step 0 and after 20 steps from the seed's weights: every contender must agree. */
function lossesOf(step: () => number): { loss0: number; loss20: number } {
	const loss0 = step();
	for (let i = 1; i < 20; i++) step();
	return { loss0, loss20: step() };
}

const KERNEL_NAMES: Record<KernelSet, string> = {
	wasm: 'WebAssembly SIMD kernels',
	typescript: 'TypeScript kernels'
};

/** The engine with one kernel set; its losses are computed with that set too. */
function engineContender(preset: PresetId, kernels: KernelSet, perRound: number): Contender {
	useKernels(kernels);
	const step = engineStepper(preset);
	return {
		name: `engine, ${KERNEL_NAMES[kernels]}`,
		kernels,
		perRound,
		step,
		times: [],
		roundMedians: [],
		copiedFloats: 0,
		arenaMisses: 0,
		...lossesOf(engineStepper(preset))
	};
}

/** The engine's kernel sets that run here, the default first. */
function kernelSets(): KernelSet[] {
	const first = kernelSet();
	const other: KernelSet = first === 'wasm' ? 'typescript' : 'wasm';
	return other === 'wasm' && kernelModule() === null ? [first] : [first, other];
}

type Tfjs = typeof import('@tensorflow/tfjs');

/** tfjs loaded with its wasm backend's files found in node_modules. */
async function loadTfjs(): Promise<Tfjs> {
	const tf = await import('@tensorflow/tfjs');
	const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
	const require = createRequire(import.meta.url);
	const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
	setWasmPaths(path.join(wasmDist, 'dist') + path.sep);
	return tf;
}

/** The same GPT in tfjs on `backend`, starting from the engine's weights for the seed. */
async function tfjsContender(
	tf: Tfjs,
	backend: string,
	preset: PresetId,
	perRound: number
): Promise<Contender> {
	const { makeTfjsGpt } = await import('./tfjs-gpt');
	const { config, adam } = recipe(preset);
	const initial = engineWeights(new GPT(config, new Rng(SEED)));
	await tf.setBackend(backend);
	await tf.ready();
	const probe = makeTfjsGpt(config, initial, IDS, adam);
	const losses = lossesOf(() => probe.step());
	probe.dispose();
	const peer = makeTfjsGpt(config, initial, IDS, adam);
	const flags =
		backend === 'wasm'
			? ` (simd ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')})`
			: '';
	return {
		name: `tfjs ${backend}${flags}`,
		backend,
		perRound,
		step: () => peer.step(),
		times: [],
		roundMedians: [],
		copiedFloats: 0,
		arenaMisses: 0,
		...losses
	};
}

/**
 * The contenders take turns in rounds (engine, tfjs-wasm, …, engine, …), so a burst of load from
 * other processes slows all of them alike instead of one whole measurement. A first round is a
 * warm-up (JIT, wasm compilation, first allocations) and is not counted.
 */
async function runRounds(tf: Tfjs, contenders: Contender[], rounds: number): Promise<void> {
	for (let round = -1; round < rounds; round++) {
		for (const c of contenders) {
			if (c.backend !== undefined) await tf.setBackend(c.backend);
			if (c.kernels !== undefined) useKernels(c.kernels);
			const times: number[] = [];
			const { copiedFloats, arenaMisses } = kernelStats;
			timeSteps(c.step, c.perRound, times);
			if (round < 0) continue;
			c.copiedFloats += kernelStats.copiedFloats - copiedFloats;
			c.arenaMisses += kernelStats.arenaMisses - arenaMisses;
			c.times.push(...times);
			c.roundMedians.push(median(times));
		}
	}
}

/** The table of one training step; each ratio is taken per round, and the median reported. */
function report(
	preset: PresetId,
	contenders: Contender[],
	rounds: number,
	wasmGoal: number,
	note = ''
): void {
	const [engine, ...peers] = contenders;
	console.log(
		`\n${MODEL_PRESETS[preset].label} training step: ` +
			`${countParameters(recipe(preset).config).toLocaleString('en-GB')} parameters, one ` +
			`${IDS.length - 1}-token sequence, forward + backward + Adam`
	);
	console.log(`  (${rounds} interleaved rounds; median ms over all timed steps)`);
	console.log(`  ${'implementation'.padEnd(40)} ${'ms/step'.padStart(9)}  loss@0   loss@20`);
	for (const c of contenders) {
		console.log(
			`  ${c.name.padEnd(40)} ${median(c.times).toFixed(4).padStart(9)}  ` +
				`${c.loss0.toFixed(4)}  ${c.loss20.toFixed(4)}`
		);
	}
	if (note) console.log(note);
	for (const c of contenders) {
		if (c.kernels === undefined) continue;
		console.log(
			`  ${c.name}: ${c.copiedFloats} floats copied between JavaScript and WebAssembly ` +
				`memory and ${c.arenaMisses} arena misses in ${c.times.length} timed steps`
		);
	}
	for (const peer of peers) {
		const ratios = peer.roundMedians.map((ms, i) => ms / engine!.roundMedians[i]!);
		console.log(
			`  engine vs ${peer.name.split(' (')[0]}: ${median(ratios).toFixed(1)}× faster ` +
				`(per-round range ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}×)` +
				(peer.backend === 'wasm' ? `   goal ≥ ${wasmGoal}×` : '')
		);
	}
}

async function benchTrainingSteps(): Promise<void> {
	// The engine alone first, before tfjs is loaded: the number a browser page without tfjs sees.
	const aloneTimes: number[] = [];
	const alone = engineStepper('micro');
	timeSteps(alone, 1000, []);
	timeSteps(alone, 3000, aloneTimes);

	// tfjs is imported only now, so that loading it cannot affect the measurement above.
	const tf = await loadTfjs();
	const rounds = 12;

	// steps per round: about 0.1 s of each contender's time
	const sets = kernelSets();
	const perRound = (preset: PresetId, set: KernelSet) =>
		({ micro: { wasm: 2000, typescript: 400 }, larger: { wasm: 200, typescript: 20 } })[preset][
			set
		];
	const micro = [
		...sets.map((set) => engineContender('micro', set, perRound('micro', set))),
		await tfjsContender(tf, 'wasm', 'micro', 40),
		await tfjsContender(tf, 'cpu', 'micro', 20)
	];
	await runRounds(tf, micro, rounds);
	const aloneNote =
		`  (engine measured alone, before tfjs was loaded: ` +
		`${median(aloneTimes).toFixed(4)} ms/step)`;
	report('micro', micro, rounds, 10, aloneNote);

	const larger = [
		...sets.map((set) => engineContender('larger', set, perRound('larger', set))),
		await tfjsContender(tf, 'wasm', 'larger', 10)
	];
	await runRounds(tf, larger, rounds);
	report('larger', larger, rounds, 4);
	useKernels(sets[0]!);
}

/**
 * Scalar peak of this JS engine on one core: 8 independent multiply-add chains in doubles, so
 * the loop is limited by arithmetic throughput rather than latency. (JavaScript cannot fuse them
 * into FMAs; each iteration is 16 flops.)
 */
function scalarPeakGflops(): number {
	const iterations = 4_000_000;
	const b = 0.9999999;
	const c = 1e-7;
	const run = (): number => {
		let a0 = 1,
			a1 = 2,
			a2 = 3,
			a3 = 4,
			a4 = 5,
			a5 = 6,
			a6 = 7,
			a7 = 8;
		for (let i = 0; i < iterations; i++) {
			a0 = a0 * b + c;
			a1 = a1 * b + c;
			a2 = a2 * b + c;
			a3 = a3 * b + c;
			a4 = a4 * b + c;
			a5 = a5 * b + c;
			a6 = a6 * b + c;
			a7 = a7 * b + c;
		}
		return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
	};
	let best = Infinity;
	let sink = 0;
	for (let r = 0; r < 15; r++) {
		const t0 = performance.now();
		sink += run();
		best = Math.min(best, performance.now() - t0);
	}
	if (sink === 42) console.log(''); // keeps the loop from being optimised away
	return (iterations * 16) / (best * 1e6);
}

/** A kernel call on arrays big enough for any operand, and the shape of its product. */
interface KernelCase {
	label: string;
	M: number;
	K: number;
	N: number;
	run: (C: Float32Array, A: Float32Array, B: Float32Array) => void;
}

/** C (M×N) += A (M×K) · B (K×N) of whole row-major arrays, read as `layout` says. */
function stored(label: string, layout: Layout, M: number, K: number, N: number): KernelCase {
	return { label, M, K, N, run: (C, A, B) => matmulInto(layout, C, A, B, M, K, N) };
}

/**
 * One attention head's scores S = Q_h K_hᵀ, read in place from [T, width] queries and keys with
 * the head in columns h·D … h·D + D − 1, as the attention op does.
 */
function headScores(label: string, T: number, width: number, D: number, h: number): KernelCase {
	return {
		label,
		M: T,
		K: D,
		N: T,
		run: (S, q, k) =>
			gemm(
				rowMajor(S, T),
				rowMajor(q, width, h * D),
				transposed(rowMajor(k, width, h * D)),
				T,
				D,
				T
			)
	};
}

/** Random normal floats. */
function randomFloats(n: number, rng: Rng): Float32Array {
	return Float32Array.from({ length: n }, () => rng.normal());
}

/**
 * GFLOP/s of a kernel at one shape (2·M·K·N flops per call) with one kernel set: the best of 15
 * batches of enough calls to do 2·10⁷ flops each. Best, not median: other processes only ever
 * slow a batch down. The WebAssembly kernel gets its operands inside a WebAssembly memory, as a
 * training step hands them over (memory.ts): what is timed is the kernel, not a copy.
 */
function kernelGflops({ M, K, N, run }: KernelCase, set: KernelSet): number {
	useKernels(set);
	const rng = new Rng(1);
	// big enough for every layout and head offset the cases read and write
	const size = Math.max(M, K, N, 64) ** 2;
	const space = set === 'wasm' ? new Space({ pinned: 3 * size + 12 }) : null;
	const place = (values: Float32Array) => {
		const pinned = space?.pin(values.length) ?? new Float32Array(values.length);
		pinned.set(values);
		return pinned;
	};
	const A = place(randomFloats(size, rng));
	const Bm = place(randomFloats(size, rng));
	const C = place(new Float32Array(size));
	const flops = 2 * M * K * N;
	const reps = Math.max(1, Math.round(2e7 / flops));
	const copied = kernelStats.copiedFloats;
	let best = Infinity;
	for (let trial = 0; trial < 15; trial++) {
		const t0 = performance.now();
		for (let r = 0; r < reps; r++) run(C, A, Bm);
		best = Math.min(best, performance.now() - t0);
	}
	if (kernelStats.copiedFloats !== copied) throw new Error('a kernel timing copied its operands');
	return (flops * reps) / (best * 1e6);
}

/**
 * The machine's 128-bit WebAssembly SIMD peak on one core, in GFLOP/s: 14 independent chains of
 * f32x4 multiply-then-add (assembly/peak.ts), so the loop waits on nothing but the vector units.
 * WebAssembly's baseline SIMD has no fused multiply-add, exactly like the kernels.
 */
function simdPeakGflops(): number {
	const kernels = new Space({ pinned: 0 }).kernels();
	if (kernels === null) return Number.NaN;
	const iterations = 2_000_000;
	let best = Infinity;
	let sink = 0;
	for (let r = 0; r < 15; r++) {
		const t0 = performance.now();
		sink += kernels.simdPeak(iterations);
		best = Math.min(best, performance.now() - t0);
	}
	if (sink === 42) console.log(''); // the result is used, so the work cannot be skipped
	return (iterations * SIMD_PEAK_FLOPS_PER_ITERATION) / (best * 1e6);
}

/** CPU model and nominal clock from /proc/cpuinfo (Linux), for the record. */
function cpuInfo(): { model: string; mhz: number } | null {
	try {
		const text = readFileSync('/proc/cpuinfo', 'utf8');
		const model = /model name\s*:\s*(.*)/.exec(text)?.[1] ?? 'unknown';
		const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(text)?.[1]);
		return Number.isFinite(mhz) ? { model, mhz } : null;
	} catch {
		return null;
	}
}

function benchMatmul(): void {
	// M×K·K×N, as the engine calls them for microgpt (and for the larger preset), and squares
	const cases: KernelCase[] = [
		stored('A·B   16×16 · 16×16', 'A·B', 16, 16, 16),
		stored('A·B   64×64 · 64×64', 'A·B', 64, 64, 64),
		stored('A·Bᵀ  64×64 · 64×64', 'A·Bᵀ', 64, 64, 64),
		stored('Aᵀ·B  64×64 · 64×64', 'Aᵀ·B', 64, 64, 64),
		stored('A·B   128×128 · 128×128', 'A·B', 128, 128, 128),
		stored('A·B   256×256 · 256×256', 'A·B', 256, 256, 256),
		stored('A·Bᵀ  256×256 · 256×256', 'A·Bᵀ', 256, 256, 256),
		stored('Aᵀ·B  256×256 · 256×256', 'Aᵀ·B', 256, 256, 256),
		stored('A·Bᵀ  16×16 · 16×16  (x·Wᵀ: q, k, v, o)', 'A·Bᵀ', 16, 16, 16),
		stored('A·Bᵀ  16×16 · 16×64  (x·Wᵀ: mlp fc1)', 'A·Bᵀ', 16, 16, 64),
		stored('A·Bᵀ  16×64 · 64×16  (x·Wᵀ: mlp fc2)', 'A·Bᵀ', 16, 64, 16),
		stored('A·Bᵀ  16×16 · 16×27  (x·Wᵀ: lm_head)', 'A·Bᵀ', 16, 16, 27),
		stored('A·B   16×64 · 64×16  (fc1 backward dX = G·W)', 'A·B', 16, 64, 16),
		stored('Aᵀ·B  64×16 · 16×16  (fc1 backward dW = Gᵀ·X)', 'Aᵀ·B', 64, 16, 16),
		headScores('head  16×4 · 4×16    (q·kᵀ of head 1 in [16,16])', 16, 16, 4, 1),
		stored('A·Bᵀ  16×64 · 64×256 (larger: mlp fc1)', 'A·Bᵀ', 16, 64, 256),
		stored('Aᵀ·B  256×16 · 16×64 (larger: fc1 backward dW)', 'Aᵀ·B', 256, 16, 64),
		headScores('head  16×16 · 16×16  (larger: q·kᵀ of head 1 in [16,64])', 16, 64, 16, 1)
	];
	const sets = kernelSets();
	const hasWasm = sets.includes('wasm');
	// each peak is taken before and after the kernels, and the higher kept: load from other
	// processes can only lower a measurement
	const scalarBefore = scalarPeakGflops();
	const simdBefore = hasWasm ? simdPeakGflops() : Number.NaN;
	const results = cases.map((c) => ({
		label: c.label,
		typescript: kernelGflops(c, 'typescript'),
		wasm: hasWasm ? kernelGflops(c, 'wasm') : Number.NaN
	}));
	const scalar = Math.max(scalarBefore, scalarPeakGflops());
	const simd = hasWasm ? Math.max(simdBefore, simdPeakGflops()) : Number.NaN;
	useKernels(sets[0]!);

	const cpu = cpuInfo();
	if (cpu !== null) {
		console.log(`\ncpu: ${cpu.model} at ${(cpu.mhz / 1000).toFixed(2)} GHz nominal`);
	}
	console.log(
		`\nmatmul kernels, GFLOP/s on one core, beside the peaks this run measured:\n` +
			`  scalar peak ${scalar.toFixed(2)} GFLOP/s: a JS loop of 8 independent multiply-add chains ` +
			`(JS has no SIMD or FMA;\n    the ceiling for the TypeScript kernel, which sums in float64)\n` +
			`  SIMD peak   ${simd.toFixed(2)} GFLOP/s: a WebAssembly loop of 14 independent f32x4 ` +
			`multiply-add chains\n    (no FMA in baseline WebAssembly SIMD; the ceiling for the SIMD kernel)`
	);
	console.log(
		`  ${'product'.padEnd(58)} ${'TypeScript'.padStart(17)}  ${'WebAssembly SIMD'.padStart(18)}`
	);
	const cell = (gflops: number, peak: number) =>
		`${gflops.toFixed(2).padStart(6)} (${((100 * gflops) / peak).toFixed(0).padStart(3)}% of peak)`;
	for (const r of results) {
		console.log(
			`  ${r.label.padEnd(58)} ${cell(r.typescript, scalar)}  ${hasWasm ? cell(r.wasm, simd) : 'n/a'}`
		);
	}
	console.log(`  goal: the SIMD kernel at ≥ 40% of the SIMD peak on 64³ and larger`);
}

async function main(): Promise<void> {
	console.log(
		`node ${process.version}, ${process.arch}; engine kernels: ${kernelSet()} by default ` +
			`(WebAssembly SIMD ${kernelModule() === null ? 'unavailable' : 'available'})`
	);
	await benchTrainingSteps();
	benchMatmul();
	benchTrace();
	benchTrainer(kernelSets());
}

await main();
