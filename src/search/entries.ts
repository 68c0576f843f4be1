import type { Knowledge } from '../knowledge/load';

export type AnswerKind = 'option' | 'document' | 'contact';

/** One searchable answer. Keys are those of shared/eval: "1.3", "doc:faq", "contact:sbb". */
export interface SearchEntry {
  key: string;
  kind: AnswerKind;
  title: string;
  /** Words coordinators use for it (the knowledge's keywords), weighted like the title. */
  keywords: string;
  /** The handreiking's own words (an option's quote). */
  quote: string;
  /** One or two sentences: summary, purpose or topics. */
  summary: string;
  /** The longer text: explanation, description. */
  body: string;
  /** What to do: an option's actions. */
  actions: string;
}

export const SEARCH_FIELDS = ['title', 'keywords', 'quote', 'summary', 'body', 'actions'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export function documentKey(id: string): string {
  return `doc:${id}`;
}

export function contactKey(id: string): string {
  return `contact:${id}`;
}

/** All 23 options, 5 documents and 3 contact routes as search entries. */
export function knowledgeEntries(knowledge: Knowledge): SearchEntry[] {
  const options = knowledge.options.map(
    (o): SearchEntry => ({
      key: o.key,
      kind: 'option',
      title: o.title,
      keywords: o.keywords.join(' ; '),
      quote: o.quote,
      summary: o.summary,
      body: o.explanation,
      actions: o.actions.join(' ; '),
    }),
  );
  const documents = [...knowledge.documents.values()].map(
    (d): SearchEntry => ({
      key: documentKey(d.id),
      kind: 'document',
      title: d.title,
      keywords: d.keywords.join(' ; '),
      quote: '',
      summary: d.purpose,
      body: `${d.publisher}. ${d.versionNote ?? ''}`,
      actions: '',
    }),
  );
  const contacts = [...knowledge.contactRoutes.values()].map(
    (c): SearchEntry => ({
      key: contactKey(c.id),
      kind: 'contact',
      title: c.title,
      keywords: c.keywords.join(' ; '),
      quote: '',
      summary: c.topics.join(' ; '),
      body: `${c.organisation}. ${c.description}`,
      actions: '',
    }),
  );
  return [...options, ...documents, ...contacts];
}
