import type { Knowledge } from '../knowledge/load';
import type { AnswerEngine, AnswerResult } from '../search/engine';
import { anchorFor } from './deepLink';

/**
 * The tab's search: one function from a typed question to ranked results and whether the bot is sure.
 * Today it asks the answer engine; when the message interpreter lands, `answerWithEngine` is the one
 * place to swap. No user data goes in or out: the question is not stored or logged.
 */
export interface TabAnswer {
  results: readonly AnswerResult[];
  /** True when the best result is good enough to present as the answer. */
  sure: boolean;
}

export type AnswerQuestion = (text: string) => TabAnswer;

/** Results the tab shows for one question. */
const TAB_RESULTS = 5;

export function answerWithEngine(engine: AnswerEngine): AnswerQuestion {
  return (text) => {
    const { results, confident } = engine.answer(text, { limit: TAB_RESULTS });
    return { results, sure: confident };
  };
}

/** One result as the page shows it: where it sits on the page and a line to say what it is. */
interface TabResult {
  key: string;
  title: string;
  kind: 'option' | 'document' | 'contact';
  /** "Stap 1, paragraaf 1, punt 3", "Meer weten?", "Vragen stellen of sparren?". */
  where: string;
  summary: string;
  /** The page element's id, for the link. */
  anchor: string;
}

/** The JSON the search endpoint returns. */
interface TabSearchResponse {
  sure: boolean;
  results: TabResult[];
}

/** Describes results with the knowledge; a key the knowledge no longer has is left out. */
export function describeResults(knowledge: Knowledge, answer: TabAnswer): TabSearchResponse {
  const results: TabResult[] = [];
  for (const { key } of answer.results) {
    const anchor = anchorFor(key);
    const found = anchor ? describe(knowledge, key) : undefined;
    if (anchor && found) results.push({ key, anchor, ...found });
  }
  return { sure: answer.sure && results.length > 0, results };
}

function describe(knowledge: Knowledge, key: string): Omit<TabResult, 'key' | 'anchor'> | undefined {
  const option = knowledge.optionsByKey.get(key);
  if (option) {
    const [section, bullet] = option.key.split('.');
    return { kind: 'option', title: option.title, summary: option.summary, where: `Stap ${section}, punt ${bullet}` };
  }
  const doc = [...knowledge.documents.values()].find((d) => `doc:${d.id}` === key);
  if (doc) return { kind: 'document', title: doc.title, summary: doc.purpose, where: 'Meer weten?' };
  const route = [...knowledge.contactRoutes.values()].find((c) => `contact:${c.id}` === key);
  if (route) return { kind: 'contact', title: route.title, summary: route.description, where: 'Vragen stellen of sparren?' };
  return undefined;
}
