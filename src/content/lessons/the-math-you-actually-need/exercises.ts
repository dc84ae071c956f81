// Lesson 1's exercises, section by section. Every answer is computed here, from the variant's
// own seeded numbers, by the engine or the figures' state modules: nothing is written in by
// hand, so "New numbers" always comes with a right answer.
import { matmul, mul, square, sum, tanh, tensor, type Rng } from '$lib/engine';
import { exercise, task, tidy, type ChoiceVariant, type Exercise } from '$lib/exercises/kinds';
import { Bowl } from '$lib/figures/bowl/bowl';
import { analyse, dotFigure } from '$lib/figures/dot-product/dot-product';
import {
	descentFigure,
	STABILITY_LIMIT,
	ZIGZAG_LIMIT
} from '$lib/figures/gradient-descent/gradient-descent';
import { punchlineFigure } from '$lib/figures/punchline/punchline';
import { shapesFigure } from '$lib/figures/shape-rule/shape-rule';
import { probabilities, softmaxFigure } from '$lib/figures/softmax/softmax';

/** A whole number in [lo, hi]. */
const between = (rng: Rng, lo: number, hi: number) => lo + rng.int(hi - lo + 1);
/** A nonzero whole number in [−k, k]. */
const nonzero = (rng: Rng, k: number) => {
	const n = between(rng, 1, k);
	return rng.uniform() < 0.5 ? -n : n;
};
const vec = (xs: readonly number[]) => `(${xs.map((x) => tidy(x)).join(', ')})`;

/** The same option order for every seed would let a reader learn positions: shuffle them. */
function choice(
	rng: Rng,
	right: string,
	wrong: readonly string[],
	rest: Omit<ChoiceVariant, 'kind' | 'options' | 'correct'>
): ChoiceVariant {
	const options = rng.shuffle([right, ...wrong]);
	return { kind: 'choice', options, correct: options.indexOf(right), ...rest };
}

const branches = exercise('branches-1', (rng) =>
	choice(rng, 'Calculus', ['Linear algebra', 'Probability'], {
		question:
			'Which branch answers “if I nudge this weight a little, does the model get better or worse”?',
		why: 'A derivative is exactly that: how much the output moves per nudge of the input.',
		hint: 'Look back at the three questions: which one is about nudging a knob?',
		worked:
			'Calculus: the derivative of the loss with respect to a weight says how the loss changes when that weight is nudged, and the gradient gives that for every weight at once.'
	})
);

const dotValue = exercise('dot-1', (rng) => {
	const a = [nonzero(rng, 5), nonzero(rng, 5)];
	const b = [nonzero(rng, 5), nonzero(rng, 5)];
	const answer = sum(mul(tensor(a), tensor(b))).item();
	const verdict = analyse(a, b).verdict;
	return {
		kind: 'number',
		question: `What is a · b for a = ${vec(a)} and b = ${vec(b)}?`,
		answer,
		tolerance: 1e-9,
		why: `${tidy(a[0]!)} × ${tidy(b[0]!)} + ${tidy(a[1]!)} × ${tidy(b[1]!)} = ${tidy(answer)}: the arrows are ${verdict}.`,
		hint: 'Multiply matching entries, then add the two products. Mind the signs.',
		worked: `Multiply the first entries, multiply the second entries, add: ${tidy(a[0]!)} × ${tidy(b[0]!)} + ${tidy(a[1]!)} × ${tidy(b[1]!)} = ${tidy(answer)}. ${answer > 0 ? 'Positive: they point roughly the same way.' : answer < 0 ? 'Negative: they point roughly opposite ways.' : 'Zero: they are perpendicular.'}`,
		showMe: { figure: dotFigure, state: { a, b } }
	};
});

/** A · B negative while both arrows are long (at least 3 units). */
const LONG = 3;
const dotTask = exercise('dot-2', () =>
	task({
		figure: dotFigure,
		question: `In FIG.02, drag the arrows so that a · b is negative while both arrows are at least ${LONG} long.`,
		met: (s) => {
			const { dot, normA, normB } = analyse(s.a, s.b);
			return dot < 0 && normA >= LONG && normB >= LONG;
		},
		status: (s) => {
			const { dot, normA, normB } = analyse(s.a, s.b);
			return `Now a · b = ${tidy(dot)}, |a| = ${tidy(normA)}, |b| = ${tidy(normB)}.`;
		},
		why: 'Long arrows pointing more than 90° apart: a large negative dot product.',
		hint: 'Point b more than a right angle away from a, then pull both tips out.',
		worked: `For example a = (3, 1) and b = (−3, 1): a · b = −9 + 1 = −8, with |a| = |b| = √10 ≈ 3.16.`,
		showMe: { figure: dotFigure, state: { a: [3, 1], b: [-3, 1] } }
	})
);

