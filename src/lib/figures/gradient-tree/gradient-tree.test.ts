import { describe, expect, it } from 'vitest';
import { decodeState } from '$lib/ui/url-state';
import {
	JITTER,
	LEAF_COUNT,
	TREE_DEPTH,
	PULSE_PERIOD,
	TREE_SIZE,
	advancePulse,
	branchesMarkup,
	branchFactors,
	branchSlopes,
	computeTree,
	leafPath,
	nearestLeaf,
	pathSlopes,
	productText,
	tapTree,
	TARGET_PX,
	WHOLE_TREE,
	pulsesAt,
	regime,
	treeLayout,
	treeModel,
	treeSchema,
	treeView
} from './gradient-tree';

describe('the gradient tree', () => {
	it('has 64 leaves six levels below the loss', () => {
		const { grads, leafGrads } = computeTree(1);
		expect(grads).toHaveLength(TREE_DEPTH + 1);
		expect(leafGrads).toHaveLength(LEAF_COUNT);
		expect(grads[0]).toEqual([1]);
	});

	it('gives every leaf the product of the slopes on its path, as computed by backward()', () => {
		for (const scale of [0.6, 1, 1.4]) {
			const { slopes, leafGrads } = computeTree(scale);
			for (const leaf of [0, 17, 45, LEAF_COUNT - 1]) {
				const product = pathSlopes(slopes, leaf).reduce((p, s) => p * s, 1);
				expect(leafGrads[leaf]).toBeCloseTo(product, 5);
			}
		}
	});

	it('walks a leaf’s path from the root by halving its index', () => {
		expect(leafPath(45)).toEqual([0, 1, 2, 5, 11, 22, 45]);
		expect(pathSlopes(computeTree(1).slopes, 45)).toHaveLength(TREE_DEPTH);
	});

	it('keeps every branch slope within the jitter around the scale, the same on every run', () => {
		const a = branchSlopes(0.8);
		expect(branchSlopes(0.8)).toEqual(a);
		for (const row of a.slice(1))
			for (const s of row) {
				expect(s).toBeGreaterThanOrEqual(0.8 * (1 - JITTER));
				expect(s).toBeLessThanOrEqual(0.8 * (1 + JITTER));
			}
		expect(branchFactors(TREE_DEPTH, 1)).not.toEqual(branchFactors(TREE_DEPTH, 2));
	});

	it('makes deep gradients vanish below scale 1 and explode above it', () => {
		const small = computeTree(0.5).leafGrads;
		const large = computeTree(1.5).leafGrads;
		expect(Math.max(...small)).toBeLessThan(0.1);
		expect(Math.min(...large)).toBeGreaterThan(2);
		expect(regime(small)).toBe('vanishing');
		expect(regime(large)).toBe('exploding');
		expect(regime(computeTree(1).leafGrads)).toBe('steady');
		// Each level down multiplies by about the scale again.
		const { grads } = computeTree(0.5);
		const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
		for (let d = 1; d < grads.length; d++)
			expect(mean(grads[d]!)).toBeLessThan(mean(grads[d - 1]!));
	});

	it('draws fading leaves thin and exploding ones thick, on a tree that holds its shape', () => {
		const faint = treeLayout(computeTree(0.5).grads);
		const bright = treeLayout(computeTree(1.5).grads);
		expect(faint.branches).toHaveLength(2 ** (TREE_DEPTH + 1) - 1);
		expect(faint.leaves[3]!.x).toBeCloseTo(bright.leaves[3]!.x, 9);
		expect(faint.leaves[3]!.radius).toBeLessThan(bright.leaves[3]!.radius);
		const deep = (l: typeof faint) => l.branches.filter((b) => b.level === TREE_DEPTH);
		expect(Math.max(...deep(faint).map((b) => b.width))).toBeLessThan(
			Math.min(...deep(bright).map((b) => b.width))
		);
		for (const leaf of faint.leaves) {
			expect(leaf.x).toBeGreaterThan(0);
			expect(leaf.x).toBeLessThan(TREE_SIZE.width);
			expect(leaf.y).toBeGreaterThan(0);
		}
	});

	it('writes every branch as one SVG line, sized as laid out, to a hundredth of a unit', () => {
		const { branches } = treeLayout(computeTree(1.5).grads);
		const markup = branchesMarkup(branches);
		const lines = [...markup.matchAll(/<line ([^>]*)><\/line>/g)].map((m) =>
			Object.fromEntries(
				[...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], Number(a[2])])
			)
		);
		expect(lines).toHaveLength(branches.length);
		lines.forEach((line, i) => {
			const b = branches[i]!;
			expect(line['x1']).toBeCloseTo(b.x1, 2);
			expect(line['y2']).toBeCloseTo(b.y2, 2);
			expect(line['stroke-width']).toBeCloseTo(b.width, 2);
			expect(line['stroke-opacity']).toBeCloseTo(b.opacity, 2);
		});
		expect(markup).not.toMatch(/\d\.\d{3}/);
	});

	it('sends one wave of pulses up the tree, one level at a time', () => {
		const { branches } = treeLayout(computeTree(1).grads);
		expect(pulsesAt(branches, TREE_DEPTH, 0)).toHaveLength(1);
		expect(pulsesAt(branches, TREE_DEPTH, 0.99)).toHaveLength(LEAF_COUNT);
		const mid = pulsesAt(branches, TREE_DEPTH, 0.5 / (TREE_DEPTH + 1))[0]!;
		expect(mid.y).toBeCloseTo((branches[0]!.y1 + branches[0]!.y2) / 2, 6);
	});

	it('picks the leaf nearest a tap, and none when the tap is far from every leaf', () => {
		const { leaves } = treeLayout(computeTree(1).grads);
		const leaf = leaves[20]!;
		expect(nearestLeaf(leaves, leaf.x + 3, leaf.y - 2)).toBe(20);
		expect(nearestLeaf(leaves, TREE_SIZE.width / 2, TREE_SIZE.height - 1)).toBeNull();
	});

	it('on a phone, picks the one leaf under a finger, or zooms in when several are', () => {
		const { leaves } = treeLayout(computeTree(1).grads);
		// About 370 CSS px for the whole tree: the leaves are 6 to 10 px apart.
		const px = 370 / TREE_SIZE.width;
		// Drawn three times larger, each leaf is alone under a finger 8 px off it.
		const large = 3;
		const lone = leaves[14]!;
		expect(tapTree(leaves, lone.x, lone.y + 8 / large, large, WHOLE_TREE)).toEqual({
			kind: 'leaf',
			index: 14
		});
		const crowded = leaves[20]!;
		const tap = tapTree(leaves, crowded.x + 8 / px, crowded.y, px, WHOLE_TREE);
		expect(tap.kind).toBe('zoom');
		if (tap.kind !== 'zoom') return;
		const { box } = tap;
		expect(box.width / box.height).toBeCloseTo(TREE_SIZE.width / TREE_SIZE.height, 9);
		expect(crowded.x).toBeGreaterThan(box.x);
		expect(crowded.x).toBeLessThan(box.x + box.width);
		// Zoomed in, the leaves that were under the finger are a target apart, and a tap 8 px off
		// the one meant picks it.
		const zoomed = (px * TREE_SIZE.width) / box.width;
		for (const other of leaves) {
			if (other === crowded) continue;
			const apart = Math.hypot(other.x - crowded.x, other.y - crowded.y) * zoomed;
			expect(apart).toBeGreaterThan(TARGET_PX);
		}
		expect(tapTree(leaves, crowded.x, crowded.y - 8 / zoomed, zoomed, box, false)).toEqual({
			kind: 'leaf',
			index: 20
		});
		expect(tapTree(leaves, TREE_SIZE.width / 2, TREE_SIZE.height - 1, px, WHOLE_TREE)).toEqual({
			kind: 'none'
		});
	});

	it('writes a leaf’s gradient as its product of slopes', () => {
		expect(productText([0.9, 1.1], 0.99)).toBe('0.900 × 1.100 = 0.990');
		expect(productText([0.1, 0.001], 0.0001)).toMatch(/= 1\.00e-4$/);
	});

	it('reads its state from a shared link and ignores nonsense', () => {
		expect(
			decodeState(new URLSearchParams('tree.scale=0.7&tree.leaf=3'), 'tree', treeSchema)
		).toEqual({ scale: 0.7, leaf: 3 });
		expect(
			decodeState(new URLSearchParams('tree.scale=9&tree.leaf=64'), 'tree', treeSchema)
		).toEqual({ scale: 1, leaf: 45 });
	});
});

