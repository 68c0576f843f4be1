/**
 * A phrase from knowledge/ as a pattern over folded text (`fold` in text.ts: lower case, no accents or
 * apostrophes). Its words stand in order as whole words, with anything that is no letter or digit
 * between them, or nothing ("niveau 2" matches "niveau-2" and "niveau2"). Two signs:
 * - a word ending in `*` also matches longer words that start with it ("bbl*": bbler, bblstudent);
 * - the word `...` stands for at most four other words ("waar ... vinden": "waar kan ik dat vinden").
 * So content owners write plain phrases in YAML, never regular expressions.
 */
const LETTER = '[\\p{L}\\p{N}]';
const OTHER = '[^\\p{L}\\p{N}]';
const GAP = `(?:${OTHER}+${LETTER}+){0,4}`;

function wordPattern(word: string): string {
  if (word === '...') return GAP;
  const star = word.endsWith('*');
  const bare = word.replace(/\*$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return star ? `${bare}${LETTER}*` : bare;
}

/** The words of a phrase as they stand in folded text ("bpv-plek" is two words). */
function phraseWords(phrase: string): string[] {
  return phrase
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .split(/\s+/)
    .flatMap((word) => (word === '...' ? [word] : word.split(/[^\p{L}\p{N}*]+/u)))
    .filter(Boolean);
}

/** One pattern for any of the phrases (empty phrases are skipped; no phrases never match); `global` for replacing. */
export function phrasesPattern(phrases: readonly string[], global = false): RegExp {
  const alternatives = phrases
    .map(phraseWords)
    .filter((words) => words.length > 0)
    .map((words) => words.map(wordPattern).join(`${OTHER}*`));
  const flags = global ? 'gu' : 'u';
  if (alternatives.length === 0) return new RegExp('(?!)', flags);
  return new RegExp(`(?<!${LETTER})(?:${alternatives.join('|')})(?!${LETTER})`, flags);
}
