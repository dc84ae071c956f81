/**
 * The neural-network layers the GPT is made of, gathered in one place. Each lives in its own file
 * under ops/ (forward and backward together, test beside it).
 */
export { embedding } from './ops/embedding';
export { rmsnorm, RMSNORM_EPS } from './ops/rmsnorm';
export {
	causalMask,
	causalSelfAttention,
	causalSelfAttentionWithWeights,
	type AttentionResult
} from './ops/attention';
export { linear } from './ops/matmul';
export { crossEntropy } from './ops/crossentropy';
