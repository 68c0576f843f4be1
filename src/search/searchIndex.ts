import MiniSearch from 'minisearch';
import { phrasesPattern } from '../common/phrasePattern';
import { fold } from '../common/text';
import type { Analyzer } from './analyzer';
import { type AnswerKind, SEARCH_FIELDS, type SearchEntry, type SearchField } from './entries';

/** How much a match in each field counts (BM25 per field, summed). */
const FIELD_BOOST: Record<SearchField, number> = {
  title: 3,
  keywords: 3,
  examples: 3,
  quote: 2,
  summary: 1.5,
  body: 1,
  actions: 0.6,
};

/** Kinds of answer a question can ask for by its words (knowledge/vocabulary.yaml `kindCues`). */
export type CuedKind = Exclude<AnswerKind, 'option' | 'topic'>;
/**
 * How much more an entry of the kind asked for weighs. A person is asked for in a story's last words ("... Bij wie kan
 * ik terecht?") while the story's words point to options: contact routes weigh more (tried 1.5, 2, 2.5 on the sets).
 */
const KIND_BOOST: Record<CuedKind, number> = { document: 1.5, contact: 2 };
/**
 * A cue among the first two words of the last sentence ("Bij wie kan ik terecht?", "Wie kan ik daarvoor inschakelen?",
 * "Waar vind ik ...?"): the question asks for that kind, whatever the story before it tells, and it weighs more still
 * (tried 3 and 4, over the first two, three and four words).
 */
const OPENING_WORDS = 2;
const ASKED_BOOST = 4;
/**
 * How much an entry's best single example question adds to its score (BM25 over the examples one by
 * one, as question-answering products match a question against alternate questions). Tried 0, 0.5,
 * 1, 2 and 4 on the project's set: 1 to 2 ranked best.
 */
const EXAMPLE_WEIGHT = 2;

interface ExampleDoc {
  id: number;
  key: string;
  text: string;
}
/** Extra weight per word when a keyword phrase or the title of an entry stands whole in the question. */
const PHRASE_BONUS = 0.2;

interface Phrase {
  key: string;
  terms: string[];
}

export interface RawHit {
  entry: SearchEntry;
  /** BM25 score with field and kind boosts. */
  raw: number;
  /** Share of the question's terms this entry matched (0..1). */
  coverage: number;
  /** How many of the question's terms it matched. */
  matched: number;
  /**
   * How many of those are specific: found in fewer than GENERIC_SHARE of the answers ("stage" and "student" are not).
   */
  specific: number;
  /** How many of those stand in its title or keywords (its own name, not only an example question or its text). */
  named: number;
}

/** The fields in which an answer owns its words: its name, keywords, example questions, quote and summary. */
const OWNING_FIELDS: readonly SearchField[] = ['title', 'keywords', 'examples', 'quote', 'summary'];

/** Where the words of a question occur (see `termOwners`). */
interface TermOwners {
  answer: string[];
  topicOnly: Map<string, string[]>;
  /** Topic words that hold a word of the handreiking as a compound part ("stagevergoeding"). */
  anchored: Set<string>;
  unknown: string[];
}

/** A term in this share of the handreiking's answers or more says little about which one is meant. */
const GENERIC_SHARE = 0.4;

/** A MiniSearch index over search entries, analysed by the Dutch analyzer. */
export class SearchIndex {
  private readonly mini: MiniSearch<SearchEntry>;
  private readonly byKey = new Map<string, SearchEntry>();
  /** For every indexed term, the topic entries that hold it, or "answer" when a handreiking answer holds it. */
  private readonly owners = new Map<string, 'answer' | string[]>();
  /** Every term an entry holds, in any field (a word no entry holds is unknown). */
  private readonly known = new Set<string>();
  /** In how many handreiking answers each term occurs. */
  private readonly answerFrequency = new Map<string, number>();
  private answers = 0;
  /** Each example question (and each title) on its own, so the words of one example that match together count. */
  private readonly exampleIndex: MiniSearch<ExampleDoc>;
  /** Keyword phrases of two or more words, by their first term. */
  private readonly phrases = new Map<string, Phrase[]>();

  /**
   * Phrases that ask for a document or a person, read from the folded question before analysis (they are mostly stop
   * words).
   */
  private readonly cues: ReadonlyArray<{ kind: CuedKind; pattern: RegExp }>;

