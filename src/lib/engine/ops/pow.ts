/** Powers: square, pow (by a constant exponent) and sqrt. */
import { Tensor, result } from '../tensor';
import { allocate } from '../memory';

export function square(x: Tensor): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	for (let i = 0; i < X.length; i++) out[i] = X[i]! * X[i]!;
	return result('square', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) gX[i]! += 2 * X[i]! * G[i]!;
	});
}

/** x^p for a constant exponent p (d/dx = p·x^(p−1)). */
export function pow(x: Tensor, p: number): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	for (let i = 0; i < X.length; i++) out[i] = Math.pow(X[i]!, p);
	return result('pow', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) gX[i]! += G[i]! * p * Math.pow(X[i]!, p - 1);
	});
}

/** √x; d/dx = 1 / (2√x), infinite at 0. */
export function sqrt(x: Tensor): Tensor {
	const X = x.data;
	const out = allocate(X.length);
	for (let i = 0; i < X.length; i++) out[i] = Math.sqrt(X[i]!);
	return result('sqrt', out, x.shape, [x], (res) => () => {
		const G = res.grad!;
		const gX = x.grad!;
		for (let i = 0; i < G.length; i++) gX[i]! += G[i]! / (2 * out[i]!);
	});
}
