/**
 * A small GPT built only from engine ops: microgpt's architecture.
 *
 *   x = wte[ids] + wpe[0 … T)
 *   for each layer:
 *     h = rmsnorm(x);  x = x + attention(h·Wqᵀ, h·Wkᵀ, h·Wvᵀ) · Woᵀ     (causal, scale 1/√D)
 *     h = rmsnorm(x);  x = x + relu(h·fc1ᵀ) · fc2ᵀ                       (C → 4C → C)
 *   logits = rmsnorm(x) · lm_headᵀ
 *
 * No biases; every linear weight is stored [out, in]. Initialisation (as microgpt): every
 * parameter is drawn from Normal(0, 0.08²), in `stateDict()` order.
 *
 *   const model = new GPT(defaultGPTConfig, new Rng(42));
 *   const logits = model.forward([0, 5, 13]);            // [3, vocabSize]
 *   const { trace } = model.forward(ids, { trace: true });
 *   trace.layers[l].heads[h].weights;                     // [T, T]: position t attends to s
 *   model.loss([0, 5, 13, 13, 1, 0]).backward();
 *   model.generate(rng, { temperature: 0.5 });           // token ids, boundaries excluded
 *
 * Each model owns one block of memory (memory.ts) holding its parameters, their gradients and
 * an optimiser's moments, plus an arena for `loss()`: a loss and everything computed for it live
 * there until the model's next `loss()`, so a training step allocates nothing and copies nothing
 * between JavaScript and the WebAssembly kernels.
 */
import { add } from './ops/binary';
import { causalSelfAttention, type AttentionHead } from './ops/attention';
import { crossEntropy } from './ops/crossentropy';
import { embedding } from './ops/embedding';
import { linear } from './ops/matmul';
import { rmsnorm } from './ops/rmsnorm';
import { softmaxRow } from './ops/softmax-row';
import { relu } from './ops/unary';
import { Space } from './memory';
import type { Rng } from './rng';
import { Tensor, noGrad, randn, sizeOf } from './tensor';
import { BOUNDARY_TOKEN } from './vocab';

export interface GPTConfig {
	/** Number of token ids (microgpt: 27, boundary + a … z). */
	vocabSize: number;
	/** Width C of the residual stream. */
	nEmbd: number;
	/** Attention heads; nEmbd must be divisible by it. */
	nHead: number;
	nLayer: number;
	/** Longest sequence the model can read (rows of wpe). */
	blockSize: number;
}

/** Standard deviation of the normal initialisation of every parameter (microgpt's). */
export const INIT_STD = 0.08;

/** Parameter names and shapes, in a fixed order (the order of `parameters()`). */
export function parameterShapes(config: GPTConfig): [string, [number, number]][] {
	const { vocabSize: V, nEmbd: C, nLayer, blockSize } = config;
	const shapes: [string, [number, number]][] = [
		['wte', [V, C]],
		['wpe', [blockSize, C]]
	];
	for (let i = 0; i < nLayer; i++) {
		shapes.push(
			[`layer${i}.attn_wq`, [C, C]],
			[`layer${i}.attn_wk`, [C, C]],
			[`layer${i}.attn_wv`, [C, C]],
			[`layer${i}.attn_wo`, [C, C]],
			[`layer${i}.mlp_fc1`, [4 * C, C]],
			[`layer${i}.mlp_fc2`, [C, 4 * C]]
		);
	}
	shapes.push(['lm_head', [V, C]]);
	return shapes;
}

/** How many numbers a model with this config learns. */
export function countParameters(config: GPTConfig): number {
	let n = 0;
	for (const [, [rows, cols]] of parameterShapes(config)) n += rows * cols;
	return n;
}

/**
 * The memory a model needs, in floats (memory.ts describes the three regions).
 *
 * pinned: every parameter four times: its values, its gradient and Adam's two moments.
 *
 * arena: every array one `loss()` of blockSize tokens allocates, forward and backward, for T
 * tokens, width C, L layers, H heads, V tokens in the vocabulary. Forward: the embeddings and
 * their sum (3TC); per layer 18TC (two norms, q, k, v, the heads' output, the projection, two
 * residual sums: 10TC; the MLP's hidden layer before and after the ReLU: 8TC) and the attention
 * weights (HT²); the final norm (TC); the logits and their softmax (2TV). Backward: one gradient
 * for every tensor of the graph (the same again, without the attention weights and the softmax)
 * plus attention's two T×T scratch arrays per head. Every array is rounded up to 16 bytes, and
 * a quarter more is kept in hand. gpt.test.ts checks that a training step of several shapes
 * fits, so this cannot silently go stale when the forward pass changes.
 *
 * scratch: the activations one linear layer of `forward()` copies in (outside `loss()`, they
 * are ordinary arrays): its input and output, at most T·5C or T·(C + V).
 */
