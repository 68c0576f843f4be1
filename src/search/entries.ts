import type { Knowledge } from '../knowledge/load';

export type AnswerKind = 'option' | 'document' | 'contact' | 'topic';

/**
 * One searchable entry. Keys are those of shared/eval ("1.3", "doc:faq", "contact:sbb"), plus
 * "topic:<id>" for a topic the handreiking does not cover (knowledge/topics.yaml): those compete with
 * the answers, so a question about them is recognised as such instead of getting the nearest option.
 */
export interface SearchEntry {
  key: string;
  kind: AnswerKind;
  title: string;
  /** Words coordinators use for it (the knowledge's keywords), weighted like the title. */
  keywords: string;
  /** Example questions in coordinators' words (knowledge/questions.yaml; a topic's examples). */
  examples: string;
  /** The handreiking's own words (an option's quote). */
  quote: string;
  /** One or two sentences: summary, purpose or topics. */
  summary: string;
  /** The longer text: explanation, description. */
  body: string;
  /** What to do: an option's actions. */
  actions: string;
}

export const SEARCH_FIELDS = ['title', 'keywords', 'examples', 'quote', 'summary', 'body', 'actions'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

function documentKey(id: string): string {
  return `doc:${id}`;
}

function contactKey(id: string): string {
  return `contact:${id}`;
}

function topicKey(id: string): string {
  return `topic:${id}`;
}

/** Every searchable entry: the handreiking's answers and the topics it does not cover. */
export function searchEntries(knowledge: Knowledge): SearchEntry[] {
  return [...knowledgeEntries(knowledge), ...topicEntries(knowledge)];
}

/** A topic example of this many words or fewer is one of the topic's own words. */
const SHORT_EXAMPLE = 3;

/** The topics of knowledge/topics.yaml, found by their label and examples only. */
function topicEntries(knowledge: Knowledge): SearchEntry[] {
  return knowledge.understanding.topics.topics.map((t) => ({
    key: topicKey(t.id),
    kind: 'topic',
    title: t.label,
    // Words and short phrases are the topic's own words; longer examples are questions about it.
    keywords: t.examples.filter((e) => e.split(/\s+/).length <= SHORT_EXAMPLE).join(' ; '),
    examples: t.examples.filter((e) => e.split(/\s+/).length > SHORT_EXAMPLE).join(' ; '),
    quote: '',
    summary: '',
    body: '',
    actions: '',
  }));
}

/** All 23 options, 5 documents and 3 contact routes as search entries. */
export function knowledgeEntries(knowledge: Knowledge): SearchEntry[] {
  const examples = (key: string) => (knowledge.understanding.questions.get(key) ?? []).join(' ; ');
  const options = knowledge.options.map((o): SearchEntry => ({
    key: o.key,
    kind: 'option',
    title: o.title,
    keywords: o.keywords.join(' ; '),
    examples: examples(o.key),
    quote: o.quote,
    summary: o.summary,
    body: o.explanation,
    actions: o.actions.join(' ; '),
  }));
  const documents = [...knowledge.documents.values()].map((d): SearchEntry => ({
    key: documentKey(d.id),
    kind: 'document',
    title: d.title,
    keywords: d.keywords.join(' ; '),
    examples: examples(documentKey(d.id)),
    quote: '',
    summary: d.purpose,
    body: `${d.publisher}. ${d.versionNote ?? ''}`,
    actions: '',
  }));
  const contacts = [...knowledge.contactRoutes.values()].map((c): SearchEntry => ({
    key: contactKey(c.id),
    kind: 'contact',
    title: c.title,
    keywords: c.keywords.join(' ; '),
    examples: examples(contactKey(c.id)),
    quote: '',
    summary: c.topics.join(' ; '),
    body: `${c.organisation}. ${c.description}`,
    actions: '',
  }));
  return [...options, ...documents, ...contacts];
}