const shapeChains = exercise('matmul-1', (rng) => {
	const m = between(rng, 1, 6);
	const n = between(rng, 2, 5);
	const p = between(rng, 1, 6);
	const chains = rng.uniform() < 0.6;
	const n2 = chains ? n : n + between(rng, 1, 3);
	const right = chains ? `${m}×${p}` : 'It does not exist: the inner sizes differ';
	const wrong = chains
		? [`${n}×${n2}`, `${p}×${m}`, 'It does not exist: the inner sizes differ']
		: [`${m}×${p}`, `${n}×${n2}`];
	return choice(
		rng,
		right,
		[...new Set(wrong)].filter((w) => w !== right),
		{
			question: `A is ${m}×${n} and B is ${n2}×${p}. What shape is A·B?`,
			why: chains
				? `The inner sizes (${n} and ${n2}) match, so A·B is (rows of A) × (columns of B) = ${m}×${p}.`
				: `A row of A has ${n} numbers and a column of B has ${n2}: there is no dot product to take.`,
			hint: 'Compare the columns of A with the rows of B first.',
			worked: chains
				? `A·B exists because A's columns (${n}) equal B's rows (${n2}); the result has A's ${m} rows and B's ${p} columns: ${m}×${p}.`
				: `A has ${n} columns but B has ${n2} rows. Each entry of A·B would be a dot product of a row of A with a column of B, and those have different lengths, so A·B does not exist.`,
			showMe: { figure: shapesFigure, state: { m, n, n2, p } }
		}
	);
});

const matmulEntry = exercise('matmul-2', (rng) => {
	const A = [0, 1, 2, 3, 4, 5].map(() => between(rng, -3, 4));
	const B = [0, 1, 2, 3, 4, 5].map(() => between(rng, -3, 4));
	const C = Array.from(matmul(tensor(A, [2, 3]), tensor(B, [3, 2])).data);
	const i = rng.int(2);
	const j = rng.int(2);
	const row = A.slice(3 * i, 3 * i + 3);
	const col = [B[j]!, B[2 + j]!, B[4 + j]!];
	const answer = C[2 * i + j]!;
	const terms = row.map((r, k) => `${tidy(r)} × ${tidy(col[k]!)}`).join(' + ');
	return {
		kind: 'number',
		question: `A = [${tidy(A[0]!)} ${tidy(A[1]!)} ${tidy(A[2]!)}; ${tidy(A[3]!)} ${tidy(A[4]!)} ${tidy(A[5]!)}] and B = [${tidy(B[0]!)} ${tidy(B[1]!)}; ${tidy(B[2]!)} ${tidy(B[3]!)}; ${tidy(B[4]!)} ${tidy(B[5]!)}] (rows separated by ;). What is entry (${i + 1}, ${j + 1}) of A·B?`,
		answer,
		tolerance: 1e-9,
		why: `Row ${i + 1} of A with column ${j + 1} of B: ${terms} = ${tidy(answer)}.`,
		hint: `Take row ${i + 1} of A and column ${j + 1} of B, and compute their dot product.`,
		worked: `Entry (${i + 1}, ${j + 1}) is the dot product of row ${i + 1} of A, ${vec(row)}, with column ${j + 1} of B, ${vec(col)}: ${terms} = ${tidy(answer)}.`
	};
});

