/**
 * The same GPT in @tensorflow/tfjs, as the peer the engine is measured against: same weights
 * (copied from our model), same sequence, same Adam settings. The embedding is a one-hot matmul,
 * because tfjs-backend-wasm has no gradient for `gather`.
 */
import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from '../src/lib/engine/gpt';
import { RMSNORM_EPS } from '../src/lib/engine/ops/rmsnorm';
import { parameterShapes } from '../src/lib/engine/gpt';

export interface TfjsStep {
	/** One training step; returns the loss before the update. */
	step(): number;
	/** Loss on the sequence without training. */
	loss(): number;
	dispose(): void;
}

export interface AdamSettings {
	lr: number;
	beta1: number;
	beta2: number;
	eps: number;
}

export function makeTfjsGpt(
	config: GPTConfig,
	weights: Record<string, Float32Array>,
	ids: number[],
	adam: AdamSettings
): TfjsStep {
	const { vocabSize: V, nEmbd: C, nHead: H, nLayer } = config;
	const D = C / H;
	const T = ids.length - 1;
	const vars: Record<string, tf.Variable<tf.Rank.R2>> = {};
	for (const [name, shape] of parameterShapes(config)) {
		vars[name] = tf.variable(tf.tensor2d(weights[name]!, shape), true, `${name}_${Math.random()}`);
	}
	const w = (name: string): tf.Variable<tf.Rank.R2> => vars[name]!;
	const inputs = tf.oneHot(tf.tensor1d(ids.slice(0, -1), 'int32'), V).toFloat();
	const targets = tf.oneHot(tf.tensor1d(ids.slice(1), 'int32'), V).toFloat();
	const maskValues = new Float32Array(T * T);
	for (let t = 0; t < T; t++) for (let s = t + 1; s < T; s++) maskValues[t * T + s] = -1e9;
	const mask = tf.tensor2d(maskValues, [T, T]);
	const scale = tf.scalar(1 / Math.sqrt(D));
	const optimizer = tf.train.adam(adam.lr, adam.beta1, adam.beta2, adam.eps);
	const varList = Object.values(vars);

	const rmsnorm = (x: tf.Tensor2D): tf.Tensor2D =>
		tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), RMSNORM_EPS)));
	const lin = (x: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D =>
		tf.matMul(x, weight, false, true);
	const heads = (x: tf.Tensor2D): tf.Tensor3D => tf.transpose(tf.reshape(x, [T, H, D]), [1, 0, 2]);

	const lossFn = (): tf.Scalar => {
		let x = tf.add(tf.matMul(inputs, w('wte')), tf.slice(w('wpe'), [0, 0], [T, C])) as tf.Tensor2D;
		for (let i = 0; i < nLayer; i++) {
			const h = rmsnorm(x);
			const q = heads(lin(h, w(`layer${i}.attn_wq`)));
			const k = heads(lin(h, w(`layer${i}.attn_wk`)));
			const v = heads(lin(h, w(`layer${i}.attn_wv`)));
			const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), mask);
			const att = tf.matMul(tf.softmax(scores), v);
			const merged = tf.reshape(tf.transpose(att, [1, 0, 2]), [T, C]) as tf.Tensor2D;
			x = tf.add(x, lin(merged, w(`layer${i}.attn_wo`)));
			const hidden = tf.relu(lin(rmsnorm(x), w(`layer${i}.mlp_fc1`)));
			x = tf.add(x, lin(hidden, w(`layer${i}.mlp_fc2`)));
		}
		const logits = lin(rmsnorm(x), w('lm_head'));
		return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1)));
	};

	return {
		step() {
			const cost = optimizer.minimize(lossFn, true, varList)!;
			const value = cost.dataSync()[0]!;
			cost.dispose();
			return value;
		},
		loss() {
			return tf.tidy(() => lossFn().dataSync()[0]!);
		},
		dispose() {
			optimizer.dispose();
			tf.dispose([...varList, inputs, targets, mask, scale]);
		}
	};
}
