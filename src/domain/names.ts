import { isDutchWord } from '../common/dutchWords';
import { foldForScrubbing } from '../common/unicodeText';

/**
 * Removing a person's name (the coordinator's Teams display name) from a text they wrote, without
 * touching ordinary Dutch. Pure apart from the word list.
 *
 * A display name is read as given names, tussenvoegsels and surname ("Sanne van der Berg", also
 * "Berg, Sanne van der", "J.P. (Johan) Smit", "Anne-Marie Jansen-Pietersen"). Then, longest first:
 * 1. the whole name, and the first given name with the surname: in any case; when it has no
 *    tussenvoegsel and all its parts are Dutch words ("Wil Bakker": "hij wil bakker worden"), only with
 *    the surname written with a capital;
 * 2. initials with the surname ("J. de Vries", "J.P. Smit");
 * 3. the surname with its tussenvoegsels ("van der Berg", "Van der Berg", "de Groot");
 * 4. each given name and each part of the surname on its own. A part that is no Dutch word
 *    ("Sanne", "Jansen") goes in any case; a part that is also a word ("Bakker", "Roos", "Berg", "Wil")
 *    only where it is written with a capital and does not start a sentence ("Groet, Roos" goes,
 *    "een roos" and "Wil je ...?" stay).
 * In 1 to 3 a surname that is also a word must be written with a capital. A tussenvoegsel (van, de,
 * der, in 't, ...) is never removed on its own, and neither is an initial.
 */

const NAME_PLACEHOLDER = '[naam]';

const TUSSENVOEGSELS = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  "'t",
  'te',
  'ter',
  'ten',
  'in',
  'op',
  'aan',
  'bij',
  'uit',
  'onder',
  'over',
  'voor',
  'vd',
  'v.d.',
  'v/d',
  "'s",
  'la',
  'le',
  'les',
  'du',
  'des',
  'da',
  'di',
  'del',
  'della',
  'dos',
  'das',
  'el',
  'al',
  'von',
  'vom',
  'zu',
  'zum',
  'zur',
  'am',
  'auf',
  'y',
]);

const APOSTROPHES = /[’‘`´]/g;
/** "J." "J.P." "A.M." or a single capital: initials, never removed on their own. */
const INITIALS = /^(?:\p{Lu}\.)+\p{Lu}?$|^\p{Lu}$/u;
const NOT_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_AFTER = '(?![\\p{L}\\p{N}])';

interface NameShape {
  /** The display name itself, folded. */
  whole: string;
  given: string[];
  /** Tussenvoegsels and surname, as one phrase ("van der Berg", "Jansen-Pietersen"). */
  surname: string[];
}

function isTussenvoegsel(token: string): boolean {
  return TUSSENVOEGSELS.has(token.toLowerCase());
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Reads a display name into given names and surname; undefined when nothing name-like is left. */
function parseName(displayName: string): NameShape | undefined {
  const whole = foldForScrubbing(displayName).replace(APOSTROPHES, "'").replace(/\s+/g, ' ').trim();
  // "(Johan)" is a given name; "| ROC Midden" or " - team bpv" after the name is no part of it.
  const extraGiven: string[] = [];
  let rest = whole.replace(/\(([^)]*)\)/g, (_m, inner: string) => {
    extraGiven.push(...tokens(inner));
    return ' ';
  });
  rest = rest.split(/\s[|–—-]\s|\|/)[0]?.trim() ?? '';
  let given: string[];
  let surname: string[];
  const comma = rest.indexOf(',');
  if (comma > 0) {
    // "Berg, Sanne van der": surname first; tussenvoegsels trail the given names.
    const after = tokens(rest.slice(comma + 1));
    let cut = after.length;
    while (cut > 0 && isTussenvoegsel(after[cut - 1] ?? '')) cut--;
    given = after.slice(0, cut);
    surname = [...after.slice(cut), ...tokens(rest.slice(0, comma))];
  } else {
    const all = tokens(rest);
    const prefixAt = all.findIndex((t, i) => i > 0 && isTussenvoegsel(t));
    if (prefixAt > 0) {
      given = all.slice(0, prefixAt);
      surname = all.slice(prefixAt);
    } else {
      given = all.slice(0, -1);
      surname = all.slice(-1);
    }
  }
  given = [...given, ...extraGiven];
  if (given.length === 0 && surname.length === 0) return undefined;
  return { whole, given, surname };
}

/**
 * The parts of a name that may be removed on their own: given names and surname parts, no initials or tussenvoegsels.
 */
function ownParts(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (INITIALS.test(word) || isTussenvoegsel(word)) continue;
    const pieces = word.split('-').filter((p) => p && !isTussenvoegsel(p) && !INITIALS.test(p));
    if (pieces.length > 1 && /\p{L}{2}/u.test(word)) out.push(word);
    for (const piece of pieces) if (/\p{L}{2}/u.test(piece)) out.push(piece);
  }
  return [...new Set(out)];
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A pattern for `literal` in any case. */
function anyCase(literal: string): string {
  return [...literal]
    .map((ch) => {
      if (ch === "'") return "['’‘`´]";
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      return lower === upper || lower.length !== 1 || upper.length !== 1
        ? escape(ch)
        : `[${escape(lower)}${escape(upper)}]`;
    })
    .join('');
}