const chainRule = exercise('chain-1', (rng) => {
	const a = between(rng, 1, 4);
	const x = between(rng, -6, 6) / 10;
	const t = tensor([x], [1], { requiresGrad: true });
	square(tanh(mul(t, a))).backward();
	const answer = t.grad![0]!;
	const th = Math.tanh(a * x);
	return {
		kind: 'number',
		question: `f(x) = tanh(${a}·x)². What is f′(x) at x = ${tidy(x)}? (Three decimals are enough.)`,
		answer,
		tolerance: 5e-3,
		why: `Three links, three local slopes: ${a} × (1 − tanh²(${tidy(a * x)})) × 2·tanh(${tidy(a * x)}) = ${tidy(answer, 3)}.`,
		hint: 'Write it as x → u = a·x → v = tanh u → f = v², and multiply the three local slopes.',
		worked: `u = ${a}·x = ${tidy(a * x)}, v = tanh(u) = ${tidy(th, 4)}. The slopes are du/dx = ${a}, dv/du = 1 − v² = ${tidy(1 - th * th, 4)}, df/dv = 2v = ${tidy(2 * th, 4)}. Their product is ${tidy(answer, 4)}, which is what backward() gives.`
	};
});

const stableRate = exercise('descent-1', (rng) => {
	const steep = between(rng, 12, 40) / 10;
	const shallow = between(rng, 2, 9) / 10;
	const bowl = new Bowl([steep, shallow]);
	const answer = bowl.stabilityLimit;
	return {
		kind: 'number',
		question: `A bowl L = ½·(${tidy(steep)}·x² + ${tidy(shallow)}·y²) has curvatures ${tidy(steep)} and ${tidy(shallow)}. Below which learning rate does plain gradient descent still converge? (Two decimals, or a fraction.)`,
		answer,
		tolerance: 5e-3,
		why: `2 divided by the steepest curvature: 2/${tidy(steep)} ≈ ${tidy(answer)}.`,
		hint: 'Each step multiplies the distance along a direction by 1 − η·λ; when does that stay below 1 in size?',
		worked: `Along the steep direction a step scales the distance from the bottom by 1 − η·${tidy(steep)}. That shrinks it only while |1 − η·${tidy(steep)}| < 1, that is η < 2/${tidy(steep)} ≈ ${tidy(answer)}. The shallow direction allows more, 2/${tidy(shallow)}, so the steep one sets the limit.`,
		showMe: { figure: descentFigure, state: { lr: Number(Math.min(1.2, answer).toFixed(2)) } }
	};
});

const zigzag = exercise('descent-2', () =>
	task({
		figure: descentFigure,
		question:
			'In FIG.09, find a learning rate at which the ball zig-zags across the valley but still settles at the bottom.',
		met: (s) => s.lr > ZIGZAG_LIMIT && s.lr < STABILITY_LIMIT,
		status: (s) =>
			`η = ${tidy(s.lr)}: ${s.lr >= STABILITY_LIMIT ? 'too large, the ball climbs out' : s.lr <= ZIGZAG_LIMIT ? 'no overshoot yet' : 'zig-zags and converges'}.`,
		why: `Between 1/2.2 ≈ ${tidy(ZIGZAG_LIMIT)} and 2/2.2 ≈ ${tidy(STABILITY_LIMIT)} each step overshoots the valley floor, by less every time.`,
		hint: 'Overshooting starts at 1/λ_max, and divergence at 2/λ_max, with λ_max = 2.2 here.',
		worked: `Any η between 1/2.2 ≈ ${tidy(ZIGZAG_LIMIT)} and 2/2.2 ≈ ${tidy(STABILITY_LIMIT)}, for example 0.7: along x each step multiplies the distance by 1 − 0.7 × 2.2 = −0.54, so the ball flips sides with swings that shrink.`,
		showMe: { figure: descentFigure, state: { lr: 0.7, steps: 0 } }
	})
);

const softmaxValue = exercise('softmax-1', (rng) => {
	const z = [0, 1, 2].map(() => between(rng, -20, 30) / 10);
	const p = probabilities(z);
	const k = rng.int(3);
	return {
		kind: 'number',
		question: `Softmax of the logits ${vec(z)}: what probability does logit ${k + 1} get? (Three decimals.)`,
		answer: p[k]!,
		tolerance: 1.5e-3,
		why: `e^${tidy(z[k]!)} divided by the sum of e^z over all three: ${tidy(p[k]!, 3)}.`,
		hint: 'Exponentiate each logit, then divide the one you want by the sum of all three.',
		worked: `e^z = ${vec(z.map(Math.exp))}, sum ${tidy(
			z.map(Math.exp).reduce((s, v) => s + v, 0),
			3
		)}. Probability ${k + 1} is e^${tidy(z[k]!)} / sum = ${tidy(p[k]!, 3)}.`,
		showMe: { figure: softmaxFigure, state: { z: [...z, -5] } }
	};
});

