// FIG.00's state and geometry: a binary tree whose root is the loss. Every branch multiplies
// the gradient arriving from its parent by a local slope, so a leaf's gradient is the product of
// the slopes on its path. The engine computes those gradients with one backward() through the
// whole tree, the same way it trains a network.

import { Rng, mul, reshape, sum, tensor, type Tensor } from '$lib/engine';
import { defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

/** Levels below the root: 2^6 = 64 leaves, deep enough for products to vanish or explode. */
export const TREE_DEPTH = 6;
export const LEAF_COUNT = 2 ** TREE_DEPTH;
/** Fixed, so every reader (and every shared link) sees the same tree. */
export const TREE_SEED = 2024;
/** Each branch's slope is the scale times a factor in [1 − JITTER, 1 + JITTER]. */
export const JITTER = 0.15;

export const treeSchema = {
	scale: field.number({ min: 0.5, max: 1.5, default: 1, digits: 2 }),
	leaf: field.int({ min: 0, max: LEAF_COUNT - 1, default: 45 })
};

/** FIG.00: its id (also its URL namespace), number, caption and colour. */
export const treeFigure = defineFigure({
	id: 'tree',
	number: 0,
	caption:
		'The chain rule as a tree: the loss sends its gradient to every leaf, scaled by each branch’s slope',
	branch: 'calculus',
	schema: treeSchema
});
export type TreeState = StateOf<typeof treeSchema>;

/**
 * Per-branch factors around 1, one array per level (level 0, the root, has no branch into it).
 * Seeded, so the tree's irregularity is the same on every visit.
 */
export function branchFactors(depth = TREE_DEPTH, seed = TREE_SEED): number[][] {
	const rng = new Rng(seed);
	const levels: number[][] = [[]];
	for (let d = 1; d <= depth; d++) {
		const row: number[] = [];
		for (let i = 0; i < 2 ** d; i++) row.push(1 + JITTER * (2 * rng.uniform() - 1));
		levels.push(row);
	}
	return levels;
}

/** slopes[d][i]: the local slope of the branch from node (d−1, ⌊i/2⌋) into node (d, i). */
export function branchSlopes(scale: number, factors = branchFactors()): number[][] {
	return factors.map((row) => row.map((f) => scale * f));
}

/**
 * Gradient of the loss with respect to every node, by the engine. The tree is a network: each
 * node's value is the sum of its children's values times their branch slopes, the leaves are
 * the parameters and the root is the loss. One backward() then leaves dL/d(node) in every
 * level's tensor, which is exactly the product of the slopes from the root down to that node.
 * Returns grads[d][i] for d = 0 … depth.
 */
export function nodeGradients(slopes: number[][]): number[][] {
	const depth = slopes.length - 1;
	const leaves = tensor(new Array(2 ** depth).fill(1), [2 ** depth], { requiresGrad: true });
	const levels: Tensor[] = [leaves];
	let below: Tensor = leaves;
	for (let d = depth; d >= 1; d--) {
		const weighted = mul(below, tensor(slopes[d]!, [2 ** d]));
		below = sum(reshape(weighted, [2 ** (d - 1), 2]), 1);
		levels.unshift(below);
	}
	const loss = sum(below);
	loss.backward();
	return levels.map((t) => Array.from(t.grad!));
}

/** Node indices from the root (level 0) down to `leaf` (level depth). */
export function leafPath(leaf: number, depth = TREE_DEPTH): number[] {
	const path: number[] = [];
	for (let d = 0; d <= depth; d++) path.push(leaf >> (depth - d));
	return path;
}

/** The slopes met on the way from the root to `leaf`, in order. */
export function pathSlopes(slopes: number[][], leaf: number): number[] {
	const depth = slopes.length - 1;
	const path = leafPath(leaf, depth);
	return path.slice(1).map((i, k) => slopes[k + 1]![i]!);
}

export interface TreeGradients {
	slopes: number[][];
	grads: number[][];
	leafGrads: number[];
}

export function computeTree(scale: number): TreeGradients {
	const slopes = branchSlopes(scale);
	const grads = nodeGradients(slopes);
	return { slopes, grads, leafGrads: grads[grads.length - 1]! };
}

/** How the deepest gradients compare with the loss's own gradient of 1. */
export function regime(leafGrads: readonly number[]): 'vanishing' | 'exploding' | 'steady' {
	const sorted = [...leafGrads].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)]!;
	if (median < 0.25) return 'vanishing';
	if (median > 4) return 'exploding';
	return 'steady';
}

