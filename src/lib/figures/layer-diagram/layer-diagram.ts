// FIG.01's content and state: the four stages of one transformer layer, which branch of maths
// each belongs to, and what happens at each stage on the forward and the backward pass.

import { BRANCH_NAMES, type Branch, defineFigure } from '$lib/ui/figure';
import { field, type StateOf } from '$lib/ui/url-state';

export type Pass = 'forward' | 'backward';

/**
 * What a stage is made of: one of the three branches, or a plain function (ReLU), which belongs
 * to none of them. Calculus meets it only on the way back, where it needs the function's slope.
 */
export type StageKind = Branch | 'function';

/** The tag each kind of stage wears. */
export const KIND_TAGS: Record<StageKind, string> = { ...BRANCH_NAMES, function: 'Function' };

export type Stage = {
	id: string;
	/** What the stage does, in a word or two. */
	name: string;
	/** The kind of operation, as the lesson names it. */
	op: string;
	branch: StageKind;
	forward: string;
	backward: string;
};

export const STAGES: readonly Stage[] = [
	{
		id: 'project',
		name: 'Project',
		op: 'matmul',
		branch: 'linalg',
		forward:
			'Each token’s vector is multiplied by three weight matrices, giving its query, key and value.',
		backward:
			'Each projection weight receives its gradient: the token’s vector times the gradient flowing back into its query, key or value.'
	},
	{
		id: 'attend',
		name: 'Attend',
		op: 'softmax',
		branch: 'prob',
		forward:
			'Every query is dotted with every earlier key; softmax turns those scores into weights that sum to 1.',
		backward:
			'The gradient passes back through the softmax’s local slopes to the scores, then to the queries and keys that made them.'
	},
	{
		id: 'mix',
		name: 'Mix',
		op: 'matmul',
		branch: 'linalg',
		forward: 'The attention weights average the value vectors: one more matrix multiplication.',
		backward:
			'The gradient splits two ways, into the attention weights and into the values, one matmul each.'
	},
	{
		id: 'transform',
		name: 'Transform',
		op: 'nonlinearity',
		branch: 'function',
		forward:
			'A feed-forward block: matmul, then ReLU bends the result (negative parts become 0), then matmul. ReLU is a plain function, max(0, x), from none of the three branches.',
		backward:
			'Calculus needs only ReLU’s slope: 1 where its input was positive and 0 elsewhere, so the gradient either passes or stops.'
	}
];

export const layerSchema = {
	pass: field.enum(['forward', 'backward'] as const, 'forward'),
	stage: field.int({ min: 0, max: STAGES.length - 1, default: 0 })
};

/** FIG.01: its id (also its URL namespace), number, caption and colour. */
export const layerFigure = defineFigure({
	id: 'layer',
	number: 1,
	caption: 'One transformer layer: linear algebra, probability and calculus wired together',
	schema: layerSchema
});

export type LayerState = StateOf<typeof layerSchema>;

/** The stages in the order the signal visits them on this pass. */
export function stagesInPassOrder(pass: Pass): Stage[] {
	return pass === 'forward' ? [...STAGES] : [...STAGES].reverse();
}

/** One sentence about the whole pass, for the figure's read-out. */
export function passSummary(pass: Pass): string {
	return pass === 'forward'
		? 'Forward pass: numbers flow from the input tokens to a prediction.'
		: 'Backward pass: the chain rule carries the loss’s gradient back through every stage.';
}

/** What the selected stage does on this pass, with its place in the order of visit. */
export function stageNote(state: LayerState): string {
	const stage = STAGES[state.stage] ?? STAGES[0]!;
	const order = stagesInPassOrder(state.pass).indexOf(stage) + 1;
	const text = state.pass === 'forward' ? stage.forward : stage.backward;
	return `Step ${order} of ${STAGES.length}, ${stage.name} (${stage.op}, ${KIND_TAGS[stage.branch].toLowerCase()}): ${text}`;
}

/** The pass switch's two choices. */
export const PASS_OPTIONS = [
	{ value: 'forward', label: 'Forward pass' },
	{ value: 'backward', label: 'Backward pass' }
] as const satisfies readonly { value: Pass; label: string }[];

/** The stage `index` steps to with the arrow `key` (wrapping), or null for any other key. */
export function stageAfterKey(index: number, key: string): number | null {
	const delta =
		key === 'ArrowRight' || key === 'ArrowDown'
			? 1
			: key === 'ArrowLeft' || key === 'ArrowUp'
				? -1
				: 0;
	return delta === 0 ? null : (index + delta + STAGES.length) % STAGES.length;
}

/** What FIG.01 shows for a state. */
export function layerView(state: LayerState) {
	return {
		summary: passSummary(state.pass),
		note: stageNote(state),
		backward: state.pass === 'backward',
		stages: STAGES.map((stage, i) => ({
			...stage,
			index: i,
			tag: KIND_TAGS[stage.branch],
			title: `${stage.name}: ${stage.op}`,
			selected: state.stage === i
		}))
	};
}
