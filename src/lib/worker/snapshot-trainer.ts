/**
 * A trainer's model as a snapshot (snapshot.ts), and a trainer that goes on from one. The worker
 * uses these when the page saves the model, and when it restores a saved or loaded one.
 *
 *   const snapshot = takeSnapshot(trainer, { source: 'names', lines: null, elapsedMs });
 *   const again = restoreTrainer(snapshot, names);   // trains on from snapshot.losses.length
 */
import { splitHeldOut } from './dataset';
import { SNAPSHOT_VERSION, type ModelSnapshot } from './snapshot';
import { Trainer } from './trainer';

/** The trainer's current model, copied (the trainer goes on changing its own arrays). */
export function takeSnapshot(
	trainer: Trainer,
	{ source, lines, elapsedMs }: Pick<ModelSnapshot, 'source' | 'lines' | 'elapsedMs'>
): ModelSnapshot {
	const weights: Record<string, Float32Array> = {};
	for (const [name, p] of Object.entries(trainer.model.stateDict())) weights[name] = p.data.slice();
	return {
		version: SNAPSHOT_VERSION,
		settings: { ...trainer.settings },
		source,
		chars: [...trainer.vocab.chars],
		lines: lines ? [...lines] : null,
		losses: trainer.losses.slice(),
		heldOut: trainer.heldOut.map((point) => ({ ...point })),
		elapsedMs,
		weights,
		adam: trainer.optimizer.state()
	};
}

/**
 * A trainer that goes on from `snapshot`, on `lines` (the snapshot's own for the reader's text,
 * the names otherwise). Throws if the lines' characters are not the model's vocabulary.
 */
export function restoreTrainer(snapshot: ModelSnapshot, lines: readonly string[]): Trainer {
	const chars = distinctChars(lines);
	if (chars.join('') !== snapshot.chars.join('')) {
		throw new Error(
			'That model was trained on a text with other characters than the one in use ' +
				`(${snapshot.chars.length} against ${chars.length}).`
		);
	}
	// The split is seeded by the text alone, so the same lines give the same held-out items.
	const trainer = new Trainer(snapshot.settings, splitHeldOut(lines), snapshot.chars);
	trainer.model.loadStateDict(snapshot.weights);
	if (snapshot.adam) trainer.optimizer.loadState(snapshot.adam);
	trainer.losses.push(...snapshot.losses);
	trainer.heldOut.push(...snapshot.heldOut);
	return trainer;
}

function distinctChars(lines: readonly string[]): string[] {
	const set = new Set<string>();
	for (const line of lines) for (const ch of line) set.add(ch);
	return [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}
