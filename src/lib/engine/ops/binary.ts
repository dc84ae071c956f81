/**
 * Elementwise arithmetic: add, sub, mul, div.
 *
 * Broadcasting is deliberately small. The output has the shape of the larger operand, viewed as
 * rows × cols (cols = its last dimension), and each operand is one of
 *   - the same shape            a[r, c]
 *   - a scalar (one element)    a
 *   - a row [cols]              a[c]      (the same vector added to every row)
 *   - a column [..., 1]         a[r]      (one number per row, e.g. a sum with keepDim)
 * so every element is read at `r * rowStride + c * colStride`. Where an operand was broadcast,
 * its gradient sums over the positions it was copied to, which the same index does for free.
 *
 * One loop walks the output for all four ops, forward and backward; the ops differ only in
 * `value`, `gradA` and `gradB` below. Those branch on a constant op code instead of taking a
 * function: a call site that sees four different functions is megamorphic, V8 stops inlining
 * it, and the loop ran 2–3× slower that way.
 */
import {
	Tensor,
	asTensor,
	formatShape,
	result,
	sizeOf,
	type Shape,
	type TensorLike
} from '../tensor';
import { allocate } from '../memory';
import { kernelsFor } from '../wasm/calls';

interface Plan {
	shape: Shape;
	rows: number;
	cols: number;
	aRow: number;
	aCol: number;
	bRow: number;
	bCol: number;
}

function sameShape(a: Shape, b: Shape): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** Strides [row, col] of `x` inside an output of shape `out`, or null if it does not broadcast. */
function strides(x: Shape, out: Shape, cols: number): [number, number] | null {
	if (sameShape(x, out)) return [cols, 1];
	const n = sizeOf(x);
	if (n === 1) return [0, 0];
	const isRow = x[x.length - 1] === cols && n === cols;
	if (isRow) return [0, 1];
	const isColumn =
		x.length === out.length && x[x.length - 1] === 1 && sameShape(x.slice(0, -1), out.slice(0, -1));
	if (isColumn) return [1, 0];
	return null;
}

function broadcastPlan(name: string, a: Tensor, b: Tensor): Plan {
	const shape = a.size >= b.size ? a.shape : b.shape;
	const cols = shape.length === 0 ? 1 : shape[shape.length - 1]!;
	const rows = cols === 0 ? 0 : sizeOf(shape) / cols;
	const sa = strides(a.shape, shape, cols);
	const sb = strides(b.shape, shape, cols);
	if (sa === null || sb === null) {
		throw new Error(
			`${name}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not broadcast; ` +
				`use the same shape, a scalar, a row [${cols}], or a column [${shape.slice(0, -1).join(',')},1]`
		);
	}
	return { shape: shape.slice(), rows, cols, aRow: sa[0], aCol: sa[1], bRow: sb[0], bCol: sb[1] };
}

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
type Arithmetic = typeof ADD | typeof SUB | typeof MUL | typeof DIV;
const NAMES = ['add', 'sub', 'mul', 'div'] as const;

// Each op's value and its local gradient (the incoming gradient g times ∂/∂a and ∂/∂b):
//          a ∘ b     g·∂/∂a     g·∂/∂b
//   add    a + b     g          g
//   sub    a − b     g          −g
//   mul    a · b     g·b        g·a
//   div    a / b     g/b        −g·a/b²
// The gradients read an operand only where the formula needs it: add and sub read neither.

function value(op: Arithmetic, a: number, b: number): number {
	return op === ADD ? a + b : op === SUB ? a - b : op === MUL ? a * b : a / b;
}

function gradA(op: Arithmetic, g: number, B: Float32Array, j: number): number {
	return op === MUL ? g * B[j]! : op === DIV ? g / B[j]! : g;
}

function gradB(
	op: Arithmetic,
	g: number,
	A: Float32Array,
	i: number,
	B: Float32Array,
	j: number
): number {
	if (op === ADD) return g;
	if (op === SUB) return -g;
	if (op === MUL) return g * A[i]!;
	const b = B[j]!;
	return (-g * A[i]!) / (b * b);
}

function arithmetic(op: Arithmetic, x: TensorLike, y: TensorLike): Tensor {
	const a = asTensor(x);
	const b = asTensor(y);
	const { shape, rows, cols, aRow, aCol, bRow, bCol } = broadcastPlan(NAMES[op], a, b);
	const A = a.data;
	const B = b.data;
	const out = allocate(rows * cols);
	for (let r = 0, o = 0; r < rows; r++) {
		for (let c = 0, i = r * aRow, j = r * bRow; c < cols; c++, o++, i += aCol, j += bCol) {
			out[o] = value(op, A[i]!, B[j]!);
		}
	}
	return result(NAMES[op], out, shape, [a, b], (res) => () => {
		const G = res.grad!;
		const gA = a.requiresGrad ? a.grad! : null;
		const gB = b.requiresGrad ? b.grad! : null;
		for (let r = 0, o = 0; r < rows; r++) {
			for (let c = 0, i = r * aRow, j = r * bRow; c < cols; c++, o++, i += aCol, j += bCol) {
				const g = G[o]!;
				if (gA !== null) gA[i]! += gradA(op, g, B, j);
				if (gB !== null) gB[j]! += gradB(op, g, A, i, B, j);
			}
		}
	});
}

export function add(x: TensorLike, y: TensorLike): Tensor {
	const a = asTensor(x);
	const b = asTensor(y);
	if (a.size === b.size && sameShape(a.shape, b.shape)) return addSameShape(a, b);
	return arithmetic(ADD, a, b);
}

/** The residual connection's case: a flat loop, without the index arithmetic of broadcasting. */
function addSameShape(a: Tensor, b: Tensor): Tensor {
	const A = a.data;
	const B = b.data;
	const out = allocate(A.length);
	const kernels = kernelsFor(A, B, out);
	if (kernels !== null) kernels.add(A.byteOffset, B.byteOffset, out.byteOffset, A.length);
	else for (let i = 0; i < A.length; i++) out[i] = A[i]! + B[i]!;
	return result('add', out, a.shape, [a, b], (res) => () => {
		const G = res.grad!;
		if (a.requiresGrad) accumulate(G, a.grad!);
		if (b.requiresGrad) accumulate(G, b.grad!);
	});
}

/** into += G: a sum hands its gradient to each term unchanged. */
function accumulate(G: Float32Array, into: Float32Array): void {
	const kernels = kernelsFor(G, into);
	if (kernels !== null) kernels.accumulate(G.byteOffset, into.byteOffset, G.length);
	else for (let i = 0; i < G.length; i++) into[i]! += G[i]!;
}

export function sub(x: TensorLike, y: TensorLike): Tensor {
	return arithmetic(SUB, x, y);
}

export function mul(x: TensorLike, y: TensorLike): Tensor {
	return arithmetic(MUL, x, y);
}

export function div(x: TensorLike, y: TensorLike): Tensor {
	return arithmetic(DIV, x, y);
}
