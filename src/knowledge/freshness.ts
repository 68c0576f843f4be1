import { KNOWLEDGE_FILES, type Knowledge } from './load';

/** A link in the knowledge that nobody is known to have opened for more than a year. */
interface StaleLink {
  /** The knowledge file and the entry in it: "documents.yaml", "servicedocument". */
  file: string;
  entry: string;
  url: string;
  checkedOn: string;
}

/** True when `checkedOn` (YYYY-MM-DD) lies more than a year before `today`. */
export function olderThanAYear(checkedOn: string, today: Date): boolean {
  const [year = 0, month = 1, day = 1] = checkedOn.split('-').map(Number);
  const aYearLater = Date.UTC(year + 1, month - 1, day);
  const startOfToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return aYearLater < startOfToday;
}

/** Every document and contact route whose link was last checked more than a year before `today`. */
export function staleLinks(knowledge: Knowledge, today: Date): StaleLink[] {
  const links = [
    ...[...knowledge.documents.values()].map((d) => ({
      file: KNOWLEDGE_FILES.documents,
      entry: d.id,
      url: d.url,
      checkedOn: d.checkedOn,
    })),
    ...[...knowledge.contactRoutes.values()].map((r) => ({
      file: KNOWLEDGE_FILES.contacts,
      entry: r.id,
      url: r.defaultUrl,
      checkedOn: r.checkedOn,
    })),
  ];
  return links.filter((link) => olderThanAYear(link.checkedOn, today));
}

/** The earliest of the dates (YYYY-MM-DD sorts as text), or undefined for none. */
export function earliest(dates: Iterable<string>): string | undefined {
  return [...dates].sort()[0];
}
