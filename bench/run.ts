/**
 * `npm run bench`: the engine against @tensorflow/tfjs on the same microgpt training step, and
 * the engine's matmul kernels against the machine's scalar peak. Everything is measured in this
 * one process, so the ratios are what matter; absolute numbers vary by machine.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
	ADAM as MICROGPT_ADAM,
	Adam,
	GPT,
	MODEL_PRESETS,
	Rng,
	TRAINING,
	countParameters,
	defaultGPTConfig,
	encodeName
} from '../src/lib/engine/index';
import {
	matmulInto,
	matmulTransposedAInto,
	matmulTransposedInto
} from '../src/lib/engine/ops/gemm';
import { benchTrainer } from './trainer';

const ADAM = { lr: MODEL_PRESETS.micro.lr, ...MICROGPT_ADAM };
/** 15 letters between two boundaries: 17 ids, so each step reads 16 tokens. */
const NAME = 'bartholomewjohn';
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

function engineWeights(model: GPT): Record<string, Float32Array> {
	const out: Record<string, Float32Array> = {};
	for (const [name, t] of Object.entries(model.stateDict())) out[name] = t.data.slice();
	return out;
}

interface Contender {
	name: string;
	/** Backend to switch tfjs to before this contender's turn (none for our engine). */
	backend?: string;
	/** Steps per round: roughly equal wall time for each contender. */
	perRound: number;
	step: () => void;
	times: number[];
	roundMedians: number[];
	loss0: number;
	loss20: number;
}

function engineStepper(ids: number[]): () => number {
	const model = new GPT(defaultGPTConfig, new Rng(SEED));
	const opt = new Adam(model.parameters(), ADAM);
	return () => {
		opt.zeroGrad();
		const loss = model.loss(ids);
		loss.backward();
		opt.step();
		return loss.item();
	};
}

/**
 * The three contenders take turns in rounds (engine, tfjs-wasm, tfjs-cpu, engine, …), so a burst
 * of load from other processes slows all of them alike instead of one whole measurement. Each
 * ratio is taken per round, and the median of those is reported.
 */
