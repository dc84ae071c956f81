// Every number the lesson's prose states is recomputed here by the engine, and the prose must
// print exactly the rounded result. Change a number in the text or the maths behind it, and
// this fails: the lesson cannot drift from the truth.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	backpropagate,
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
import { mergeView } from '$lib/figures/chain-rule/chain-rule';
import { LAMBDA_MAX, STABILITY_LIMIT } from '$lib/figures/gradient-descent/gradient-descent';
import {
	LEAF_COUNT,
	TREE_DEPTH,
	treeModel,
	treeSchema,
	treeView
} from '$lib/figures/gradient-tree/gradient-tree';
import { FLAT, STEEP, TARGET, TILT_MAX, finishedRace } from '$lib/figures/optimisers/optimisers';
import { chainRuleGradient } from '$lib/figures/punchline/punchline';
import { entropyBits } from '$lib/figures/softmax/softmax';
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

/** Small whole numbers as the prose spells them. */
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

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

	it('FIG.00: leaf 46 gets 0.935, and the leaves vanish at scale 0.50, hold at 1.00, explode at 1.50', () => {
		expectProse(`each of its ${LEAF_COUNT} leaves`);
		expectProse(`the product of the ${WORDS[TREE_DEPTH]} slopes on its path`);
		const leaf = treeSchema.leaf.default;
		const steady = treeModel(1);
		expect(treeView(steady, leaf).heading).toMatch(/^Leaf 46:/);
		expectProse(
			`Leaf ${leaf + 1}, picked out with a dashed line, receives $${tex(steady.leafGrads[leaf]!, 3)}$`
		);
		for (const [scale, mode, words] of [
			[1, 'steady', 'every leaf gets between'],
			[0.5, 'vanishing', 'the leaves get between'],
			[1.5, 'exploding', 'the same product blows up to between']
		] as const) {
			const tree = treeModel(scale);
			expect(tree.mode).toBe(mode);
			expectProse(`At $${tex(scale, 2)}$`);
			expectProse(`${words} $${tex(tree.smallest, 3)}$ and $${tex(tree.largest, 3)}$`);
		}
		expectProse('the tree calls that steady');
		expectProse('the signal has *vanished*');
		expectProse('an *exploding* signal');
	});

	it('gradients add where paths merge: 0.542 + 1.000 = 1.542 for tanh(3x) + x² at 0.5', () => {
		const view = mergeView({ x: 0.5, a: 3 });
		const [viaTanh, viaSquare] = view.paths;
		expect(viaTanh!.slopes.map((k) => tex(k, 3))).toEqual(['3.000', '0.181', '1.000']);
		expectProse(
			`the slopes $3$ and $${tex(viaTanh!.slopes[1]!, 3)}$ and the sum's $1$ multiply to about $${tex(viaTanh!.product, 3)}$`
		);
		expect(viaSquare!.slopes[1]).toBe(1);
		expectProse(`the slope is $2x = ${tex(viaSquare!.slopes[0]!, 3)}$ and the sum's is $1$ again`);
		expect(view.agree).toBe(true);
		expectProse(
			`$g'(0.5) \\approx ${tex(viaTanh!.product, 3)} + ${tex(viaSquare!.product, 3)} = ${tex(view.gradient, 3)}$`
		);
	});

	it('FIG.10’s race: who gets below 0.01 when, level and tilted 45°', () => {
		expectProse(`${Math.round(STEEP / FLAT)} times steeper across than along`);
		expectProse(`below a loss of ${TARGET} first`);
		const level = finishedRace(1, 0).arrivals();
		const tilted = finishedRace(1, TILT_MAX).arrivals();
		expect(Math.min(level.gd!, level.sgd!, level.momentum!)).toBeGreaterThan(level.adam!);
		expectProse(`Adam gets below a loss of ${TARGET} first, at step ${level.adam}.`);
		expectProse(`Momentum follows at step ${level.momentum}.`);
		expectProse(`SGD first dips below at step ${level.sgd}`);
		expectProse(`plain gradient descent needs ${level.gd} steps`);
		expectProse(`tilt the valley $${TILT_MAX}°$`);
		expect([tilted.gd, tilted.momentum]).toEqual([level.gd, level.momentum]);
		expectProse(`${level.gd} and ${level.momentum} steps again`);
		expectProse(
			`it needs ${tilted.adam} steps, ${WORDS[Math.round(tilted.adam! / tilted.momentum!)]} times as many as momentum`
		);
	});

	it('entropy 1.22 bits at τ = 1, and cross-entropy’s 0.417 nats are 0.602 bits', () => {
		expectProse(`an entropy of $${tex(entropyBits(logits), 2)}$ bits`);
		expectProse(`$\\ln 2 \\approx ${tex(Math.LN2, 3)}$ nats`);
		const p0 = values(softmax(tensor(logits)))[0]!;
		const nats = crossEntropy(tensor(logits, [1, 3]), [0]).item();
		expect(nats).toBeCloseTo(-Math.log(p0), 6);
		expectProse(
			`$-\\ln ${tex(p0, 3)} \\approx ${tex(nats, 3)}$ nats, which is $${tex(nats / Math.LN2, 3)}$ bits`
		);
	});

	it('the derivation with FIG.14’s numbers: softmax’s slopes times −1/p₁ give p − y', () => {
		const z = tensor(logits, [3], { requiresGrad: true });
		const p = softmax(z);
		// Seeding the softmax's backward with the one-hot truth gives ∂p₁/∂z, softmax's slopes.
		backpropagate(p, [1, 0, 0]);
		const slopes = Array.from(z.grad!);
		const ps = values(p);
		const yMinusP = ps.map((pi, i) => (i === 0 ? 1 : 0) - pi);
		slopes.forEach((g, i) => expect(g).toBeCloseTo(ps[0]! * yMinusP[i]!, 6));
		const scale = -1 / ps[0]!;
		const grad = slopes.map((g) => g * scale);
		const route = chainRuleGradient(logits, 0).grad;
		grad.forEach((g, i) => expect(g).toBeCloseTo(route[i]!, 6));
		expectProse(
			`$p_1 (y - p) = ${tex(ps[0]!, 3)} \\times ${vector(yMinusP)} \\approx ${vector(slopes)}$`
		);
		expectProse(`$-1/p_1 \\approx ${tex(scale, 3)}$ gives $${vector(grad)}$, which is $p - y$`);
	});

	it('FIG.14’s route: −1 reaches log p(true), −y reaches log p, and the logits get p − y', () => {
		const route = chainRuleGradient(logits, 0);
		expect(route.atPicked).toBe(-1);
		expectProse(`The minus and the mean send $${route.atPicked}$ back to $\\log p_t$`);
		const minusY = route.atLogP.map((g) => g + 0);
		expectProse(`as $-y = (${minusY.join(', ')})$`);
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