  constructor(
    entries: readonly SearchEntry[],
    private readonly analyzer: Analyzer,
    kindCues: Readonly<Record<CuedKind, readonly string[]>> = { document: [], contact: [] },
    /**
     * Words of the domain that no entry holds but that are no sign of an off-topic message (sector words: "camping",
     * "kapsalon").
     */
    domainWords: readonly string[] = [],
  ) {
    for (const word of domainWords) for (const term of analyzer.indexTerms(word)) this.known.add(term);
    this.cues = (Object.entries(kindCues) as Array<[CuedKind, string[]]>).map(([kind, phrases]) => ({
      kind,
      pattern: phrasesPattern(phrases),
    }));
    this.mini = new MiniSearch<SearchEntry>({
      idField: 'key',
      fields: [...SEARCH_FIELDS],
      storeFields: [],
      tokenize: (text) => analyzer.indexTerms(text),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (text) => analyzer.queryTerms(text),
        processTerm: (term) => term,
        boost: FIELD_BOOST,
        combineWith: 'OR',
        // Typos and compounds are handled by the analyzer, not by MiniSearch's own fuzzy or prefix search.
        prefix: false,
        fuzzy: false,
        // A milder length penalty: the keywords field is long, and one rare keyword in it should count.
        bm25: { k: 1.2, b: 0.5, d: 0.5 },
      },
    });
    this.exampleIndex = new MiniSearch<ExampleDoc>({
      idField: 'id',
      fields: ['text'],
      storeFields: ['key'],
      tokenize: (text) => analyzer.indexTerms(text),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (text) => analyzer.queryTerms(text),
        processTerm: (term) => term,
        combineWith: 'OR',
        prefix: false,
        fuzzy: false,
      },
    });
    let exampleId = 0;
    for (const entry of entries) {
      for (const text of [entry.title, ...entry.examples.split(' ; ')].filter(Boolean)) {
        this.exampleIndex.add({ id: exampleId++, key: entry.key, text });
      }
    }
    for (const entry of entries) {
      this.mini.add(entry);
      this.byKey.set(entry.key, entry);
      if (entry.kind !== 'topic') {
        this.answers++;
        for (const term of new Set(SEARCH_FIELDS.flatMap((f) => analyzer.indexTerms(entry[f])))) {
          this.answerFrequency.set(term, (this.answerFrequency.get(term) ?? 0) + 1);
          this.known.add(term);
        }
      }
      // Who owns a word: an answer that names it in its own fields (not in the longer explanation or the
      // actions, and not as a part of a compound: "ziekenhuis" owns no "ziek"), or else the topics that
      // list it as a one-word example. A topic's label and longer examples say too much to own their words
      // ("bindend advies" owns no "advies", "studentenreisproduct kwijt" no "kwijt").
      const owned =
        entry.kind === 'topic'
          ? entry.keywords.split(' ; ').filter((k) => fold(k).split(' ').length === 1)
          : OWNING_FIELDS.map((f) => entry[f]);
      for (const term of new Set(owned.flatMap((t) => analyzer.phraseTerms(t, false)))) {
        this.known.add(term);
        const owner = this.owners.get(term);
        if (entry.kind !== 'topic') this.owners.set(term, 'answer');
        else if (owner === undefined) this.owners.set(term, [entry.key]);
        else if (owner !== 'answer') owner.push(entry.key);
      }
      for (const text of [entry.title, ...entry.keywords.split(' ; ')]) {
        const terms = analyzer.phraseTerms(text, false);
        const first = terms[0];
        if (!first || terms.length < 2) continue;
        const list = this.phrases.get(first) ?? [];
        if (!list.some((p) => p.key === entry.key && p.terms.join(' ') === terms.join(' ')))
          list.push({ key: entry.key, terms });
        this.phrases.set(first, list);
      }
    }
  }

  /** Per entry, the longest keyword phrase found whole in the question (in words). */
  private phraseMatches(question: string): Map<string, number> {
    const words = this.analyzer.phraseTerms(question, true);
    const found = new Map<string, number>();
    words.forEach((word, start) => {
      for (const phrase of this.phrases.get(word) ?? []) {
        if (phrase.terms.every((t, i) => words[start + i] === t)) {
          found.set(phrase.key, Math.max(found.get(phrase.key) ?? 0, phrase.terms.length));
        }
      }
    });
    return found;
  }

  get size(): number {
    return this.byKey.size;
  }

  entry(key: string): SearchEntry | undefined {
    return this.byKey.get(key);
  }

  /**
   * Where the question's words occur: in a handreiking answer, only in topics it does not cover (with
   * those topics' keys: a topic's word that an answer only mentions in passing is the topic's), or
   * nowhere in the knowledge. Each word is given as its terms, the whole word first and then its
   * compound parts: a whole word a topic owns is that topic's ("ziekmelding"), a word whose whole or
   * part an answer owns is the answer's ("ziekenhuis", "kerstvakantie").
   */
  termOwners(words: ReadonlyArray<readonly string[]>): TermOwners {
    const answer: string[] = [];
    const topicOnly = new Map<string, string[]>();
    const anchored = new Set<string>();
    const unknown: string[] = [];
    const seen = new Set<string>();
    for (const terms of words) {
      const whole = terms[0];
      if (whole === undefined || seen.has(whole)) continue;
      seen.add(whole);
      const wholeOwner = this.owners.get(whole);
      const topicsOf = (term: string) => {
        const owner = this.owners.get(term);
        return owner && owner !== 'answer' ? owner : undefined;
      };
      if (wholeOwner === 'answer' || (wholeOwner === undefined && terms.some((t) => this.owners.get(t) === 'answer')))
        answer.push(whole);
      else if (wholeOwner) {
        topicOnly.set(whole, wholeOwner);
        // "stagevergoeding": a topic's word that holds a word of the handreiking is about the stage, not about
        // anything.
        if (terms.slice(1).some((t) => this.owners.get(t) === 'answer')) anchored.add(whole);
      } else {
        const part = terms.map(topicsOf).find((owner) => owner !== undefined);
        if (part) topicOnly.set(whole, part);
        else if (terms.some((t) => this.known.has(t))) answer.push(whole);
        else unknown.push(whole);
      }
    }
    return { answer, topicOnly, anchored, unknown };
  }

  /** The best `limit` matching entries with their raw score and coverage, best first. */
  search(question: string, limit: number): { hits: RawHit[]; terms: string[] } {
    const terms = [...new Set(this.analyzer.queryTerms(question))];
    if (terms.length === 0) return { hits: [], terms };
    const folded = fold(question);
    const wanted = this.cues.filter((cue) => cue.pattern.test(folded)).map((cue) => cue.kind);
    // The question itself asks for it: its last sentence opens with the cue ("... Bij wie kan ik terecht?").
    const last =
      question
        .split(/(?<=[.!?])\s+/)
        .filter((t) => fold(t))
        .at(-1) ?? '';
    const opening = fold(last).split(' ').slice(0, OPENING_WORDS).join(' ');
    const asked = this.cues.filter((cue) => cue.pattern.test(opening)).map((cue) => cue.kind);
    const results = this.mini.search(question, { tokenize: () => terms });
    const phrases = this.phraseMatches(question);
    // Per entry, its best single example question: several words of one example outweigh the same words spread over
    // many.
    const bestExample = new Map<string, number>();
    for (const r of this.exampleIndex.search(question, { tokenize: () => terms })) {
      const key = String(r.key);
      bestExample.set(key, Math.max(bestExample.get(key) ?? 0, r.score));
    }
    const scored: Array<{ entry: SearchEntry; raw: number; queryTerms: string[]; match: Record<string, string[]> }> =
      [];
    for (const result of results) {
      const entry = this.byKey.get(String(result.id));
      if (!entry) continue;
      const kind = entry.kind === 'document' || entry.kind === 'contact' ? entry.kind : undefined;
      const kindBoost =
        kind && asked.includes(kind) ? ASKED_BOOST : kind && wanted.includes(kind) ? KIND_BOOST[kind] : 1;
      const phraseBoost = 1 + (phrases.get(entry.key) ?? 0) * PHRASE_BONUS;
      const raw = (result.score + EXAMPLE_WEIGHT * (bestExample.get(entry.key) ?? 0)) * phraseBoost * kindBoost;
      scored.push({ entry, raw, queryTerms: result.queryTerms, match: result.match });
    }
    scored.sort((a, b) => b.raw - a.raw);
    const hits = scored.slice(0, limit).map(({ entry, raw, queryTerms, match }): RawHit => {
      const matched = new Set(queryTerms.filter((t) => terms.includes(t)));
      const specific = [...matched].filter(
        (t) => (this.answerFrequency.get(t) ?? 0) < GENERIC_SHARE * this.answers,
      ).length;
      const named = [...matched].filter((t) =>
        (match[t] ?? []).some((field) => field === 'title' || field === 'keywords'),
      ).length;
      return { entry, raw, coverage: matched.size / terms.length, matched: matched.size, specific, named };
    });
    return { hits, terms };
  }
}