export function memoryFor(config: GPTConfig): { pinned: number; arena: number; scratch: number } {
	const { vocabSize: V, nEmbd: C, nHead: H, nLayer: L, blockSize: T } = config;
	const shapes = parameterShapes(config);
	const pinned = 4 * shapes.reduce((n, [, shape]) => n + sizeOf(shape) + 4, 0);
	const forward = 3 * T * C + L * (18 * T * C + H * T * T) + T * C + 2 * T * V + 1;
	const backward = 3 * T * C + L * (17 * T * C + 2 * H * T * T) + T * C + T * V + 1;
	const arrays = 40 * L + 20;
	const arena = Math.ceil(1.25 * (forward + backward)) + 4 * arrays;
	const scratch = T * Math.max(5 * C, C + V) + 16;
	return { pinned, arena, scratch };
}

function checkConfig(config: GPTConfig): void {
	for (const key of ['vocabSize', 'nEmbd', 'nHead', 'nLayer', 'blockSize'] as const) {
		const value = config[key];
		if (!Number.isInteger(value) || value < 1) {
			throw new Error(`GPT config: ${key} must be a positive integer, got ${value}`);
		}
	}
	if (config.nEmbd % config.nHead !== 0) {
		throw new Error(
			`GPT config: nEmbd ${config.nEmbd} is not divisible by nHead ${config.nHead}; ` +
				'each head needs an equal share of the channels'
		);
	}
}

interface Layer {
	wq: Tensor;
	wk: Tensor;
	wv: Tensor;
	wo: Tensor;
	fc1: Tensor;
	fc2: Tensor;
}

export interface ForwardOptions {
	/** Also return the trace: every stage of the forward pass, as the model computed it. */
	trace?: boolean;
}

/**
 * One block's stages in the order the model computes them, for T tokens of width C. Every entry
 * is the Tensor the forward pass itself used (not a copy), so after a `backward()` through the
 * logits its `.grad` is the gradient of the loss at that stage.
 */
export interface LayerTrace {
	/** [T, C] rmsnorm of the block's input: what the queries, keys and values are made from. */
	attentionNorm: Tensor;
	/** [T, C] each: the queries, keys and values (head h owns columns h·D … h·D + D − 1). */
	q: Tensor;
	k: Tensor;
	v: Tensor;
	/** Per head: the scaled, masked scores q·k/√D (−∞ above the diagonal) and their softmax. */
	heads: AttentionHead[];
	/** [T, C] the heads' weighted sums of values, side by side. */
	weightedValues: Tensor;
	/** [T, C] weightedValues · W_Oᵀ. */
	attentionProjection: Tensor;
	/** [T, C] the block's input + attentionProjection: the first residual sum. */
	attentionResidual: Tensor;
	/** [T, C] rmsnorm of attentionResidual: what the MLP reads. */
	mlpNorm: Tensor;
	/** [T, 4C] mlpNorm · fc1ᵀ, before the ReLU. */
	mlpHidden: Tensor;
	/** [T, 4C] relu(mlpHidden). */
	mlpActivation: Tensor;
	/** [T, C] mlpActivation · fc2ᵀ. */
	mlpProjection: Tensor;
	/** [T, C] attentionResidual + mlpProjection: the block's output. */
	mlpResidual: Tensor;
}

/** Every stage of one forward pass; see `LayerTrace` for what the Tensors are. */
export interface ForwardTrace {
	/** [T, C] the rows of wte for the token ids. */
	tokenEmbedding: Tensor;
	/** [T, C] the rows of wpe for positions 0 … T − 1. */
	positionEmbedding: Tensor;
	/** [T, C] tokenEmbedding + positionEmbedding: the residual stream entering the first block. */
	embedding: Tensor;
	layers: LayerTrace[];
	/** [T, C] rmsnorm of the last block's output. */
	finalNorm: Tensor;
	/** [T, vocabSize] finalNorm · lm_headᵀ. */
	logits: Tensor;
}

export interface TracedForward {
	/** [T, vocabSize] */
	logits: Tensor;
	trace: ForwardTrace;
}

export interface GenerateOptions {
	/** Divides the logits before sampling: < 1 is safer, > 1 wilder, 0 always picks the likeliest. */
	temperature?: number;
	/** At most this many tokens (default and maximum: blockSize). */
	maxTokens?: number;
}

