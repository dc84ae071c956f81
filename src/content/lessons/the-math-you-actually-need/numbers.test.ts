// Every number the lesson's prose states is recomputed here by the engine, and the prose must
// print exactly the rounded result. Change a number in the text or the maths behind it, and
// this fails: the lesson cannot drift from the truth.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	crossEntropy,
	matmul,
	mul,
	softmax,
	sqrt,
	square,
	sum,
	tanh,
	tensor,
	type Tensor
} from '$lib/engine';
import { LAMBDA_MAX, STABILITY_LIMIT } from '$lib/figures/gradient-descent/gradient-descent';
import { MINUS } from '$lib/ui/format';

const prose = readFileSync(new URL('./lesson.svx', import.meta.url), 'utf8');

/**
 * A number as the prose writes it inside $…$: TeX's own "-" for a minus sign, which KaTeX
 * typesets as the real minus U+2212. Every number this file looks for sits inside math; running
 * text spells a minus as U+2212 itself, which the last test below holds the prose to.
 */
const tex = (x: number, digits: number) => x.toFixed(digits);
const values = (t: Tensor) => Array.from(t.data);
/** The prose writes a vector of decimals as "(0.659, 0.242, 0.099)". */
const vector = (xs: number[], digits = 3) => `(${xs.map((x) => tex(x, digits)).join(', ')})`;

function expectProse(text: string) {
	expect(prose, `the lesson should say "${text}"`).toContain(text);
}

/** The prose without its script block, cut into maths ($…$ and $$…$$) and running text. */
function proseParts(): { math: string[]; text: string[] } {
	const body = prose.replace(/<script>[\s\S]*?<\/script>/, '');
	const math = body.match(/\$\$[\s\S]*?\$\$|\$[^$\n]+\$/g) ?? [];
	const text = body.split(/\$\$[\s\S]*?\$\$|\$[^$\n]+\$/);
	return { math, text };
}