/* ---------------------------------------------------------------- geometry ---- */

/** The trunk: from the loss at the bottom to the first fork (SVG user units). */
const TRUNK = 120;
/** Each level's branches are this much shorter than their parent's. */
const SHRINK = 0.78;
/** Angle between a branch and its parent, radians; narrower higher up so leaves don't collide. */
const SPREAD = [0, 0.8, 0.6, 0.48, 0.4, 0.34, 0.3];
/** Room around the tree for the thickest strokes and leaf dots. */
const PAD = 14;

interface Segment {
	level: number;
	index: number;
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

/**
 * The tree's shape: every branch as a segment, trunk first, then level by level. It does not
 * depend on the gradients (only widths and opacities do), so the tree holds still while the
 * scale moves, and it is computed once.
 */
function treeShape(depth: number): { segments: Segment[]; width: number; height: number } {
	const segments: Segment[] = [{ level: 0, index: 0, x1: 0, y1: 0, x2: 0, y2: -TRUNK }];
	let nodes = [{ x: 0, y: -TRUNK, angle: 0 }];
	let length = TRUNK;
	for (let d = 1; d <= depth; d++) {
		length *= SHRINK;
		const next: typeof nodes = [];
		for (let i = 0; i < 2 ** d; i++) {
			const parent = nodes[i >> 1]!;
			const turn = SPREAD[Math.min(d, SPREAD.length - 1)]!;
			const angle = parent.angle + (i % 2 === 0 ? -turn : turn);
			const x = parent.x + length * Math.sin(angle);
			const y = parent.y - length * Math.cos(angle);
			segments.push({ level: d, index: i, x1: parent.x, y1: parent.y, x2: x, y2: y });
			next.push({ x, y, angle });
		}
		nodes = next;
	}
	const xs = segments.flatMap((s) => [s.x1, s.x2]);
	const ys = segments.flatMap((s) => [s.y1, s.y2]);
	const minX = Math.min(...xs) - PAD;
	const minY = Math.min(...ys) - PAD;
	// Shift so the drawing starts at (0, 0); the loss label needs a little room at the bottom.
	const shifted = segments.map((s) => ({
		...s,
		x1: s.x1 - minX,
		x2: s.x2 - minX,
		y1: s.y1 - minY,
		y2: s.y2 - minY
	}));
	return {
		segments: shifted,
		width: Math.max(...xs) + PAD - minX,
		height: Math.max(...ys) + 4 - minY
	};
}

const SHAPE = treeShape(TREE_DEPTH);
export const TREE_SIZE = { width: SHAPE.width, height: SHAPE.height };

export interface Branch extends Segment {
	/** Gradient carried by this branch: dL/d(node it leads into). */
	grad: number;
	width: number;
	opacity: number;
}

export interface Leaf {
	index: number;
	/** "Leaf 46": counted from 1, as the reader does. */
	name: string;
	x: number;
	y: number;
	grad: number;
	radius: number;
	opacity: number;
}

/** Stroke width for a gradient: thin when it vanishes, thick when it explodes (user units). */
export function strokeFor(grad: number): number {
	return Math.min(14, 0.6 + 3 * Math.abs(grad));
}

export function opacityFor(grad: number): number {
	return Math.min(1, Math.max(0.15, 0.15 + 0.85 * Math.abs(grad)));
}

/** Every branch and leaf in SVG user units (y down), sized by the gradients it carries. */
export function treeLayout(grads: number[][]): { branches: Branch[]; leaves: Leaf[] } {
	const depth = grads.length - 1;
	if (depth !== TREE_DEPTH)
		throw new Error(`treeLayout: expected depth ${TREE_DEPTH}, got ${depth}`);
	const branches = SHAPE.segments.map((s) => {
		const grad = grads[s.level]![s.index]!;
		return { ...s, grad, width: strokeFor(grad), opacity: opacityFor(grad) };
	});
	const leaves = branches
		.filter((b) => b.level === depth)
		.map((b) => ({
			index: b.index,
			name: `Leaf ${b.index + 1}`,
			x: b.x2,
			y: b.y2,
			grad: b.grad,
			radius: Math.min(9, 2.5 + 2.5 * Math.abs(b.grad)),
			opacity: b.opacity
		}));
	return { branches, leaves };
}

/** A number for an SVG attribute: two decimals are a hundredth of a user unit, far below a pixel. */
const svgNumber = (v: number): string => String(Math.round(v * 100) / 100);

/**
 * The branches as SVG markup, one <line> each, sized by the gradient it carries. The figure
 * draws them with one {@html}: hydrating 127 elements with six reactive attributes each was most
 * of the hero's start-up on a phone, and a new branch scale redraws them all anyway.
 */
export function branchesMarkup(branches: readonly Branch[]): string {
	let out = '';
	for (const b of branches) {
		out +=
			`<line x1="${svgNumber(b.x1)}" y1="${svgNumber(b.y1)}" x2="${svgNumber(b.x2)}" ` +
			`y2="${svgNumber(b.y2)}" stroke-width="${svgNumber(b.width)}" ` +
			`stroke-opacity="${svgNumber(b.opacity)}"></line>`;
	}
	return out;
}

/**
 * The leaf nearest to (x, y) in user units, if one is within `reach`: on a phone the tree is
 * drawn small, and a tap close to a leaf should still pick it.
 */
export function nearestLeaf(
	leaves: readonly { index: number; x: number; y: number }[],
	x: number,
	y: number,
	reach = 28
): number | null {
	let best: number | null = null;
	let bestDist = reach;
	for (const leaf of leaves) {
		const d = Math.hypot(leaf.x - x, leaf.y - y);
		if (d <= bestDist) {
			best = leaf.index;
			bestDist = d;
		}
	}
	return best;
}

/** The smallest target a finger should have to hit, in CSS px (WCAG 2.2, 2.5.8). */
export const TARGET_PX = 24;

/** A part of the drawing, in user units: the SVG's viewBox. */
export interface ViewBox {
	x: number;
	y: number;
	width: number;
	height: number;
}

export const WHOLE_TREE: ViewBox = { x: 0, y: 0, ...TREE_SIZE };

/** What a finger's tap on the tree means. */
export type TreeTap =
	| { kind: 'leaf'; index: number }
	/** Several leaves are under the finger: show this part of the tree larger, then tap again. */
	| { kind: 'zoom'; box: ViewBox }
	| { kind: 'none' };

/**
 * What a tap at (x, y) (user units) means when one user unit is `pxPerUnit` CSS px and `view` is
 * on screen. On a phone the leaves are 6–10 px apart, so no tap can tell them apart: a tap that
 * lies within half a target (12 px) of exactly one leaf picks it; one near several leaves zooms
 * into them, far enough that each gets a target of TARGET_PX and more, and the next tap picks.
 * Zoomed in (`canZoom` false), a tap picks the nearest leaf within a target.
 */
export function tapTree(
	leaves: readonly { index: number; x: number; y: number }[],
	x: number,
	y: number,
	pxPerUnit: number,
	view: ViewBox,
	canZoom = true
): TreeTap {
	const near = leaves
		.map((leaf) => ({ leaf, px: Math.hypot(leaf.x - x, leaf.y - y) * pxPerUnit }))
		.filter((n) => n.px <= TARGET_PX)
		.sort((a, b) => a.px - b.px);
	if (near.length === 0) return { kind: 'none' };
	const under = near.filter((n) => n.px <= TARGET_PX / 2);
	if (under.length === 1 || near.length === 1 || !canZoom) {
		return { kind: 'leaf', index: near[0]!.leaf.index };
	}
	// Far enough in that the closest two of these leaves are a target and a bit apart.
	let closest = Infinity;
	for (const a of near) {
		for (const b of near) {
			if (a !== b)
				closest = Math.min(closest, Math.hypot(a.leaf.x - b.leaf.x, a.leaf.y - b.leaf.y));
		}
	}
	const zoom = Math.min(8, Math.max(2, (1.25 * TARGET_PX) / (closest * pxPerUnit)));
	const width = view.width / zoom;
	const height = view.height / zoom;
	const clamp = (v: number, size: number, whole: number) => Math.min(Math.max(v, 0), whole - size);
	return {
		kind: 'zoom',
		box: {
			x: clamp(x - width / 2, width, TREE_SIZE.width),
			y: clamp(y - height / 2, height, TREE_SIZE.height),
			width,
			height
		}
	};
}

export interface Pulse {
	x: number;
	y: number;
	r: number;
	opacity: number;
}

/**
 * The pulses at animation phase `phase` ∈ [0, 1): one wave front travels from the loss up
 * through the levels, so at any moment only the branches of one level carry a pulse, sized by
 * the gradient that branch carries.
 */
export function pulsesAt(branches: readonly Branch[], depth: number, phase: number): Pulse[] {
	const front = (((phase % 1) + 1) % 1) * (depth + 1);
	const level = Math.floor(front);
	const t = front - level;
	const out: Pulse[] = [];
	for (const b of branches) {
		if (b.level !== level) continue;
		out.push({
			x: b.x1 + (b.x2 - b.x1) * t,
			y: b.y1 + (b.y2 - b.y1) * t,
			r: Math.min(9, 1.5 + 2 * Math.abs(b.grad)),
			opacity: opacityFor(b.grad)
		});
	}
	return out;
}

/** A leaf's gradient written out: "0.98 × 1.07 × … = 1.023". */
export function productText(factors: readonly number[], product: number): string {
	const f = (x: number) => x.toFixed(3);
	const value = Math.abs(product) < 1e-3 ? product.toExponential(2) : product.toFixed(3);
	return `${factors.map(f).join(' × ')} = ${value}`;
}

/* ---------------------------------------------------------------- view ---- */

/** One wave of pulses from the loss to the leaves, in ms. */
export const PULSE_PERIOD = 2600;

/** The pulses' phase in [0, 1) after `dtMs` more of animation. */
export function advancePulse(phase: number, dtMs: number): number {
	return (phase + dtMs / PULSE_PERIOD) % 1;
}

export const formatScale = (scale: number): string => scale.toFixed(2);

const VERDICTS = {
	vanishing: 'Vanishing: most deep leaves get almost no signal, so they would barely learn.',
	exploding: 'Exploding: deep leaves get a huge signal, so a step would throw them far.',
	steady: 'Steady: slopes near 1 keep the signal about the same size all the way down.'
} as const;

/** Everything that depends on the branch scale alone: the gradients, the drawing, the verdict. */
export function treeModel(scale: number) {
	const tree = computeTree(scale);
	const mode = regime(tree.leafGrads);
	return {
		...tree,
		...treeLayout(tree.grads),
		mode,
		verdict: VERDICTS[mode],
		smallest: Math.min(...tree.leafGrads),
		largest: Math.max(...tree.leafGrads)
	};
}

export type TreeModel = ReturnType<typeof treeModel>;

/** A leaf's path from the loss, as polyline points through the branches' ends. */
export function pathPoints(branches: readonly Branch[], leaf: number): string {
	const ids = leafPath(leaf, TREE_DEPTH);
	const pts = [`${branches[0]!.x1},${branches[0]!.y1}`];
	let offset = 0;
	for (let d = 0; d <= TREE_DEPTH; d++) {
		const b = branches[offset + ids[d]!]!;
		pts.push(`${b.x2},${b.y2}`);
		offset += 2 ** d;
	}
	return pts.join(' ');
}

/** What FIG.00 shows for the leaf being read (hovered, or else the selected one). */
export function treeView(model: TreeModel, leaf: number) {
	const name = model.leaves[leaf]!.name;
	const grad = model.leafGrads[leaf]!;
	const root = model.branches[0]!;
	return {
		leaf,
		heading: `${name}: product of its ${TREE_DEPTH} slopes`,
		productLabel: `${name} gradient as a product`,
		product: productText(pathSlopes(model.slopes, leaf), grad),
		gradLabel: `${name} gradient (backward)`,
		grad,
		path: pathPoints(model.branches, leaf),
		/** Where the "loss" label goes, beside the root. */
		rootLabel: [root.x1 + 12, root.y1 - 4] as const
	};
}