export class GPT {
	readonly config: Readonly<GPTConfig>;
	private readonly params: Map<string, Tensor>;
	private readonly wte: Tensor;
	private readonly wpe: Tensor;
	private readonly layers: Layer[];
	private readonly lmHead: Tensor;
	private readonly positions: Int32Array;
	/** The model's memory: parameters, their gradients, optimiser state, the loss's arena. */
	readonly space: Space;

	constructor(config: GPTConfig, rng: Rng) {
		checkConfig(config);
		this.config = Object.freeze({ ...config });
		this.space = new Space(memoryFor(config));
		this.params = new Map();
		for (const [name, shape] of parameterShapes(config)) {
			const data = this.space.pin(sizeOf(shape))!;
			data.set(randn(shape, rng, INIT_STD).data);
			this.params.set(name, new Tensor(data, shape, true));
		}
		const get = (name: string): Tensor => this.params.get(name)!;
		this.wte = get('wte');
		this.wpe = get('wpe');
		this.lmHead = get('lm_head');
		this.layers = [];
		for (let i = 0; i < config.nLayer; i++) {
			this.layers.push({
				wq: get(`layer${i}.attn_wq`),
				wk: get(`layer${i}.attn_wk`),
				wv: get(`layer${i}.attn_wv`),
				wo: get(`layer${i}.attn_wo`),
				fc1: get(`layer${i}.mlp_fc1`),
				fc2: get(`layer${i}.mlp_fc2`)
			});
		}
		this.positions = Int32Array.from({ length: config.blockSize }, (_, i) => i);
	}

	/** The parameters by name (the tensors themselves, not copies). */
	stateDict(): Record<string, Tensor> {
		return Object.fromEntries(this.params);
	}

	/**
	 * Copies values into the parameters. Every name must be present with exactly the right number
	 * of values (row-major); anything else throws before any parameter is changed.
	 */
	loadStateDict(record: Record<string, ArrayLike<number>>): void {
		for (const name of Object.keys(record)) {
			if (!this.params.has(name)) {
				throw new Error(
					`loadStateDict: unknown parameter "${name}"; expected ${[...this.params.keys()].join(', ')}`
				);
			}
		}
		for (const [name, p] of this.params) {
			const values = record[name];
			if (values === undefined) throw new Error(`loadStateDict: missing parameter "${name}"`);
			if (values.length !== p.size) {
				throw new Error(
					`loadStateDict: "${name}" has ${values.length} values but its shape ` +
						`[${p.shape.join(',')}] needs ${p.size}`
				);
			}
		}
		for (const [name, p] of this.params) p.data.set(record[name]!);
	}

	/** Every parameter, in `stateDict()` order: hand these to an optimiser. */
	parameters(): Tensor[] {
		return [...this.params.values()];
	}

	/** Total number of learned numbers (4,192 for the default config). */
	get parameterCount(): number {
		return countParameters(this.config);
	}

