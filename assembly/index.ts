/**
 * The engine's WebAssembly kernels, compiled by scripts/build-kernels.mjs. Every pointer is a
 * byte address in the memory the engine passes in (src/lib/engine/memory.ts); the module
 * allocates nothing and keeps no state, so one instance can serve any number of calls.
 */
export { gemm } from './gemm';
export { attention, attentionBackward } from './attention';
export { rmsnorm, rmsnormBackward } from './rmsnorm';
export { relu, reluBackward, add, accumulate } from './elementwise';
export { adam } from './adam';
export { simdPeak } from './peak';
