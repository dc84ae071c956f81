/**
 * The text a model trains on: checking the reader's list, the characters its vocabulary is built
 * from, the seeded split into training items and held-out items, and the count-based bigram
 * baseline the loss chart compares against. Pure. The worker runs all of it (a megabyte of text
 * is a second of work); the page uses only the limits and the byte count, to refuse a paste too
 * big for the text box before it lands there.
 *
 *   const check = prepareText('emma\nolivia\n', 15);
 *   if (check.ok) {
 *     const vocab = new Vocab(check.dataset.chars);   // boundary + a, e, i, l, m, o, v
 *     trainingSequence(vocab, 'emma', 16);            // [0, 2, 5, 5, 1, 0]
 *     const split = splitHeldOut(check.dataset.lines); // 10% of the distinct items held out
 *     splitBigram(split, check.dataset.chars);         // the chart's bigram lines, in nats
 *   }
 */
import { BLOCK_SIZE, Rng, Vocab } from '$lib/engine';
import { countOf } from '$lib/ui/format';
import { describeCharacter } from '$lib/ui/reader-text';

/** Largest text accepted, in UTF-8 bytes (1 MB). */
export const MAX_TEXT_BYTES = 1_000_000;
/** Most distinct characters a vocabulary may hold, not counting the boundary token. */
export const MAX_CHARS = 96;

/**
 * Characters a reader cannot see and a tokenizer should not learn: control characters (tab
 * included), format characters such as zero-width spaces and byte-order marks, and the Unicode
 * line and paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export interface Dataset {
	/** One training item per line, trimmed, none empty, none longer than the limit. */
	lines: string[];
	/** The distinct characters of `lines` (code points), sorted by code point. */
	chars: string[];
}

export type TextCheck =
	{ ok: true; dataset: Dataset; notes: string[] } | { ok: false; message: string };

/** UTF-8 length without allocating the bytes. */
export function utf8Bytes(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			bytes += 4; // a surrogate pair is one 4-byte code point
			i++;
		} else bytes += 3;
	}
	return bytes;
}

/**
 * Checks a reader's list (one item per line) and turns it into a dataset. Refuses empty text,
 * text over MAX_TEXT_BYTES and more than MAX_CHARS distinct characters; strips invisible
 * characters and cuts lines longer than `maxLineLength` characters, saying so in `notes`.
 */
export function prepareText(text: string, maxLineLength: number): TextCheck {
	// Every UTF-16 unit is at least one byte, so a very long string is refused before counting.
	if (text.length > MAX_TEXT_BYTES || utf8Bytes(text) > MAX_TEXT_BYTES) {
		return { ok: false, message: tooLargeMessage(utf8Bytes(text)) };
	}
	const notes: string[] = [];
	let stripped = 0;
	let truncated = 0;
	const lines: string[] = [];
	for (const raw of text.split(/\r\n|\r|\n/)) {
		const visible = raw.replace(INVISIBLE, () => {
			stripped++;
			return '';
		});
		const line = visible.trim();
		if (line === '') continue;
		const points = Array.from(line);
		if (points.length > maxLineLength) {
			truncated++;
			lines.push(points.slice(0, maxLineLength).join(''));
		} else lines.push(line);
	}
	if (lines.length === 0) {
		return {
			ok: false,
			message:
				stripped > 0
					? 'That text holds only invisible characters. Paste a list with one item per line.'
					: 'There is nothing to train on yet. Paste a list with one item per line.'
		};
	}
	const distinct = new Set<string>();
	for (const line of lines) for (const ch of line) distinct.add(ch);
	if (distinct.size > MAX_CHARS) {
		return {
			ok: false,
			message:
				`That text uses ${distinct.size} different characters; the model's vocabulary holds ` +
				`at most ${MAX_CHARS}. Try a list in one alphabet, or lower-case it.`
		};
	}
	if (stripped > 0) {
		notes.push(
			`Removed ${countOf(stripped, 'invisible character')} (tabs, control or zero-width characters).`
		);
	}
	if (truncated > 0) {
		notes.push(
			`Cut ${countOf(truncated, 'line')} to ${maxLineLength} characters, the longest the model ` +
				'can read with its start and end markers.'
		);
	}
	const chars = [...distinct].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
	return { ok: true, dataset: { lines, chars }, notes };
}

/** Why a text of `bytes` UTF-8 bytes is refused, and what to do instead. */
export function tooLargeMessage(bytes: number, remedy = 'Paste a shorter list.'): string {
	return (
		`That text is ${formatBytes(bytes)}; the limit is 1 MB, so training stays quick in a ` +
		`browser tab. ${remedy}`
	);
}

/**
 * A size over the limit, in MB, with as many decimals as it takes to read as over it (at least
 * two): 1,000,001 bytes is "1.000001 MB", never "1.00 MB". Cut, not rounded, for the same reason.
 */
