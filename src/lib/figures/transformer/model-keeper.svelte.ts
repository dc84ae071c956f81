/**
 * Keeps lesson 2's trained model: saved in the browser (worker/model-store.ts) whenever training
 * pauses or finishes and when the lesson closes, restored when the reader comes back ("Restored
 * the model you trained (step 2,000)."), forgotten when a new model replaces it or the reader
 * starts fresh; and downloaded as, or loaded from, a .safetensors file (model-file.ts).
 *
 *   const keeper = new ModelKeeper(session);     // while a component initialises (it owns effects)
 *   keeper.note                                  // what became of a saved or loaded model
 *   keeper.startFresh();                         // forget the saved model, a fresh one from the seed
 *   keeper.restoreOffered();                     // a shared link's settings won: restore it anyway
 *   keeper.download();                           // the current model as a file
 *   await keeper.load(file);                     // a file's model in place, or keeper.fileError
 *
 * A page opened with settings of its own (a shared link) shows what the link asks for; the kept
 * model is then offered instead of restored. It talks to the worker only through the session
 * (requestSnapshot, restore, onmodel).
 */
import { formatCount } from '$lib/ui/format';
import { untrack } from 'svelte';
import { Vocab } from '$lib/engine';
import { browserModelStore, type ModelStore } from '$lib/worker/model-store';
import type { TrainSettings } from '$lib/worker/protocol';
import type { ModelSnapshot } from '$lib/worker/snapshot';
import { defaultState } from '$lib/ui/url-state';
import { countOf } from '$lib/ui/format';
import { showReaderText } from '$lib/ui/reader-text';
import { decodeModelFile, encodeModelFile, modelFileName } from './model-file';
import type { ModelMessage, TrainingSession } from './session.svelte';
import { trainSchema } from './transformer';

/** The parts of the session the keeper uses. */
export type KeptSession = Pick<
	TrainingSession,
	'settings' | 'builtWith' | 'running' | 'onmodel' | 'requestSnapshot' | 'restore' | 'reset'
>;

/** Hands a finished file to the reader (an <a download> click in the browser). */
export type Save = (bytes: Uint8Array, name: string) => void;

/** What a restore in flight came from. */
type Restoring = { from: 'browser' } | { from: 'file'; name: string; step: number };

const steps = (n: number) => countOf(n, 'step');

/** The names' letters: the only text a loaded file may have been trained on. */
const NAMES_LETTERS = Vocab.names().chars;

/**
 * Whether a kept model may come back by itself: unless the page was opened with settings of its
 * own (a shared link), which the reader should see as the sender did.
 */
export function restoresBySelf(settings: TrainSettings, kept: TrainSettings): boolean {
	const same = (a: TrainSettings, b: TrainSettings) =>
		a.preset === b.preset && a.seed === b.seed && a.lr === b.lr && a.steps === b.steps;
	return same(settings, kept) || same(settings, defaultState(trainSchema));
}

export function offeredNote(step: number): string {
	return (
		`A model you trained (step ${formatCount(step)}) is kept in this browser; ` +
		'this page was opened with other settings.'
	);
}

export function restoredNote(step: number): string {
	return `Restored the model you trained (step ${formatCount(step)}).`;
}

export function loadedNote(name: string, step: number): string {
	return (
		`Loaded “${showReaderText(name)}”, a model trained for ${steps(step)}. Generate names in ` +
		'FIG.03, or press Start to train it on in a fresh run.'
	);
}

export class ModelKeeper {
	/** What became of a saved or loaded model ('' when there is nothing to say). */
	note = $state('');
	/** The model on screen was restored from the browser, so "Start fresh" makes sense. */
	restored = $state(false);
	/** Why the last file could not be loaded ('' when it could). */
	fileError = $state('');
	/** A kept model not restored by itself (the page came with other settings), to restore on request. */
	offered = $state.raw<ModelSnapshot | null>(null);

	readonly #session: KeptSession;
	readonly #store: ModelStore;
	readonly #save: Save;
	#restoring: Restoring | null = null;
	#firstModel = true;
	#downloadWanted = false;

