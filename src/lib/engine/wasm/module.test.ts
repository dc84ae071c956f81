import { describe, expect, it } from 'vitest';
import { SIMD_PEAK_FLOPS_PER_ITERATION, instantiate, kernelModule } from './module';

describe('the WebAssembly kernels module', () => {
	it('compiles in node, which has 128-bit SIMD, and exports every kernel', () => {
		const module = kernelModule()!;
		expect(module).not.toBeNull();
		expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual(
			expect.arrayContaining([
				'gemm',
				'attention',
				'attentionBackward',
				'rmsnorm',
				'rmsnormBackward',
				'relu',
				'reluBackward',
				'add',
				'accumulate',
				'adam',
				'simdPeak'
			])
		);
	});

	it('imports only its memory and writes nothing into it when instantiated', () => {
		const module = kernelModule()!;
		expect(WebAssembly.Module.imports(module)).toEqual([
			{ module: 'env', name: 'memory', kind: 'memory' }
		]);
		// the engine's tensors sit in this memory from address 64 on: a data segment (a lookup
		// table, say) would overwrite them the moment a space makes its instance
		const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
		const bytes = new Uint8Array(memory.buffer);
		for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) & 255;
		const before = bytes.slice();
		instantiate(module, memory);
		expect(bytes).toEqual(before);
	});

	it('counts the flops of its peak loop as 14 chains × 4 lanes × a multiply and an add', () => {
		expect(SIMD_PEAK_FLOPS_PER_ITERATION).toBe(14 * 4 * 2);
		const kernels = instantiate(kernelModule()!, new WebAssembly.Memory({ initial: 1 }));
		expect(Number.isFinite(kernels.simdPeak(10))).toBe(true);
	});
});
