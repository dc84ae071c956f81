import { describe, expect, it } from 'vitest';
import { decodeState } from '$lib/ui/url-state';
import {
	STAGES,
	layerSchema,
	layerView,
	passSummary,
	stageAfterKey,
	stageNote,
	stagesInPassOrder
} from './layer-diagram';

describe('one transformer layer', () => {
	it('runs matmul, softmax, matmul, nonlinearity, coloured by branch', () => {
		expect(STAGES.map((s) => s.op)).toEqual(['matmul', 'softmax', 'matmul', 'nonlinearity']);
		expect(STAGES.map((s) => s.branch)).toEqual(['linalg', 'prob', 'linalg', 'function']);
	});

	it('tags the nonlinearity as a plain function, whose slope calculus uses on the way back', () => {
		expect(stageNote({ pass: 'forward', stage: 3 })).toMatch(
			/^Step 4 of 4, Transform \(nonlinearity, function\): .*plain function/
		);
		expect(stageNote({ pass: 'backward', stage: 3 })).toMatch(
			/^Step 1 of 4, Transform \(nonlinearity, function\): Calculus needs only ReLU’s slope/
		);
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

describe('what FIG.01 prints', () => {
	it('titles each stage with its branch and operation, and marks the chosen one', () => {
		const view = layerView({ pass: 'backward', stage: 1 });
		expect(view.stages.map((s) => `${s.tag} · ${s.title}`)).toEqual([
			'Linear algebra · Project: matmul',
			'Probability · Attend: softmax',
			'Linear algebra · Mix: matmul',
			'Function · Transform: nonlinearity'
		]);
		expect(view.stages.filter((s) => s.selected).map((s) => s.id)).toEqual(['attend']);
		expect(view.backward).toBe(true);
		expect(view.summary).toMatch(/^Backward pass: /);
		expect(view.note).toMatch(/^Step 3 of 4, Attend \(softmax, probability\): /);
	});

	it('moves between stages with the arrow keys, wrapping at the ends, and ignores other keys', () => {
		expect(stageAfterKey(0, 'ArrowRight')).toBe(1);
		expect(stageAfterKey(3, 'ArrowDown')).toBe(0);
		expect(stageAfterKey(0, 'ArrowLeft')).toBe(3);
		expect(stageAfterKey(2, 'ArrowUp')).toBe(1);
		expect(stageAfterKey(2, 'Enter')).toBeNull();
	});
});
