import { z } from 'zod';
import type { Knowledge } from '../knowledge/load';
import { fold } from '../common/text';
import { foldForScrubbing } from '../common/unicodeText';

/**
 * Feedback on cards ("nuttig / niet nuttig") and questions the answer engine was not sure about, as
 * counts for content owners. Nothing here carries a user id; reasons are fixed choices (no free text),
 * and question texts are normalised and scrubbed before they are counted.
 */

export const FEEDBACK_KINDS = ['advice', 'detail', 'answer'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_REASONS = ['past-niet', 'te-algemeen', 'klopt-niet', 'onduidelijk', 'anders'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

export const REASON_LABELS: Record<FeedbackReason, string> = {
  'past-niet': 'Past niet bij mijn situatie',
  'te-algemeen': 'Te algemeen',
  'klopt-niet': 'Klopt niet of is verouderd',
  onduidelijk: 'Onduidelijk',
  anders: 'Iets anders',
};

export const MAX_STORED_QUESTION = 200;

/**
 * Feedback keys are those of the loaded knowledge: an option ("2.1"), a document ("doc:faq") or a
 * contact route ("contact:sbb"). Anything else a (tampered) card sends is not counted.
 */
export function isKnownFeedbackKey(
  knowledge: Pick<Knowledge, 'optionsByKey' | 'documents' | 'contactRoutes'>,
  key: string,
): boolean {
  if (key.startsWith('doc:')) return [...knowledge.documents.keys()].some((id) => `doc:${id}` === key);
  if (key.startsWith('contact:')) return [...knowledge.contactRoutes.keys()].some((id) => `contact:${id}` === key);
  return knowledge.optionsByKey.has(key);
}

/** How long a user's rating of a card is remembered (in their own state) so that a repeat is not counted. */
export const RATED_DAYS = 30;
/** At most this many remembered ratings (3 kinds of card x 31 keys of the knowledge fit); the oldest go first. */
export const MAX_RATED = 100;

/**
 * What one user rated, in that user's own state (never in the insights store): "advice:2.1" with the
 * day (UTC), whether it was useful, and whether a reason was given. Counts stay anonymous; this only
 * keeps one person from counting twice.
 */
export const RatedSchema = z
  .array(
    z.object({
      key: z.string().max(60),
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      useful: z.boolean(),
      reason: z.boolean().default(false),
    }),
  )
  .max(MAX_RATED);
type Rated = z.infer<typeof RatedSchema>;

/** Today as YYYY-MM-DD (UTC), the only time a remembered rating carries. */
export function ratingDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function stillRemembered(rated: Rated, today: string): Rated {
  const cutoff = new Date(`${today}T00:00:00Z`);
  cutoff.setUTCDate(cutoff.getUTCDate() - RATED_DAYS);
  const from = ratingDay(cutoff);
  return rated.filter((entry) => entry.day > from);
}

/** A rating of a card about `keys`: the keys this user had not rated on this kind of card yet are counted. */
export function recordRating(
  rated: Rated,
  kind: FeedbackKind,
  keys: readonly string[],
  useful: boolean,
  today: string,
): { rated: Rated; counted: string[] } {
  const kept = stillRemembered(rated, today);
  const seen = new Set(kept.map((e) => e.key));
  const counted = [...new Set(keys)].filter((key) => !seen.has(`${kind}:${key}`));
  const added = counted.map((key) => ({ key: `${kind}:${key}`, day: today, useful, reason: false }));
  return { rated: [...kept, ...added].slice(-MAX_RATED), counted };
}

/** A reason after "niet nuttig": counted for the keys this user rated not useful and gave no reason for yet. */
export function recordReason(
  rated: Rated,
  kind: FeedbackKind,
  keys: readonly string[],
  today: string,
): { rated: Rated; counted: string[] } {
  const kept = stillRemembered(rated, today);
  const wanted = new Set(keys.map((key) => `${kind}:${key}`));
  const counted: string[] = [];
  const next = kept.map((entry) => {
    if (!wanted.has(entry.key) || entry.useful || entry.reason) return entry;
    counted.push(entry.key.slice(kind.length + 1));
    return { ...entry, reason: true };
  });
  return { rated: next, counted };
}

/** A letter or digit, and a run of up to 63 more with hyphens: one label of a domain name. */
const L = '[\\p{L}\\p{N}]';
const LABEL = String.raw`${L}[\p{L}\p{N}-]{0,62}`;
/** A dot, also written to dodge a filter: "[.]", "(.)", "{.}", "[dot]", "(dot)". */
const DOT = String.raw`(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))`;
const OBFUSCATED_DOT = String.raw`(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))`;
/**
 * Local part, "@" (or "(at)", "[at]", with a space around it), and a domain of at least two labels; bounded repeats.
 */
const AT = String.raw`\s?(?:@|\((?:at|@)\)|\[(?:at|@)\]|\{at\})\s?`;
const EMAIL = new RegExp(String.raw`[\p{L}\p{N}._%+-]{1,64}${AT}${LABEL}(?:${DOT}${LABEL}){1,8}`, 'giu');
const LINKS = [
  /\b[a-z][a-z0-9+.-]{0,15}:\/\/\S+/giu, // https://, hxxps://, ftp://
  new RegExp(String.raw`\bwww\d{0,3}${DOT}\S+`, 'giu'),
  new RegExp(String.raw`${LABEL}(?:${OBFUSCATED_DOT}${LABEL})+\S*`, 'giu'), // evil[.]example
  new RegExp(String.raw`(?<![\p{L}\p{N}.])${LABEL}(?:\.${LABEL}){0,8}\.[a-z]{2,24}\/\S*`, 'giu'), // evil.example/login
];
/** Punctuation right after a link belongs to the sentence: "zie [link]." */
const LINK_TAIL = /[.,;:!?)\]}'"»]+$/u;
/**
 * Country, check digits, then groups of letters and digits (with spaces or not); counted as an IBAN when
 * the account part has at least six digits (so "ab12 deze hele mooi" stays).
 */
