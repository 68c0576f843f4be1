import { deletions, editDistance, fold } from '../common/text';
import type { Vocabulary } from '../knowledge/schema';
import type { Stem } from './stemmer';

/**
 * Dutch text analysis for the answer engine. The same steps run on the knowledge (index side) and on
 * a question (query side), so both meet in the same terms:
 *
 * 1. fold case, accents and punctuation (`fold` from the domain, shared with the intake parser);
 * 2. multi-word synonyms and spelled-out abbreviations become one word ("op afstand" -> thuiswerken,
 *    "beroepsopleidende leerweg" -> bol);
 * 3. query side only: a word the knowledge does not know is split into known parts
 *    ("stagebedrijf" -> stage + bedrijf) or, failing that and when it is no Dutch word, corrected to
 *    the nearest known word ("stagplek" -> stageplek; "maart" stays maart);
 * 4. stop words are dropped;
 * 5. a word listed in a synonym group becomes the group's term; any other word is stemmed (Snowball's
 *    current Dutch stemmer, see stemmer.ts) and, when its stem is that of a group member, mapped to the
 *    group, so "stageplaatsen" and "stageadres" both become the group term for stage;
 * 6. compounds also yield their known parts (stageplek -> stage + plek) on both sides.
 */
export interface Analyzer {
  /** Terms of a knowledge text (no typo correction). */
  indexTerms(text: string): string[];
  /** Terms of a question: unknown words are split or corrected first. */
  queryTerms(text: string): string[];
  /** One term per word, stop words kept, no compound parts: for matching whole phrases in order. */
  phraseTerms(text: string, query: boolean): string[];
  /** Words of the question after folding and correction, before stemming (for tests and the CLI). */
  normalise(text: string): string[];
  /** Per word of a question (no stop words), its terms: the whole word first, then its compound parts. */
  wordTerms(text: string): string[][];
}

/** Compound parts are real words of four letters or more (so no "ver" + "delen"). */
const MIN_PART = 4;
/** Caches stop growing here, so odd input cannot fill memory. */
const CACHE_LIMIT = 50_000;

export interface AnalyzerOptions {
  vocabulary: Vocabulary;
  /** Every text the index will hold: its words are the lexicon for corrections and compounds. */
  corpus: Iterable<string>;
  /**
   * Words of the domain the index does not hold (the intake's sector, situation and places words): known for typo
   * correction ("horca"), but such a compound still means its last part, as an unknown one does ("reisbranche").
   */
  domain?: Iterable<string>;
  /** The Dutch stemmer (loaded once at start: `loadDutchStemmer`). */
  stem: Stem;
  /**
   * The dictionary words a word is, or is a regular form of (see dutchForms.ts): a real word is never
   * "corrected" to another word of the knowledge ("maart" is no typo of "kaart"), but read as the form
   * the knowledge has ("verandert" as veranderen). Without it, every unknown word of five letters or
   * more may be corrected.
   */
  dictionaryForms?: (word: string) => readonly string[];
}

/**
 * A stem that cuts more letters than this off a synonym-group member is not used to map other words
 * to the group: "weekend" stems to "week", and "week" is no weekend.
 */
const MAX_GROUP_STEM_CUT = 2;
/** Group terms cannot collide with a stem: a stem has no "=". */
const groupTerm = (head: string) => `=${head}`;