function formatBytes(bytes: number): string {
	const mb = bytes / MAX_TEXT_BYTES;
	for (let d = 2; d < 6; d++) {
		const cut = Math.floor(mb * 10 ** d) / 10 ** d;
		if (cut > 1 || mb <= 1) return `${cut.toFixed(d)} MB`;
	}
	return `${mb.toFixed(6)} MB`;
}

/** What one training step sees: the item wrapped in boundaries, cut to blockSize + 1 tokens. */
export function trainingSequence(vocab: Vocab, line: string, blockSize: number): number[] {
	return vocab.encode(line).slice(0, blockSize + 1);
}

/**
 * A character as a message can safely show it: a space as "space", anything invisible or able to
 * reorder the text around it (controls, format characters such as U+202E, separators, a lone
 * combining mark) by its code point, and everything else in quotes.
 */
export function shownChar(ch: string): string {
	return ch === ' ' ? 'space' : describeCharacter(ch);
}

/** The share of the distinct items kept out of training, to measure the model on items it never saw. */
export const HELD_OUT_FRACTION = 0.1;
/**
 * The split's own seed, apart from the training seed: a text is always split the same way, so
 * every run, whatever its seed or preset, is measured on the same held-out items.
 */
export const SPLIT_SEED = 20_240;

/**
 * How many held-out items the worker measures the loss on: the first ones in the split's order,
 * the same every time. Measuring all 840 held-out names twenty times a run would cost the larger
 * model several seconds; 200 tell the curves apart as well, since every model is measured on the
 * same 200 (and so is the bigram baseline).
 */
export const HELD_OUT_MEASURED = 200;

/** A text's items, split: what the model trains on and what it is only measured on. */
export interface Split {
	/** Training items in the text's order (a repeated item stays repeated). */
	train: string[];
	/** Held-out items, distinct, in the split's shuffled order (so any prefix is a fair sample). */
	heldOut: string[];
}

/**
 * Holds out `fraction` of the distinct items (rounded down, so a list of fewer than ten distinct
 * items holds out nothing), chosen by a seeded shuffle. Every copy of an item lands on the same
 * side, so no item is in both.
 */
export function splitHeldOut(
	lines: readonly string[],
	fraction = HELD_OUT_FRACTION,
	seed = SPLIT_SEED
): Split {
	const distinct = new Rng(seed).shuffle([...new Set(lines)]);
	const heldOut = distinct.slice(0, Math.floor(distinct.length * fraction));
	const held = new Set(heldOut);
	return { train: lines.filter((line) => !held.has(line)), heldOut };
}

/** The held-out items the loss is measured on: the first HELD_OUT_MEASURED of them. */
export function measuredHeldOut(split: Split): string[] {
	return split.heldOut.slice(0, HELD_OUT_MEASURED);
}

/** The bigram baseline, counted on the training items, in nats. */
export interface BigramBaseline {
	/** Scored on the training items it was counted on. */
	train: number;
	/** Scored on the measured held-out items, which it never counted; null when none are held out. */
	heldOut: number | null;
}

/** The bigram baseline of a split, on the sequences every preset trains on. */
export function splitBigram(split: Split, chars: readonly string[]): BigramBaseline {
	const vocab = new Vocab(chars);
	const encode = (lines: readonly string[]) =>
		lines.map((line) => trainingSequence(vocab, line, BLOCK_SIZE));
	const train = encode(split.train);
	return {
		train: bigramLoss(train, vocab.size),
		heldOut:
			split.heldOut.length > 0
				? bigramLoss(train, vocab.size, encode(measuredHeldOut(split)))
				: null
	};
}

/**
 * Cross-entropy of a count-based bigram model (the next token predicted from the current one
 * only, counts with add-one smoothing), counted on `sequences` and scored on `scored` (by default
 * the same sequences), averaged like the training loss: the mean over each sequence's
 * predictions, then the mean over sequences.
 */
export function bigramLoss(
	sequences: readonly (readonly number[])[],
	vocabSize: number,
	scored: readonly (readonly number[])[] = sequences
): number {
	const counts = new Float64Array(vocabSize * vocabSize).fill(1);
	const totals = new Float64Array(vocabSize).fill(vocabSize);
	for (const seq of sequences) {
		for (let t = 0; t + 1 < seq.length; t++) {
			counts[seq[t]! * vocabSize + seq[t + 1]!]!++;
			totals[seq[t]!]!++;
		}
	}
	let sum = 0;
	let n = 0;
	for (const seq of scored) {
		if (seq.length < 2) continue;
		let nll = 0;
		for (let t = 0; t + 1 < seq.length; t++) {
			nll -= Math.log(counts[seq[t]! * vocabSize + seq[t + 1]!]! / totals[seq[t]!]!);
		}
		sum += nll / (seq.length - 1);
		n++;
	}
	return n === 0 ? NaN : sum / n;
}
