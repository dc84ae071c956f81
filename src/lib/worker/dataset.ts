/**
 * The text a model trains on: checking the reader's list, the characters its vocabulary is built
 * from, and the count-based bigram baseline the loss chart compares against. Pure. The worker
 * runs all of it (a megabyte of text is a second of work); the page uses only the limits and the
 * byte count, to refuse a paste too big for the text box before it lands there.
 *
 *   const check = prepareText('emma\nolivia\n', 15);
 *   if (check.ok) {
 *     const vocab = new Vocab(check.dataset.chars);   // boundary + a, e, i, l, m, o, v
 *     trainingSequence(vocab, 'emma', 16);            // [0, 2, 5, 5, 1, 0]
 *     datasetBigram(check.dataset);                   // the chart's bigram line, in nats
 *   }
 */
import { BLOCK_SIZE, Vocab } from '$lib/engine';
import { countOf } from '$lib/ui/format';

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

/** The bigram baseline of a dataset, on the sequences every preset trains on. */
export function datasetBigram({ lines, chars }: Dataset): number {
	const vocab = new Vocab(chars);
	return bigramLoss(
		lines.map((line) => trainingSequence(vocab, line, BLOCK_SIZE)),
		vocab.size
	);
}

/**
 * Cross-entropy of a count-based bigram model (the next token predicted from the current one
 * only, counts with add-one smoothing) on the same sequences, averaged like the training loss:
 * the mean over each sequence's predictions, then the mean over sequences.
 */
export function bigramLoss(sequences: readonly (readonly number[])[], vocabSize: number): number {
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
	for (const seq of sequences) {
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
