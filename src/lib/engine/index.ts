/**
 * Trenchcoat's tensor-autograd engine: every number the lessons show is computed here.
 *
 *   import { tensor, mul, sum } from '$lib/engine';
 *   const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
 *   const y = sum(mul(x, x));
 *   y.backward();      // x.grad = [2, 4, 6]
 */
export {
	Tensor,
	tensor,
	zeros,
	ones,
	randn,
	noGrad,
	isGradEnabled,
	backpropagate,
	topologicalOrder,
	sizeOf,
	type Shape,
	type TensorLike,
	type TensorOptions,
	type NestedArray
} from './tensor';
export { add, sub, mul, div } from './ops/binary';
export { neg, exp, log, relu, tanh } from './ops/unary';
export { square, pow, sqrt } from './ops/pow';
export { matmul, linear, transpose } from './ops/matmul';
export { reshape } from './ops/reshape';
export { sum, mean, type ReduceOptions } from './ops/reduce';
export { softmax, logSoftmax } from './ops/softmax';
export { crossEntropy } from './ops/crossentropy';
export { embedding } from './ops/embedding';
export { rmsnorm, RMSNORM_EPS } from './ops/rmsnorm';
export { causalMask, causalSelfAttention, type AttentionHead } from './ops/attention';
export {
	SGD,
	Adam,
	linearDecay,
	type Optimizer,
	type SGDOptions,
	type AdamOptions,
	type AdamState
} from './optim';
export { Rng } from './rng';
export {
	GPT,
	countParameters,
	parameterShapes,
	INIT_STD,
	type GPTConfig,
	type ForwardOptions,
	type ForwardTrace,
	type LayerTrace,
	type TracedForward,
	type GenerateOptions
} from './gpt';
export {
	ADAM,
	BLOCK_SIZE,
	MODEL_PRESETS,
	NAMES_VOCAB_SIZE,
	PRESET_IDS,
	TRAINING,
	defaultGPTConfig,
	presetConfig,
	presetParameters,
	type PresetId
} from './presets';
export { Vocab, BOUNDARY_TOKEN } from './vocab';
export {
	decodeSafetensors,
	encodeSafetensors,
	SafetensorsError,
	type StoredTensor
} from './safetensors';
export {
	kernelSet,
	useKernels,
	withKernels,
	kernelChoiceFromQuery,
	type KernelSet,
	type KernelChoice
} from './kernels';
export { Space } from './memory';
export { matmulInto, type Layout } from './ops/gemm';