describe('what FIG.00 prints', () => {
	it('names the leaf being read and writes its gradient as a product', () => {
		const model = treeModel(1);
		const view = treeView(model, 45);
		expect(model.leaves[45]!.name).toBe('Leaf 46');
		expect(view.heading).toBe('Leaf 46: product of its 6 slopes');
		expect(view.productLabel).toBe('Leaf 46 gradient as a product');
		expect(view.gradLabel).toBe('Leaf 46 gradient (backward)');
		expect(view.product).toMatch(/^(\d\.\d{3} × ){5}\d\.\d{3} = 0\.935$/);
		expect(view.grad).toBe(model.leafGrads[45]);
	});

	it('traces the leaf’s path from the loss through one branch end per level', () => {
		const model = treeModel(1);
		const points = treeView(model, 0).path.split(' ');
		expect(points).toHaveLength(TREE_DEPTH + 2);
		const leaf = model.leaves[0]!;
		expect(points.at(-1)).toBe(`${leaf.x},${leaf.y}`);
		const root = model.branches[0]!;
		expect(points[0]).toBe(`${root.x1},${root.y1}`);
	});

	it('gives a verdict in words for each regime, with the extremes of the leaf gradients', () => {
		expect(treeModel(0.5).verdict).toMatch(/^Vanishing: /);
		expect(treeModel(1.5).verdict).toMatch(/^Exploding: /);
		const steady = treeModel(1);
		expect(steady.verdict).toBe(
			'Steady: slopes near 1 keep the signal about the same size all the way down.'
		);
		expect(steady.smallest).toBe(Math.min(...steady.leafGrads));
		expect(steady.largest).toBe(Math.max(...steady.leafGrads));
	});

	it('moves the pulses on by the time passed, one wave per period', () => {
		expect(advancePulse(0, PULSE_PERIOD / 4)).toBeCloseTo(0.25, 12);
		expect(advancePulse(0.9, PULSE_PERIOD / 5)).toBeCloseTo(0.1, 12);
	});
});