export function createAnalyzer({
  vocabulary,
  corpus,
  domain = [],
  stem: stemWord,
  dictionaryForms,
}: AnalyzerOptions): Analyzer {
  const stopwords = new Set(vocabulary.stopwords.map(fold).filter(Boolean));

  // Phrases (several words) that stand for one word: synonyms and abbreviations.
  const phrases = new Map<string, string>();
  const addPhrase = (phrase: string, word: string) => {
    if (phrase.includes(' ') && phrase !== word && !phrases.has(phrase)) phrases.set(phrase, word);
  };
  for (const group of vocabulary.synonyms) {
    const members = group.map(fold).filter(Boolean);
    const head = members.find((m) => !m.includes(' ')) ?? (members[0] ?? '').replace(/ /g, '');
    for (const member of members) addPhrase(member, head);
  }
  for (const [short, full] of Object.entries(vocabulary.abbreviations)) {
    const key = fold(short).replace(/ /g, '');
    if (key) addPhrase(fold(full), key);
  }
  // By first word, longest first, so a text is scanned once.
  const phrasesByFirst = new Map<string, Array<{ words: string[]; word: string }>>();
  for (const [phrase, word] of [...phrases.entries()].sort((a, b) => b[0].length - a[0].length)) {
    const words = phrase.split(' ');
    const list = phrasesByFirst.get(words[0] ?? '') ?? [];
    list.push({ words, word });
    phrasesByFirst.set(words[0] ?? '', list);
  }

  /** Folded words with every multi-word synonym or spelled-out abbreviation replaced by its one word. */
  const wordsWithPhrases = (folded: string): string[] => {
    const tokens = folded ? folded.split(' ') : [];
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const match = phrasesByFirst.get(token)?.find((p) => p.words.every((w, j) => tokens[i + j] === w));
      if (match) {
        out.push(match.word);
        i += match.words.length - 1;
      } else out.push(token);
    }
    return out;
  };
  const replacePhrases = (folded: string): string => wordsWithPhrases(folded).join(' ');

  // The lexicon: every word of the knowledge and the vocabulary, with how often it occurs.
  const frequency = new Map<string, number>();
  const learn = (text: string) => {
    for (const word of replacePhrases(fold(text)).split(' ')) {
      if (word) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  };
  for (const text of corpus) learn(text);
  for (const group of vocabulary.synonyms) group.forEach(learn);
  for (const [short, full] of Object.entries(vocabulary.abbreviations)) {
    learn(short);
    learn(full);
  }
  const domainOnly = new Set<string>();
  for (const text of domain) {
    for (const word of replacePhrases(fold(text)).split(' ')) {
      if (!word || frequency.has(word)) continue;
      domainOnly.add(word);
    }
  }
  for (const word of domainOnly) frequency.set(word, 1);
  const byLength = new Map<number, string[]>();
  for (const word of frequency.keys()) {
    if (word.length < 3 || stopwords.has(word)) continue;
    const list = byLength.get(word.length) ?? [];
    list.push(word);
    byLength.set(word.length, list);
  }
  const isPart = (word: string) => word.length >= MIN_PART && !stopwords.has(word) && frequency.has(word);

  // Deletion index for typo correction (the SymSpell idea): two words within a small edit distance
  // share a form with one or two letters deleted, so candidates are found by lookup, not by scanning.
  const deletionIndex = new Map<string, string[]>();
  for (const words of byLength.values()) {
    for (const word of words) {
      for (const form of deletions(word, word.length >= 8 ? 2 : 1)) {
        const list = deletionIndex.get(form);
        if (list) list.push(word);
        else deletionIndex.set(form, [word]);
      }
    }
  }

  const stemCache = new Map<string, string>();
  const stem = (word: string): string => {
    const cached = stemCache.get(word);
    if (cached !== undefined) return cached;
    const result = stemUncached(word);
    if (stemCache.size < CACHE_LIMIT) stemCache.set(word, result);
    return result;
  };
  const stemUncached = (word: string): string => (/^\d+$/.test(word) ? word : stemWord(word));

  // Synonym groups: a member itself, and any word with the stem of a member, maps to the group's term.
  const groupOfWord = new Map<string, string>();
  const groupOfStem = new Map<string, string>();
  for (const group of vocabulary.synonyms) {
    const members = group.map((m) => replacePhrases(fold(m))).filter((m) => m && !m.includes(' '));
    const head = members[0];
    if (!head) continue;
    for (const member of members) {
      if (!groupOfWord.has(member)) groupOfWord.set(member, groupTerm(head));
      const s = stem(member);
      if (member.length - s.length <= MAX_GROUP_STEM_CUT && !groupOfStem.has(s)) groupOfStem.set(s, groupTerm(head));
    }
  }
  const term = (word: string) => {
    const group = groupOfWord.get(word);
    if (group) return group;
    const s = stem(word);
    return groupOfStem.get(s) ?? s;
  };

  const splitCache = new Map<string, [string, string] | undefined>();
  const splitCompound = (word: string): [string, string] | undefined => {
    if (splitCache.has(word)) return splitCache.get(word);
    const result = splitUncached(word);
    if (splitCache.size < CACHE_LIMIT) splitCache.set(word, result);
    return result;
  };
  /** Two known parts, optionally with a linking s or e ("bedrijfsleven", "stagebedrijf"). */
  const splitUncached = (word: string): [string, string] | undefined => {
    if (word.length < MIN_PART * 2 + 1) return undefined;
    let best: [string, string] | undefined;
    let bestScore = 0;
    for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
      const tail = word.slice(i);
      if (!isPart(tail)) continue;
      const rawHead = word.slice(0, i);
      const heads = [rawHead];
      if (rawHead.endsWith('s') || rawHead.endsWith('e')) heads.push(rawHead.slice(0, -1));
      if (rawHead.endsWith('en')) heads.push(rawHead.slice(0, -2));
      const head = heads.find(isPart);
      if (!head) continue;
      const score = Math.min(head.length, tail.length);
      if (score > bestScore) {
        best = [head, tail];
        bestScore = score;
      }
    }
    return best;
  };

  /** The longest known word (five letters or more) that ends `word` after at least three other letters. */
  const knownTail = (word: string): string | undefined => {
    for (let i = 3; i <= word.length - 5; i++) {
      const tail = word.slice(i);
      if (isPart(tail)) return tail;
    }
    return undefined;
  };

  const correct = (word: string): string | undefined => {
    // Short words are too often real words we do not know ("weer", "wint"); leave them alone.
    if (word.length < 5 || /\d/.test(word)) return undefined;
    // A real word is read as the form the knowledge has, or left as it is.
    const forms = dictionaryForms?.(word);
    if (forms && forms.length > 0) return forms.find((form) => frequency.has(form));
    const max = word.length >= 10 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    let bestFrequency = 0;
    const seen = new Set<string>();
    for (const form of deletions(word, max)) {
      for (const candidate of deletionIndex.get(form) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        // A typo of two letters must at least start right ("bestellen" is no "meetellen").
        const limit = candidate[0] === word[0] ? max : 1;
        const d = editDistance(word, candidate, limit, true);
        if (d > limit) continue;
        const f = frequency.get(candidate) ?? 0;
        if (d < bestDistance || (d === bestDistance && f > bestFrequency)) {
          best = candidate;
          bestDistance = d;
          bestFrequency = f;
        }
      }
    }
    return bestDistance <= max ? best : undefined;
  };

  const wordsOf = (text: string, query: boolean, keepStopwords = false): string[][] => {
    const out: string[][] = [];
    for (const word of wordsWithPhrases(fold(text))) {
      if (!word) continue;
      if (stopwords.has(word)) {
        if (keepStopwords) out.push([word]);
        continue;
      }
      if (word.length < 2 && !/\d/.test(word)) continue;
      const parts = splitCompound(word);
      if (!query || (frequency.has(word) && !domainOnly.has(word)) || parts) {
        out.push(parts ? [word, ...parts] : [word]);
        continue;
      }
      if (domainOnly.has(word)) {
        const tail = knownTail(word);
        out.push(tail ? [word, tail] : [word]);
        continue;
      }
      const fixed = correct(word);
      if (fixed && stopwords.has(fixed)) continue;
      if (fixed) {
        const fixedParts = splitCompound(fixed);
        out.push(fixedParts ? [fixed, ...fixedParts] : [fixed]);
        continue;
      }
      // An unknown compound still means its last part: "kerstvakantie" is a vakantie.
      const tail = knownTail(word);
      out.push(tail ? [word, tail] : [word]);
    }
    return out;
  };

  const termsOf = (text: string, query: boolean): string[] => {
    const terms: string[] = [];
    for (const group of wordsOf(text, query)) {
      for (const word of group) terms.push(term(word));
    }
    return terms;
  };

  return {
    indexTerms: (text) => termsOf(text, false),
    queryTerms: (text) => termsOf(text, true),
    phraseTerms: (text, query) => wordsOf(text, query, true).map((group) => term(group[0] ?? '')),
    normalise: (text) => wordsOf(text, true).map((group) => group[0] ?? ''),
    wordTerms: (text) => wordsOf(text, true).map((group) => group.map(term)),
  };
}