	constructor(
		session: KeptSession,
		store: ModelStore = browserModelStore(),
		save: Save = saveFile
	) {
		this.#session = session;
		this.#store = store;
		this.#save = save;
		session.onmodel = (message) => this.#received(message);
		$effect(() => {
			if (session.builtWith) untrack(() => this.#modelBuilt());
		});
		let wasRunning = false;
		$effect(() => {
			const running = session.running;
			if (wasRunning && !running) untrack(() => session.requestSnapshot());
			wasRunning = running;
		});
	}

	/** Restores the kept model the page offered. */
	restoreOffered(): void {
		const snapshot = this.offered;
		if (!snapshot) return;
		this.offered = null;
		this.#restoring = { from: 'browser' };
		this.#session.restore(snapshot);
	}

	/** Forgets the saved model and builds a fresh one from the seed. */
	startFresh(): void {
		this.note = '';
		this.restored = false;
		void this.#store.clear();
		this.#session.reset();
	}

	/** Saves the current model as a .safetensors file. */
	download(): void {
		this.#downloadWanted = true;
		this.#session.requestSnapshot();
	}

	/** Puts a file's model in place, or says in `fileError` why it cannot be. */
	async load(file: Blob & { name?: string }): Promise<void> {
		this.fileError = '';
		const name = file.name ?? 'model.safetensors';
		let bytes: Uint8Array;
		try {
			bytes = new Uint8Array(await file.arrayBuffer());
		} catch {
			this.fileError = `“${showReaderText(name)}” could not be read. Pick it again.`;
			return;
		}
		const loaded = decodeModelFile(bytes, NAMES_LETTERS);
		if (!loaded.ok) {
			this.fileError = loaded.message;
			return;
		}
		this.#restoring = { from: 'file', name, step: loaded.step };
		this.#session.restore(loaded.snapshot);
	}

	/** A model was built: the first is the moment to restore a saved one; later ones replace it. */
	async #modelBuilt(): Promise<void> {
		if (this.#restoring) return;
		if (this.#firstModel) {
			this.#firstModel = false;
			const kept = await this.#store.load();
			if (kept.kind === 'ignored') this.note = kept.note;
			if (kept.kind !== 'model') return;
			const { snapshot } = kept;
			if (restoresBySelf(this.#session.settings, snapshot.settings)) {
				this.#restoring = { from: 'browser' };
				this.#session.restore(snapshot);
			} else {
				this.offered = snapshot;
				this.note = offeredNote(snapshot.losses.length);
			}
			return;
		}
		// Offered and not taken: the kept model stays kept until the reader trains another.
		if (this.offered) return;
		this.note = '';
		this.restored = false;
		void this.#store.clear();
	}

	#received(message: ModelMessage): void {
		switch (message.type) {
			case 'snapshot':
				return this.#keep(message.snapshot);
			case 'restored': {
				const restoring = this.#restoring;
				this.#restoring = null;
				if (restoring?.from === 'file') {
					this.note = loadedNote(restoring.name, restoring.step);
					this.restored = false;
					// The file's model is the one in use now; the browser's older one would be wrong.
					void this.#store.clear();
				} else {
					this.note = restoredNote(message.step);
					this.restored = true;
				}
				return;
			}
			case 'unrestored': {
				const restoring = this.#restoring;
				this.#restoring = null;
				if (restoring?.from === 'file') {
					this.fileError = `${message.message} The current model is unchanged.`;
				} else {
					this.note = `A model saved in this browser could not be restored: ${message.message} A fresh one was made.`;
					void this.#store.clear();
				}
				return;
			}
		}
	}

	#keep(snapshot: ModelSnapshot): void {
		if (this.#downloadWanted) {
			this.#downloadWanted = false;
			this.#save(encodeModelFile(snapshot), modelFileName(snapshot));
		}
		// An untrained model is made again from its seed; there is nothing to keep.
		if (snapshot.losses.length === 0) return;
		void this.#store.save(snapshot);
		if (this.offered) {
			// The reader trained the link's model instead: that is the one kept now.
			this.offered = null;
			this.note = '';
		}
	}
}

function saveFile(bytes: Uint8Array, name: string): void {
	// Encoded into a fresh ArrayBuffer, never a shared one.
	const data = bytes as Uint8Array<ArrayBuffer>;
	const url = URL.createObjectURL(new Blob([data], { type: 'application/octet-stream' }));
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.click();
	// The click has started the download; the URL is not needed after this task.
	setTimeout(() => URL.revokeObjectURL(url));
}