const softmaxTask = exercise('softmax-2', () =>
	task({
		figure: softmaxFigure,
		question:
			'In FIG.11, set the logits so that the first token gets a probability of at least 0.9.',
		met: (s) => probabilities(s.z)[0]! >= 0.9,
		status: (s) => `p₁ = ${tidy(probabilities(s.z)[0]!, 3)}.`,
		why: 'Softmax rewards differences: a logit a few units above all the others takes almost everything.',
		hint: 'Only differences between logits matter. Raise logit 1, or lower the others.',
		worked:
			'With logits (4, 1, 0.1, −5), p₁ = e⁴ / (e⁴ + e¹ + e^0.1 + e^−5) ≈ 0.93. A lead of about 3 over the next logit is enough.',
		showMe: { figure: softmaxFigure, state: { z: [4, 1, 0.1, -5] } }
	})
);

const temperatureEffect = exercise('temperature-1', (rng) =>
	choice(
		rng,
		'The largest probability grows towards 1, and sampling becomes nearly greedy',
		[
			'All the probabilities move towards 1/V: every token equally likely',
			'Nothing changes: dividing every logit by the same number keeps their order',
			'The probabilities stop adding up to 1'
		],
		{
			question: 'What happens to softmax(z / τ) as the temperature τ goes down towards 0?',
			why: 'Dividing by a small τ stretches the gaps between logits, and softmax turns big gaps into near certainty.',
			hint: 'What does dividing by a small number do to the differences between logits?',
			worked:
				'softmax(z/τ) depends on the differences (zᵢ − zⱼ)/τ. As τ shrinks they grow, so the largest logit takes nearly all the probability: sampling becomes the greedy choice. Raising τ does the opposite, towards uniform.'
		}
	)
);

const pMinusY = exercise('punchline-1', (rng) => {
	const z = [0, 1, 2].map(() => between(rng, -20, 30) / 10);
	const truth = rng.int(3);
	const k = rng.int(3);
	const p = probabilities(z);
	const answer = p[k]! - (k === truth ? 1 : 0);
	return {
		kind: 'number',
		question: `Logits ${vec(z)}, and the true token is token ${truth + 1}. What is the gradient of the cross-entropy loss with respect to logit ${k + 1}? (Three decimals.)`,
		answer,
		tolerance: 1.5e-3,
		why: `p − y: ${tidy(p[k]!, 3)} − ${k === truth ? 1 : 0} = ${tidy(answer, 3)}.`,
		hint: 'The gradient is p − y: the predicted probability minus 1 for the true token, minus 0 for the others.',
		worked: `Softmax gives p = ${vec(p.map((v) => Number(v.toFixed(3))))}. y is 1 at token ${truth + 1} and 0 elsewhere. The gradient at logit ${k + 1} is p${k + 1} − y${k + 1} = ${tidy(p[k]!, 3)} − ${k === truth ? 1 : 0} = ${tidy(answer, 3)}.`,
		showMe: { figure: punchlineFigure, state: { z, truth } }
	};
});

const uniformLoss = exercise('recap-1', (rng) => {
	const V = between(rng, 2, 60);
	return {
		kind: 'number',
		question: `A model that knows nothing spreads its probability evenly over a vocabulary of ${V} tokens. What is its cross-entropy loss, in nats? (Two decimals; ln(…) is accepted.)`,
		answer: Math.log(V),
		tolerance: 5e-3,
		why: `−ln(1/${V}) = ln ${V} ≈ ${tidy(Math.log(V))}.`,
		hint: 'Cross-entropy is −ln of the probability given to the true token. What is that probability here?',
		worked: `Every token gets 1/${V}, the true one included, so the loss is −ln(1/${V}) = ln ${V} ≈ ${tidy(Math.log(V))} nats. Training starts near this number.`
	};
});

/** Lesson 1's exercises, by section id (the contents' anchors), in page order. */
export const EXERCISES: Record<string, readonly Exercise[]> = {
	'three-branches-three-questions': [branches],
	'the-dot-product': [dotValue, dotTask],
	'matrix-multiplication': [shapeChains, matmulEntry],
	'calculus-which-way-is-downhill': [chainRule, stableRate, zigzag],
	'probability-scores-into-confidence': [softmaxValue, softmaxTask, pMinusY],
	'recap-and-what-comes-next': [temperatureEffect, uniformLoss]
};
