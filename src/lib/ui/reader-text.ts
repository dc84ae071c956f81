/**
 * The reader's own text inside the site's messages, shown so it cannot disturb them: a
 * right-to-left override typed into a box would otherwise reverse the rest of the sentence it is
 * quoted in, and a zero-width character would be quoted as nothing at all. Invisible and
 * direction-changing characters are named by their code point instead.
 *
 *   showReaderText('evil\u202etxt.exe')   // "evil[U+202E]txt.exe"
 *   describeCharacter('\u202e')           // "U+202E (right-to-left override)"
 *   isInvisible('\u200b')                 // true
 */

/**
 * Characters that are not seen as themselves: controls, format characters (the bidi overrides and
 * isolates, zero-width joiners), separators other than the ordinary space, combining marks on
 * their own, private-use and unassigned code points, lone surrogates.
 */
const INVISIBLE =
	/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{M}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;

/** Names for the invisible characters a reader is most likely to meet. */
const NAMES: Record<number, string> = {
	0x09: 'tab',
	0xa0: 'no-break space',
	0xad: 'soft hyphen',
	0x200b: 'zero width space',
	0x200c: 'zero width non-joiner',
	0x200d: 'zero width joiner',
	0x200e: 'left-to-right mark',
	0x200f: 'right-to-left mark',
	0x202a: 'left-to-right embedding',
	0x202b: 'right-to-left embedding',
	0x202c: 'pop directional formatting',
	0x202d: 'left-to-right override',
	0x202e: 'right-to-left override',
	0x2066: 'left-to-right isolate',
	0x2067: 'right-to-left isolate',
	0x2068: 'first strong isolate',
	0x2069: 'pop directional isolate',
	0xfeff: 'zero width no-break space'
};

export function isInvisible(ch: string): boolean {
	return INVISIBLE.test(ch);
}

/** "U+202E": the code point of the first character, at least four hex digits. */
export function codePoint(ch: string): string {
	return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A character as a message should quote it: “a”, or its code point and name when invisible. */
export function describeCharacter(ch: string): string {
	if (!isInvisible(ch)) return `“${ch}”`;
	const name = NAMES[ch.codePointAt(0) ?? -1];
	return name ? `${codePoint(ch)} (${name})` : codePoint(ch);
}

/** The reader's text with every invisible character replaced by "[U+XXXX]". */
export function showReaderText(text: string): string {
	let shown = '';
	for (const ch of text) shown += isInvisible(ch) ? `[${codePoint(ch)}]` : ch;
	return shown;
}
