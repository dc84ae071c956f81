import { describe, expect, it } from 'vitest';
import { decodeState } from '$lib/ui/url-state';
import { STAGES, layerSchema, passSummary, stageNote, stagesInPassOrder } from './layer-diagram';

describe('one transformer layer', () => {
	it('runs matmul, softmax, matmul, nonlinearity, coloured by branch', () => {
		expect(STAGES.map((s) => s.op)).toEqual(['matmul', 'softmax', 'matmul', 'nonlinearity']);
		expect(STAGES.map((s) => s.branch)).toEqual(['linalg', 'prob', 'linalg', 'calculus']);
	});

	it('visits the stages in reverse on the backward pass', () => {
		expect(stagesInPassOrder('backward').map((s) => s.id)).toEqual([
			'transform',
			'mix',
			'attend',
			'project'
		]);
	});

	it('numbers the softmax stage second going forward and third going back', () => {
		expect(stageNote({ pass: 'forward', stage: 1 })).toMatch(/^Step 2 of 4, Attend \(softmax/);
		expect(stageNote({ pass: 'backward', stage: 1 })).toMatch(/^Step 3 of 4, Attend/);
	});

	it('summarises each pass differently', () => {
		expect(passSummary('forward')).not.toBe(passSummary('backward'));
		expect(passSummary('backward')).toMatch(/chain rule/);
	});

	it('reads its state from a shared link and ignores nonsense', () => {
		const ok = decodeState(
			new URLSearchParams('layer.pass=backward&layer.stage=3'),
			'layer',
			layerSchema
		);
		expect(ok).toEqual({ pass: 'backward', stage: 3 });
		const bad = decodeState(
			new URLSearchParams('layer.pass=<script>&layer.stage=99'),
			'layer',
			layerSchema
		);
		expect(bad).toEqual({ pass: 'forward', stage: 0 });
	});
});