const IBAN = /(?<![\p{L}\p{N}])[a-z]{2}\d{2}(?:[ -]?[a-z0-9]{4}){2,7}(?:[ -]?[a-z0-9]{1,3})?(?![\p{L}\p{N}])/giu;
/** Dutch and international phone numbers with spaces, hyphens, dots or brackets; not a date ("01-09-2021 40"). */
const PHONE = [
  /(?<![\p{L}\p{N}+])\+\d{1,3}(?:[\s().-]{0,2}\d){8,12}(?!\p{N})/gu,
  /(?<![\p{L}\p{N}])(?!0\d?[./-]\d{1,2}[./-]\d{2,4}(?!\d))\(?0(?:[\s().-]{0,2}\d){8,12}(?!\p{N})/gu,
];
/** Numbers written in groups with one separator ("123 456 789", "123.456.789"), nine digits or more; dates stay. */
const GROUPED_NUMBER = /(?<![\p{L}\p{N}])\d{2,4}([ .-])\d{2,4}(?:\1\d{2,4}){1,2}(?![\p{L}\p{N}])/gu;

function digits(text: string): number {
  return text.replace(/\D/g, '').length;
}

/**
 * Removes what could identify a person from a free text: e-mail addresses, links, IBANs, phone numbers
 * and long numbers. First the text is folded (NFKC, format characters removed): a fullwidth "＠", a
 * zero-width space or a bidi control cannot hide anything, and none of them is left in the result.
 */
export function scrubPersonalData(text: string): string {
  let out = foldForScrubbing(text).replace(EMAIL, '[e-mail]');
  for (const pattern of LINKS) {
    out = out.replace(pattern, (link: string) => {
      const tail = LINK_TAIL.exec(link)?.[0] ?? '';
      return `[link]${tail}`;
    });
  }
  out = out.replace(IBAN, (match: string) => (digits(match.slice(4)) >= 6 ? '[iban]' : match));
  // "(06-12345678)": a bracket that opens before the number stays when the number has no bracket of its own.
  const phone = (match: string) => (match.startsWith('(') && !match.includes(')') ? '([telefoon]' : '[telefoon]');
  for (const pattern of PHONE) out = out.replace(pattern, phone);
  out = out.replace(GROUPED_NUMBER, (match: string) => (digits(match) >= 9 ? '[nummer]' : match));
  return out.replace(/\b\d{6,}\b/g, '[nummer]');
}

/**
 * The form in which a not-sure question is counted: scrubbed, lower case without accents or
 * punctuation, single spaces, capped. Two coordinators asking the same thing count as one text.
 */
export function normaliseQuestion(text: string): string {
  return fold(scrubPersonalData(text)).slice(0, MAX_STORED_QUESTION).trim();
}
