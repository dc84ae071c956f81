/**
 * The step-through's numbers: one prediction followed through the model, forward and back. The
 * engine's own forward pass, asked for its trace, does all the work; this file checks the
 * request, scores the last position against the true next token, runs the engine's backward
 * pass, and copies every traced stage (its values and the gradient there) out for the page.
 *
 *   const inspection = inspectPrediction(model, vocab, { prefix: 'emm', next: 'a', seed: 1 }, 250);
 *   inspection.layers[0].weights[2];   // head 3's [4, 4] attention weights, and their gradient
 *   inspection.probs[vocab.encode('a')[1]];   // P(a | ◆ e m m)
 *
 * The loss is the last position's alone: −ln p(next | start marker, prefix). So the gradient
 * reaches the earlier positions only through attention, the one place a position reads another.
 */
import {
	BOUNDARY_TOKEN,
	GPT,
	Rng,
	Vocab,
	crossEntropy,
	embedding,
	noGrad,
	softmax,
	type LayerTrace,
	type Tensor
} from '$lib/engine';
import { shownChar } from './dataset';
import {
	MAX_LINE_LENGTH,
	type InspectedLayer,
	type Inspection,
	type StageMatrix,
	type WeightGradient
} from './protocol';

/** What the reader asked to follow. */
export interface InspectRequest {
	/** The characters after the start marker; may be empty (the first letter is predicted). */
	prefix: string;
	/** The true next token: one character of the vocabulary, or '◆' for the end of the item. */
	next: string;
	/** Seeds the draw of the sampled next token. */
	seed: number;
}

/** How the vocabulary shows the end of an item; the step-through's way to pick it as `next`. */
export const END_LABEL = '◆';

/** The token ids the model reads for `prefix`, or an error that says what is wrong with it. */
export function prefixIds(vocab: Vocab, prefix: string): number[] {
	const chars = Array.from(prefix);
	if (chars.length > MAX_LINE_LENGTH) {
		throw new Error(`The model reads at most ${MAX_LINE_LENGTH} characters after the start.`);
	}
	const missing = chars.filter((ch) => !vocab.has(ch));
	if (missing.length > 0) {
		throw new Error(
			`Not in this model's vocabulary: ${[...new Set(missing)].map(shownChar).join(', ')}`
		);
	}
	return vocab.encode(prefix).slice(0, -1);
}

function targetId(vocab: Vocab, next: string): number {
	if (next === END_LABEL) return BOUNDARY_TOKEN;
	if (Array.from(next).length !== 1 || !vocab.has(next)) {
		throw new Error(`The next token must be one character of the vocabulary or ${END_LABEL}.`);
	}
	return vocab.encode(next)[1]!;
}

/** A copy of a traced stage and its gradient (zeros where the loss does not reach). */
function stage(t: Tensor): StageMatrix {
	const [rows, cols] = t.shape as [number, number];
	return {
		rows,
		cols,
		values: t.data.slice(),
		grad: t.grad ? t.grad.slice() : new Float32Array(t.size)
	};
}

function layer(trace: LayerTrace): InspectedLayer {
	return {
		attentionNorm: stage(trace.attentionNorm),
		q: stage(trace.q),
		k: stage(trace.k),
		v: stage(trace.v),
		scores: trace.heads.map((head) => stage(head.scores)),
		weights: trace.heads.map((head) => stage(head.weights)),
		weightedValues: stage(trace.weightedValues),
		attentionProjection: stage(trace.attentionProjection),
		attentionResidual: stage(trace.attentionResidual),
		mlpNorm: stage(trace.mlpNorm),
		mlpHidden: stage(trace.mlpHidden),
		mlpActivation: stage(trace.mlpActivation),
		mlpProjection: stage(trace.mlpProjection),
		mlpResidual: stage(trace.mlpResidual)
	};
}

function norm(values: Float32Array | null): number {
	let sum = 0;
	if (values) for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
	return Math.sqrt(sum);
}

/**
 * Follows `request` through `model` (which has trained `step` steps). The parameters' gradients
 * are cleared first, so afterwards they hold this prediction's gradient alone; a training step
 * clears them again before its own.
 */
export function inspectPrediction(
	model: GPT,
	vocab: Vocab,
	request: InspectRequest,
	step: number
): Inspection {
	const ids = prefixIds(vocab, request.prefix);
	const target = targetId(vocab, request.next);
	const params = model.stateDict();
	for (const p of Object.values(params)) p.grad?.fill(0);
	const { logits, trace } = model.forward(ids, { trace: true });
	// The last row of the logits, picked by the engine's own row lookup so the gradient flows
	// back through it to that row alone.
	const last = embedding(logits, [ids.length - 1]);
	const loss = crossEntropy(last, [target]);
	loss.backward();
	const probs = noGrad(() => softmax(last)).data;
	const weights: WeightGradient[] = Object.entries(params).map(([name, p]) => ({
		name,
		rows: p.shape[0]!,
		cols: p.shape[1]!,
		norm: norm(p.grad)
	}));
	return {
		prefix: request.prefix,
		next: request.next,
		seed: request.seed,
		step,
		tokens: ids.map((id) => vocab.label(id)),
		vocab: Array.from({ length: vocab.size }, (_, id) => vocab.label(id)),
		nHead: model.config.nHead,
		tokenEmbedding: stage(trace.tokenEmbedding),
		positionEmbedding: stage(trace.positionEmbedding),
		embedding: stage(trace.embedding),
		layers: trace.layers.map(layer),
		finalNorm: stage(trace.finalNorm),
		logits: stage(trace.logits),
		probs,
		sampled: new Rng(request.seed).categorical(probs),
		target,
		loss: loss.item(),
		weights
	};
}
