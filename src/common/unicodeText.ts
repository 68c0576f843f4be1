/**
 * Invisible characters in text a user typed. Unicode format characters (category Cf: bidi controls
 * such as U+202E, zero-width spaces and joiners, the soft hyphen, the byte-order mark, tag characters)
 * change how text is shown without being seen: "cohort U+202E fdp.exe" reads as "cohort exe.pdf", and a
 * zero-width space inside an e-mail address hides it from a pattern. Pure.
 */

const FORMAT = /\p{Cf}/gu;
const ZWJ = '\u200D';
/** A pictograph, optionally with its emoji presentation selector or a skin tone, right before a joiner. */
// eslint-disable-next-line no-misleading-character-class -- the selector and the skin tones stand alone here on purpose
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

/** Removes every format character, except a zero-width joiner inside an emoji sequence (👩‍💻). */
export function withoutFormatCharacters(text: string): string {
  const joinsEmoji = (offset: number, whole: string) =>
    PICTOGRAPH_BEFORE.test(whole.slice(Math.max(0, offset - 4), offset)) &&
    PICTOGRAPH_AFTER.test(whole.slice(offset + 1, offset + 3));
  return text.replace(FORMAT, (ch: string, offset: number, whole: string) =>
    ch === ZWJ && joinsEmoji(offset, whole) ? ch : '',
  );
}

/**
 * A user's own text as it is kept and shown (plan names, notes): composed (NFC, so "e" + combining
 * acute counts as one "é") and without format characters. Compatibility forms (fullwidth letters,
 * superscripts) stay as typed.
 */
export function cleanUserText(text: string): string {
  return withoutFormatCharacters(text.normalize('NFC'));
}

/**
 * Text about to be checked for personal data: compatibility forms folded (NFKC: fullwidth "＠" and
 * digits become "@" and 0-9, the ligature "ĳ" becomes "ij") and format characters removed, so that
 * what looks like an e-mail address or a number is one.
 */
export function foldForScrubbing(text: string): string {
  return withoutFormatCharacters(text.normalize('NFKC'));
}
