/**
 * Asks before throwing away a trained model: a Reset or a new training text replaces the model,
 * and a reader who has trained for more than a few seconds is asked first (a dialog, see
 * ui/ConfirmDialog.svelte), never surprised. A model trained for less is replaced at once.
 *
 *   const guard = new DiscardGuard(session);
 *   guard.ask('Reset training', () => session.reset());   // runs now, or once the reader agrees
 *   <ConfirmDialog question={guard.question} onanswer={guard.answer} />
 */
import { formatCount } from '$lib/ui/format';
import { formatElapsed } from './transformer';

/** Training time after which a model is worth a question before it goes, in ms. */
export const ASK_AFTER_MS = 5000;

/** What the guard reads from the session. */
export interface TrainedModel {
	modelReady: boolean;
	step: number;
	/** Time spent training, in ms. */
	elapsedMs: number;
}

export interface DiscardQuestion {
	title: string;
	text: string;
	/** The button that goes ahead ("Reset training"). */
	confirm: string;
	/** The button that keeps the model. */
	keep: string;
}

/** The question for replacing a model trained for `elapsedMs` up to `step`, or null to go ahead. */
export function discardQuestion(model: TrainedModel, action: string): DiscardQuestion | null {
	if (!model.modelReady || model.elapsedMs < ASK_AFTER_MS) return null;
	return {
		title: 'Throw away the trained model?',
		text:
			`The model has trained for ${formatElapsed(model.elapsedMs)} ` +
			`(step ${formatCount(model.step)}). ${action} replaces it with a fresh one.`,
		confirm: action,
		keep: 'Keep the model'
	};
}

export class DiscardGuard {
	/** The question on screen; null when none is. */
	question = $state.raw<DiscardQuestion | null>(null);
	#pending: (() => void) | null = null;
	readonly #model: TrainedModel;

	constructor(model: TrainedModel) {
		this.#model = model;
	}

	/** Runs `action` now, or asks first when it would throw away a model worth keeping. */
	ask(label: string, action: () => void): void {
		const question = discardQuestion(this.#model, label);
		if (!question) return action();
		this.#pending = action;
		this.question = question;
	}

	/** The reader's answer: go ahead (true) or keep the model (false). */
	readonly answer = (go: boolean): void => {
		const action = this.#pending;
		this.#pending = null;
		this.question = null;
		if (go) action?.();
	};
}