describe('the numbers in "The math you actually need"', () => {
	it('dot product of (3, 1) and (1, 2): 5, lengths √10 and √5, cos θ ≈ 0.707, 45°', () => {
		const a = tensor([3, 1]);
		const b = tensor([1, 2]);
		const dot = sum(mul(a, b)).item();
		const la = sqrt(sum(square(a))).item();
		const lb = sqrt(sum(square(b))).item();
		const cos = dot / (la * lb);
		expect(dot).toBe(5);
		expectProse('$3 \\cdot 1 + 1 \\cdot 2 = 5$');
		expectProse(`\\sqrt{10} \\approx ${tex(la, 2)}`);
		expectProse(`\\sqrt{5} \\approx ${tex(lb, 2)}`);
		expectProse(`\\approx ${tex(cos, 3)}`);
		expectProse(`$${Math.round((Math.acos(cos) * 180) / Math.PI)}°$`);
	});

	it('the matrix product example, and its bottom-left entry 13', () => {
		const A = tensor([1, 2, 0, 0, 1, 3], [2, 3]);
		const B = tensor([2, 1, 1, 0, 4, 1], [3, 2]);
		const C = values(matmul(A, B));
		expect(C).toEqual([4, 1, 13, 3]);
		expectProse('\\begin{bmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 3 \\end{bmatrix}');
		expectProse('\\begin{bmatrix} 2 & 1 \\\\ 1 & 0 \\\\ 4 & 1 \\end{bmatrix}');
		expectProse(`\\begin{bmatrix} ${C[0]} & ${C[1]} \\\\ ${C[2]} & ${C[3]} \\end{bmatrix}`);
		expectProse(`$0 \\cdot 2 + 1 \\cdot 1 + 3 \\cdot 4 = ${C[2]}$`);
	});

	it('the chain rule through tanh(3x)² at x = 0.5 matches the engine’s backward()', () => {
		const x = tensor([0.5], [1], { requiresGrad: true });
		const u = mul(x, 3);
		const v = tanh(u);
		const f = square(v);
		f.backward();
		const t = v.item();
		const slopes = [3, 1 - t * t, 2 * t];
		const product = slopes.reduce((p, s) => p * s, 1);
		expect(x.grad![0]).toBeCloseTo(product, 5);
		expectProse(`1 - \\tanh^2(1.5) \\approx ${tex(slopes[1]!, 3)}`);
		expectProse(`2 \\tanh(1.5) \\approx ${tex(slopes[2]!, 3)}`);
		expectProse(
			`$3 \\times ${tex(slopes[1]!, 3)} \\times ${tex(slopes[2]!, 3)} \\approx ${tex(x.grad![0]!, 3)}$`
		);
	});

	it('the stability limit 2/λ for FIG.09’s curvature 2.2 is about 0.91', () => {
		expectProse(`curvature $${LAMBDA_MAX}$`);
		expectProse(`$2 / ${LAMBDA_MAX} \\approx ${tex(STABILITY_LIMIT, 2)}$`);
	});

	const logits = [2.0, 1.0, 0.1];
	it('softmax of (2.0, 1.0, 0.1), and at temperatures 0.5 and 2', () => {
		expectProse('$(2.0, 1.0, 0.1)$');
		for (const [tau, words] of [
			[1, 'become probabilities of about'],
			[0.5, 'At $\\tau = 0.5$ the same logits give about'],
			[2, 'At $\\tau = 2$ they give about']
		] as const) {
			const p = values(softmax(tensor(logits.map((z) => z / tau))));
			expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
			expectProse(`${words} $${vector(p)}$`);
		}
	});

	it('a fourth logit of −5.0 gets about 0.0006 and leaves the first three unchanged', () => {
		const p = values(softmax(tensor([...logits, -5.0])));
		const three = values(softmax(tensor(logits)));
		expectProse('plus a fourth at $-5.0$. It still gets about $0.0006$');
		expect(Number(p[3]!.toPrecision(1))).toBe(0.0006);
		expect(p.slice(0, 3).map((x) => tex(x, 3))).toEqual(three.map((x) => tex(x, 3)));
	});

	it('cross-entropy −ln 0.659 ≈ 0.417 and its gradient p − y, from the engine', () => {
		const z = tensor(logits, [1, 3], { requiresGrad: true });
		const loss = crossEntropy(z, [0]);
		loss.backward();
		const p = values(softmax(tensor(logits)));
		expectProse(`$-\\ln ${tex(p[0]!, 3)} \\approx ${tex(loss.item(), 3)}$`);
		const grad = Array.from(z.grad!);
		grad.forEach((g, i) => expect(g).toBeCloseTo(p[i]! - (i === 0 ? 1 : 0), 6));
		expectProse(`$(${tex(p[0]!, 3)} - 1, ${tex(p[1]!, 3)}, ${tex(p[2]!, 3)}) = ${vector(grad)}$`);
	});

	it('uniform guessing over 27 characters costs ln 27 ≈ 3.30', () => {
		const loss = crossEntropy(tensor(new Array(27).fill(0), [1, 27]), [5]).item();
		expect(loss).toBeCloseTo(Math.log(27), 5);
		expectProse(`$\\ln 27 \\approx ${tex(loss, 2)}$`);
	});

	it('writes a minus as "-" inside maths and as U+2212 in running text, never the other way', () => {
		const { math, text } = proseParts();
		expect(math.length).toBeGreaterThan(20);
		const realMinusInMath = math.filter((m) => m.includes(MINUS));
		expect(realMinusInMath, 'inside $…$ write "-": KaTeX sets it as a minus').toEqual([]);
		const hyphenNumbers = text.flatMap((t) => t.match(/(?:^|[\s(])-\d[\d.]*/g) ?? []);
		expect(hyphenNumbers, `in running text write a negative number with ${MINUS}`).toEqual([]);
	});
});