/** A pattern for `literal` with a capital first letter, the rest in any case. */
function capitalised(literal: string): string {
  const [first = '', ...rest] = [...literal];
  return escape(first.toUpperCase()) + anyCase(rest.join(''));
}

/** A pattern for one word of a phrase: a word that is also Dutch must carry its capital where `strict`. */
function wordPattern(word: string, strict: boolean): string {
  const parts = word.split('-');
  return parts
    .map((part) => (strict && !isTussenvoegsel(part) && isDutchWord(part) ? capitalised(part) : anyCase(part)))
    .join('\\s*-\\s*');
}

function phrasePattern(words: readonly string[], strict: boolean): string {
  return words.map((w) => wordPattern(w, strict)).join('\\s+');
}

/** True when the text at `offset` starts a sentence or a line (then a capital says nothing about a name). */
function startsSentence(text: string, offset: number): boolean {
  let i = offset - 1;
  let newline = false;
  while (i >= 0 && /\s/.test(text[i] ?? '')) {
    if (text[i] === '\n') newline = true;
    i--;
  }
  if (i < 0) return true;
  const before = text[i] ?? '';
  if ('.!?…'.includes(before)) return true;
  // A new line starts a sentence, except after "Groet," (a signature).
  return newline && before !== ',';
}

interface Rule {
  pattern: RegExp;
  /** Only where the match does not start a sentence. */
  midSentence: boolean;
}

/** A rule for a pattern that stands as whole words (no letter or digit right before or after it). */
function rule(pattern: string, midSentence = false): Rule {
  return { pattern: new RegExp(`${NOT_BEFORE}${pattern}${NOT_AFTER}`, 'gu'), midSentence };
}

function rulesFor(shape: NameShape): Rule[] {
  const rules: Rule[] = [];
  const phrase = (words: readonly string[], strict: boolean) => {
    if (words.length > 1) rules.push(rule(phrasePattern(words, strict)));
  };
  const surnameParts = ownParts(shape.surname);
  const givenParts = ownParts(shape.given);
  const hasTussenvoegsel = shape.surname.some(isTussenvoegsel);
  const onlyWords = [...givenParts, ...surnameParts].every((p) => isDutchWord(p));
  // 1. The whole name, and the first given name with the surname.
  const fullStrict = !hasTussenvoegsel && onlyWords;
  const full = (given: readonly string[], surname: readonly string[]) => {
    if (given.length + surname.length < 2) return;
    const words = [...given.map((w) => wordPattern(w, false)), ...surname.map((w) => wordPattern(w, fullStrict))];
    rules.push(rule(words.join('\\s+')));
  };
  const firstGiven = shape.given.find((g) => !INITIALS.test(g));
  phrase(tokens(shape.whole), fullStrict);
  full(shape.given, shape.surname);
  if (firstGiven) full([firstGiven], shape.surname);
  if (shape.surname.length > 0 && surnameParts.length > 0) {
    // 2. Initials with the surname: "J. de Vries", "J.P. Smit", "J Smit".
    rules.push(rule(`(?:(?:\\p{Lu}\\.\\s?){1,4}|\\p{Lu}\\s)\\s*${phrasePattern(shape.surname, true)}`));
    // 3. The surname with its tussenvoegsels.
    phrase(shape.surname, true);
  }
  // 4. Each part on its own, longest first (so that "Anne-Marie" goes before "Anne").
  for (const part of [...new Set([...givenParts, ...surnameParts])].sort((a, b) => b.length - a.length)) {
    const word = isDutchWord(part) || [...part].length < 3;
    rules.push(rule(word ? capitalised(part) : anyCase(part), word));
  }
  return rules;
}

/** Replaces the given names in `text` by "[naam]" (the text is expected to be folded with foldForScrubbing). */
export function redactNames(text: string, displayNames: readonly string[]): string {
  let out = text;
  for (const displayName of displayNames) {
    const shape = parseName(displayName);
    if (!shape) continue;
    for (const rule of rulesFor(shape)) {
      out = out.replace(rule.pattern, (match: string, offset: number, whole: string) =>
        rule.midSentence && startsSentence(whole, offset) ? match : NAME_PLACEHOLDER,
      );
    }
  }
  // "[naam] [naam]" or "[naam]-[naam]" left by parts of one name: one placeholder.
  return out.replace(/\[naam\](?:[\s-]*\[naam\])+/g, NAME_PLACEHOLDER);
}