async function benchTrainingStep(): Promise<void> {
	// The engine alone first, before tfjs is loaded: the number a browser page without tfjs sees.
	const aloneTimes: number[] = [];
	const alone = engineStepper(encodeName(NAME));
	timeSteps(alone, 1000, []);
	timeSteps(alone, 3000, aloneTimes);

	// tfjs is imported only now, so that loading it cannot affect the measurement above.
	const tf = await import('@tensorflow/tfjs');
	const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
	const { makeTfjsGpt } = await import('./tfjs-gpt');

	const ids = encodeName(NAME);
	const initial = engineWeights(new GPT(defaultGPTConfig, new Rng(SEED)));
	const require = createRequire(import.meta.url);
	const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
	setWasmPaths(path.join(wasmDist, 'dist') + path.sep);

	// Loss at step 0 and after 20 steps from the same weights: all three must agree.
	const check = engineStepper(ids);
	let engineLoss0 = 0;
	for (let i = 0; i < 20; i++) {
		const l = check();
		if (i === 0) engineLoss0 = l;
	}
	const engine: Contender = {
		name: 'engine (this project)',
		perRound: 400,
		step: engineStepper(ids),
		times: [],
		roundMedians: [],
		loss0: engineLoss0,
		loss20: check()
	};
	const contenders: Contender[] = [engine];
	for (const backend of ['wasm', 'cpu']) {
		await tf.setBackend(backend);
		await tf.ready();
		const probe = makeTfjsGpt(defaultGPTConfig, initial, ids, ADAM);
		const loss0 = probe.loss();
		for (let i = 0; i < 20; i++) probe.step();
		const loss20 = probe.loss();
		probe.dispose();
		const peer = makeTfjsGpt(defaultGPTConfig, initial, ids, ADAM);
		const flags =
			backend === 'wasm'
				? ` (simd ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')})`
				: '';
		contenders.push({
			name: `tfjs ${backend}${flags}`,
			backend,
			perRound: backend === 'wasm' ? 40 : 20,
			step: () => peer.step(),
			times: [],
			roundMedians: [],
			loss0,
			loss20
		});
	}

	const rounds = 12;
	for (let round = -1; round < rounds; round++) {
		for (const c of contenders) {
			if (c.backend !== undefined) await tf.setBackend(c.backend);
			const times: number[] = [];
			timeSteps(c.step, c.perRound, times);
			if (round < 0) continue; // warm-up round: JIT, wasm compilation, first allocations
			c.times.push(...times);
			c.roundMedians.push(median(times));
		}
	}

	console.log(
		`\nmicrogpt training step: ${countParameters(defaultGPTConfig)} parameters, one ` +
			`${ids.length - 1}-token sequence, forward + backward + Adam`
	);
	console.log(`  (${rounds} interleaved rounds; median ms over all timed steps)`);
	console.log(`  ${'implementation'.padEnd(40)} ${'ms/step'.padStart(9)}  loss@0   loss@20`);
	for (const c of contenders) {
		console.log(
			`  ${c.name.padEnd(40)} ${median(c.times).toFixed(4).padStart(9)}  ` +
				`${c.loss0.toFixed(4)}  ${c.loss20.toFixed(4)}`
		);
	}
	console.log(
		`  (engine measured alone, before tfjs was loaded: ${median(aloneTimes).toFixed(4)} ms/step)`
	);
	for (const peer of contenders.slice(1)) {
		const ratios = peer.roundMedians.map((ms, i) => ms / engine.roundMedians[i]!);
		console.log(
			`  engine vs ${peer.name.split(' (')[0]}: ${median(ratios).toFixed(1)}× faster ` +
				`(per-round range ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}×)` +
				(peer.backend === 'wasm' ? '   goal ≥ 10×' : '')
		);
	}
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

type Kernel = (
	C: Float32Array,
	A: Float32Array,
	B: Float32Array,
	M: number,
	K: number,
	N: number
) => void;

/**
 * GFLOP/s of a kernel at one shape (2·M·K·N flops per call): the best of 15 batches of enough
 * calls to do 2·10⁷ flops each. Best, not median: other processes only ever slow a batch down.
 */
function kernelGflops(kernel: Kernel, M: number, K: number, N: number): number {
	const rng = new Rng(1);
	// big enough for every layout the three kernels read and write
	const size = Math.max(M, K, N) ** 2;
	const A = Float32Array.from({ length: size }, () => rng.normal());
	const Bm = Float32Array.from({ length: size }, () => rng.normal());
	const C = new Float32Array(size);
	const flops = 2 * M * K * N;
	const reps = Math.max(1, Math.round(2e7 / flops));
	let best = Infinity;
	for (let trial = 0; trial < 15; trial++) {
		const t0 = performance.now();
		for (let r = 0; r < reps; r++) kernel(C, A, Bm, M, K, N);
		best = Math.min(best, performance.now() - t0);
	}
	return (flops * reps) / (best * 1e6);
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
	const rows: [string, Kernel, number, number, number][] = [
		['A·B 16×16 · 16×16', matmulInto, 16, 16, 16],
		['A·B 64×64 · 64×64', matmulInto, 64, 64, 64],
		['A·B 256×256 · 256×256', matmulInto, 256, 256, 256],
		['x·Wᵀ [16,16]·[16,16]ᵀ  (q, k, v, o)', matmulTransposedInto, 16, 16, 16],
		['x·Wᵀ [16,16]·[64,16]ᵀ  (mlp fc1)', matmulTransposedInto, 16, 16, 64],
		['x·Wᵀ [16,64]·[16,64]ᵀ  (mlp fc2)', matmulTransposedInto, 16, 64, 16],
		['x·Wᵀ [16,16]·[27,16]ᵀ  (lm_head)', matmulTransposedInto, 16, 16, 27],
		['G·W  [16,64]·[64,16]   (fc1 backward dX)', matmulInto, 16, 64, 16],
		['Gᵀ·X [16,64]ᵀ·[16,16]  (fc1 backward dW)', matmulTransposedAInto, 16, 64, 16]
	];
	// the peak is taken before and after the kernels, and the higher kept: load from other
	// processes can only lower a measurement
	const peakBefore = scalarPeakGflops();
	const results = rows.map(([label, kernel, M, K, N]) => ({
		label,
		gflops: kernelGflops(kernel, M, K, N)
	}));
	const peak = Math.max(peakBefore, scalarPeakGflops());

	const cpu = cpuInfo();
	if (cpu !== null) {
		const ghz = cpu.mhz / 1000;
		console.log(
			`\ncpu: ${cpu.model} at ${ghz.toFixed(2)} GHz nominal; scalar hardware peak for separate ` +
				`multiply and add ≈ ${(4 * ghz).toFixed(1)} GFLOP/s\n  (4 flops/cycle: two multiply and ` +
				`two add pipes, as on AMD Zen; SIMD FMA peaks are 8–16× that, out of reach of JS)`
		);
	}
	console.log(
		`\nmatmul kernels (float32 storage, f64 arithmetic), GFLOP/s; single-core scalar peak ` +
			`measured ≈ ${peak.toFixed(2)} GFLOP/s\n  (a JS loop of 8 independent multiply-add ` +
			`chains; JS has no SIMD or FMA, so this is the ceiling for scalar code)`
	);
	for (const { label, gflops } of results) {
		console.log(
			`  ${label.padEnd(44)} ${gflops.toFixed(2).padStart(6)}  ` +
				`(${((100 * gflops) / peak).toFixed(0)}% of peak)`
		);
	}
}

async function main(): Promise<void> {
	console.log(`node ${process.version}, ${process.arch}`);
	await benchTrainingStep();
	benchMatmul();
	benchTrainer();
}

await main();
