import type { Knowledge } from '../knowledge/load';
import { type Analyzer, createAnalyzer } from './analyzer';
import { dictionaryForms } from './dutchForms';
import { type AnswerKind, SEARCH_FIELDS, type SearchEntry, searchEntries } from './entries';
import { plainQuestion } from './question';
import { type CuedKind, SearchIndex } from './searchIndex';
import type { Stem } from './stemmer';

/** One ranked entry. `score` is 0..1 (see `normalise`). */
export interface AnswerResult {
  key: string;
  kind: AnswerKind;
  title: string;
  score: number;
  /** How many of the question's search terms this entry matched. */
  matched: number;
  /** How many of those are specific (not found in most answers, as "stage" and "student" are). */
  specific: number;
}

interface SearchOptions {
  /** At most this many results (default 5). */
  limit?: number;
}

/** Ranked results and whether the best is shown as the answer (decided by the interpreter). */
export interface Answer {
  results: AnswerResult[];
  /** True exactly when the best result is shown as the answer. */
  confident: boolean;
}

/** Ranked results plus where the question's terms occur in the knowledge. */
interface SearchOutcome {
  results: AnswerResult[];
  /** The question's distinct search terms. */
  terms: string[];
  /** Words of the question (as their whole-word terms) that a handreiking answer holds. */
  answerTerms: string[];
  /** Words only topics the handreiking does not cover own, with those topics' keys. */
  topicOnly: ReadonlyMap<string, readonly string[]>;
  /** Of those, the words that hold a word of the handreiking as a compound part ("stagevergoeding"). */
  anchoredTopicTerms: ReadonlySet<string>;
  /** Words nothing in the knowledge holds. */
  unknownTerms: string[];
  /** Per result key, how many of the matched terms stand in its title or keywords (its own name). */
  named: ReadonlyMap<string, number>;
}

export interface AnswerEngine {
  /** Ranked results, best first (empty when the question has no searchable words). */
  search(text: string, options?: SearchOptions): AnswerResult[];
  /** `search` with where the question's terms occur (the interpreter decides with it). */
  query(text: string, options?: SearchOptions): SearchOutcome;
  /** The searchable entry for a key (title and texts), if any. */
  entry(key: string): SearchEntry | undefined;
  readonly size: number;
}

/** Raw BM25 per question term at which the squashed score is 0.5. */
const HALF_SCORE = 20;
const DEFAULT_LIMIT = 5;
const MAX_QUESTION = 1_000;
/** "1.3", "punt 2.4", "optie 3.1": a coordinator who names the bullet gets it first. */
const KEY_PATTERN = /(?:^|[^\d.])([123]\.(?:1[01]|[1-9]))(?![\d.]*\d)/;

/**
 * Maps a raw BM25 score to 0..1: the score per question term, squashed (a long question sums more
 * terms, so dividing by their number keeps long and short questions on one scale), times the square
 * root of the share of the question's terms the best answer matched (one strong word of five is no answer).
 */
function normalise(raw: number, termCount: number, coverage: number): number {
  const perTerm = raw / Math.max(1, termCount);
  return Math.round((perTerm / (perTerm + HALF_SCORE)) * Math.sqrt(coverage) * 1000) / 1000;
}

/** Builds the engine over the given entries. */
interface EngineOptions {
  /** Phrases that ask for a document or a person (vocabulary.yaml `kindCues`). */
  kindCues?: Readonly<Record<CuedKind, readonly string[]>>;
  /** Words of the domain no entry holds (the sectors' words): known, so no sign of an off-topic message. */
  domainWords?: readonly string[];
}

function createEngineOver(
  entries: readonly SearchEntry[],
  analyzer: Analyzer,
  options: EngineOptions = {},
): AnswerEngine {
  const index = new SearchIndex(entries, analyzer, options.kindCues, options.domainWords);

  const query = (input: string, options: SearchOptions = {}): SearchOutcome => {
    const limit = Math.max(1, options.limit ?? DEFAULT_LIMIT);
    // A question is a few lines at most; a pasted document is cut, so one message cannot stall the bot.
    const text = plainQuestion(input.slice(0, MAX_QUESTION));
    const { hits, terms } = index.search(text, limit);
    // Ranked by BM25; the best hit's coverage scales every score, so scores stay in rank order.
    const coverage = hits[0]?.coverage ?? 0;
    const results = hits.map((hit) => ({
      key: hit.entry.key,
      kind: hit.entry.kind,
      title: hit.entry.title,
      score: normalise(hit.raw, terms.length, coverage),
      matched: hit.matched,
      specific: hit.specific,
    }));
    const owners = index.termOwners(analyzer.wordTerms(text));
    const outcome = {
      terms,
      named: new Map(hits.map((hit) => [hit.entry.key, hit.named])),
      answerTerms: owners.answer,
      topicOnly: owners.topicOnly,
      anchoredTopicTerms: owners.anchored,
      unknownTerms: owners.unknown,
    };
    const named = KEY_PATTERN.exec(text)?.[1];
    const namedEntry = named ? index.entry(named) : undefined;
    if (namedEntry) {
      const rest = results.filter((r) => r.key !== namedEntry.key);
      return {
        ...outcome,
        results: [
          {
            key: namedEntry.key,
            kind: namedEntry.kind,
            title: namedEntry.title,
            score: 1,
            matched: terms.length,
            specific: 1,
          },
          ...rest,
        ].slice(0, limit),
      };
    }
    return { ...outcome, results: results.slice(0, limit) };
  };

  return {
    search: (text, options) => query(text, options).results,
    query,
    entry: (key) => index.entry(key),
    get size() {
      return index.size;
    },
  };
}

/** The engine over the knowledge: 23 options, 5 documents, 3 contact routes and the topics it does not cover. */
export function createAnswerEngine(knowledge: Knowledge, stem: Stem): AnswerEngine {
  const entries = searchEntries(knowledge);
  const forms = (word: string) => dictionaryForms(word);
  // Read the Dutch word list now (about 100 ms), not on the first message with an unknown word.
  forms('stage');
  const analyzer = createAnalyzer({
    vocabulary: knowledge.vocabulary,
    corpus: lexiconOf(entries),
    domain: intakeWordsOf(knowledge),
    stem,
    dictionaryForms: forms,
  });
  const domainWords = knowledge.sectors.flatMap((sector) => [sector.label, ...sector.synonyms]);
  return createEngineOver(entries, analyzer, { kindCues: knowledge.vocabulary.kindCues, domainWords });
}

/** Every text the index holds: its words are the lexicon for corrections and compounds. */
export function lexiconOf(entries: readonly SearchEntry[]): string[] {
  return entries.flatMap((e) => SEARCH_FIELDS.map((f) => e[f]));
}

/** The sector, situation and places words of the intake: known words too (for typo correction), though no answer. */
export function intakeWordsOf(knowledge: Knowledge): string[] {
  return [...knowledge.sectors, ...knowledge.situations, ...knowledge.places].flatMap((item) => [
    item.label,
    ...item.synonyms,
  ]);
}