	private checkIds(ids: ArrayLike<number>, what: string): void {
		const { vocabSize, blockSize } = this.config;
		if (ids.length === 0) throw new Error(`GPT.${what}: needs at least one token id`);
		if (ids.length > blockSize) {
			throw new Error(
				`GPT.${what}: a sequence of ${ids.length} tokens is longer than blockSize ${blockSize}; ` +
					`crop it to at most ${blockSize} tokens (e.g. the last ${blockSize})`
			);
		}
		for (let t = 0; t < ids.length; t++) {
			const id = ids[t]!;
			if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
				throw new Error(
					`GPT.${what}: token id ${id} at position ${t} is outside the vocabulary ` +
						`0 … ${vocabSize - 1}; encode text with the same tokenizer the model was built for`
				);
			}
		}
	}

	/**
	 * Logits [T, vocabSize] for a sequence of T ≤ blockSize token ids; with `{ trace: true }`,
	 * also every stage in between. The trace only keeps references to tensors the pass computes
	 * anyway (plus a copy of the attention scores), so asking for it costs almost nothing and not
	 * asking costs nothing.
	 */
	forward(ids: ArrayLike<number>): Tensor;
	forward(ids: ArrayLike<number>, options: { trace: true }): TracedForward;
	forward(ids: ArrayLike<number>, options?: ForwardOptions): Tensor | TracedForward;
	forward(ids: ArrayLike<number>, options: ForwardOptions = {}): Tensor | TracedForward {
		this.checkIds(ids, 'forward');
		const T = ids.length;
		const { nHead } = this.config;
		const layers: LayerTrace[] | null = options.trace ? [] : null;
		const tokenEmbedding = embedding(this.wte, ids);
		const positionEmbedding = embedding(this.wpe, this.positions.subarray(0, T));
		const input = add(tokenEmbedding, positionEmbedding);
		let x = input;
		for (let l = 0; l < this.layers.length; l++) {
			const layer = this.layers[l]!;
			const attentionNorm = rmsnorm(x);
			const q = linear(attentionNorm, layer.wq);
			const k = linear(attentionNorm, layer.wk);
			const v = linear(attentionNorm, layer.wv);
			const heads: AttentionHead[] | undefined = layers === null ? undefined : [];
			const weightedValues = causalSelfAttention(q, k, v, nHead, heads);
			const attentionProjection = linear(weightedValues, layer.wo);
			const attentionResidual = add(x, attentionProjection);
			const mlpNorm = rmsnorm(attentionResidual);
			const mlpHidden = linear(mlpNorm, layer.fc1);
			const mlpActivation = relu(mlpHidden);
			const mlpProjection = linear(mlpActivation, layer.fc2);
			const mlpResidual = add(attentionResidual, mlpProjection);
			layers?.push({
				attentionNorm,
				q,
				k,
				v,
				heads: heads!,
				weightedValues,
				attentionProjection,
				attentionResidual,
				mlpNorm,
				mlpHidden,
				mlpActivation,
				mlpProjection,
				mlpResidual
			});
			x = mlpResidual;
		}
		const finalNorm = rmsnorm(x);
		const logits = linear(finalNorm, this.lmHead);
		if (layers === null) return logits;
		const trace = {
			tokenEmbedding,
			positionEmbedding,
			embedding: input,
			layers,
			finalNorm,
			logits
		};
		return { logits, trace };
	}

	/**
	 * Mean cross-entropy of predicting ids[t + 1] from ids[0 … t], for t = 0 … T − 2. Only the
	 * first T − 1 ids are read as input, so a sequence may be blockSize + 1 long (a boundary-wrapped
	 * name of blockSize − 1 letters trains on all of its blockSize predictions).
	 *
	 * The loss and its graph live in the model's arena until the next `loss()`: call `item()` and
	 * `backward()` before then (both throw afterwards, rather than read reused memory).
	 */
	loss(ids: ArrayLike<number>): Tensor {
		if (ids.length < 2) {
			throw new Error(`GPT.loss: needs at least 2 token ids (an input and its next token)`);
		}
		const { blockSize } = this.config;
		if (ids.length > blockSize + 1) {
			throw new Error(
				`GPT.loss: ${ids.length} token ids make ${ids.length - 1} inputs, more than blockSize ` +
					`${blockSize}; crop the sequence to at most ${blockSize + 1} ids`
			);
		}
		const inputs: number[] = [];
		const targets: number[] = [];
		for (let t = 0; t + 1 < ids.length; t++) {
			inputs.push(ids[t]!);
			targets.push(ids[t + 1]!);
		}
		this.checkIds(targets, 'loss');
		const arena = this.space.arena!;
		const loss = arena.run(() => crossEntropy(this.forward(inputs), targets));
		loss.arena = { arena, run: arena.latest };
		return loss;
	}

	/**
	 * Samples a sequence: starts from the boundary token, draws each next token from
	 * softmax(logits / temperature), and stops at a boundary token or after maxTokens tokens.
	 * Returns the drawn ids without the boundaries (decode them with the model's `Vocab`).
	 */
	generate(rng: Rng, { temperature = 1, maxTokens }: GenerateOptions = {}): number[] {
		const { blockSize, vocabSize } = this.config;
		if (!(temperature >= 0)) {
			throw new Error(`GPT.generate: temperature must be ≥ 0, got ${temperature}`);
		}
		const limit = Math.min(maxTokens ?? blockSize, blockSize);
		const context = [BOUNDARY_TOKEN];
		const probs = new Float32Array(vocabSize);
		return noGrad(() => {
			for (let step = 0; step < limit; step++) {
				// context.length ≤ blockSize here, because at most limit − 1 tokens were pushed
				const logits = this.forward(context).data;
				const last = context.length - 1;
				const row = logits.subarray(last * vocabSize, (last + 1) * vocabSize);
				const next = temperature === 0 ? argmax(row) : draw(row, temperature, probs, rng);
				if (next === BOUNDARY_TOKEN) break;
				context.push(next);
			}
			return context.slice(1);
		});
	}
}

function argmax(values: Float32Array): number {
	let best = 0;
	for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
	return best;
}

/** A token drawn from softmax(logits / temperature), using `probs` as scratch. */
function draw(logits: Float32Array, temperature: number, probs: Float32Array, rng: Rng): number {
	softmaxRow(logits, probs, 0, logits.length, 1, 1 / temperature);
	return rng.categorical(probs);
}
