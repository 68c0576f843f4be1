import type { Knowledge } from '../knowledge/load';
import type { AnswerResult } from '../search/engine';
import type { Interpreter } from '../understanding/interpreter';
import { anchorFor } from './deepLink';

/**
 * The tab's search: one function from a typed question to ranked results, whether the bot is sure, and
 * a short note when the question is no handreiking question. It asks the same interpreter as the chat,
 * so a topic the handreiking does not cover gets no option presented as the answer. No user data goes in
 * or out: the question is not stored or logged.
 */
export interface TabAnswer {
  results: readonly AnswerResult[];
  /** True when the best result is good enough to present as the answer. */
  sure: boolean;
  /** Said above the results instead of them: out of scope, or how old the guidance is. */
  note?: string;
  /** The best answers are too close to choose: the page asks "Bedoel je ...?". */
  clarify?: boolean;
}

export type AnswerQuestion = (text: string) => TabAnswer;

/** Results the tab shows for one question. */
const TAB_RESULTS = 5;

export function answerWithInterpreter(interpreter: Interpreter, knowledge: Knowledge): AnswerQuestion {
  return (text) => {
    const verdict = interpreter.interpret(text, { where: 'search' });
    switch (verdict.kind) {
      case 'question':
        return { results: verdict.answer.results.slice(0, TAB_RESULTS), sure: verdict.answer.confident };
      case 'clarify':
        return { results: verdict.candidates, sure: false, clarify: true };
      case 'out-of-scope': {
        const reply = verdict.topic
          ? `Over ${verdict.topic.label} gaat de handreiking niet. ${verdict.topic.reply}`
          : `Daar gaat de handreiking niet over. ${knowledge.understanding.topics.general.reply}`;
        return { results: [], sure: false, note: reply };
      }
      case 'notice':
        return { results: [], sure: false, note: knowledge.notice.full };
      default:
        // Commands, small talk and advice requests are for the chat; the page searches as a search box does.
        return {
          results: interpreter.engine.search(text, { limit: TAB_RESULTS }).filter((r) => r.kind !== 'topic'),
          sure: false,
        };
    }
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
  note?: string;
  clarify?: boolean;
}

/** Describes results with the knowledge; a key the knowledge no longer has is left out. */
export function describeResults(knowledge: Knowledge, answer: TabAnswer): TabSearchResponse {
  const results: TabResult[] = [];
  for (const { key } of answer.results) {
    const anchor = anchorFor(key);
    const found = anchor ? describe(knowledge, key) : undefined;
    if (anchor && found) results.push({ key, anchor, ...found });
  }
  return {
    sure: answer.sure && results.length > 0,
    results,
    ...(answer.note ? { note: answer.note } : {}),
    ...(answer.clarify ? { clarify: true } : {}),
  };
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
  if (route)
    return { kind: 'contact', title: route.title, summary: route.description, where: 'Vragen stellen of sparren?' };
  return undefined;
}
