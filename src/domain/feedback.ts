import { fold } from './text';

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

/** Removes what could identify a person from a free text: e-mail addresses, phone numbers, long numbers, links. */
export function scrubPersonalData(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[e-mail]')
    .replace(/https?:\/\/\S+/gi, '[link]')
    .replace(/(\+31|0031|\b0)[\s-]?\d(?:[\s-]?\d){7,9}\b/g, '[telefoon]')
    .replace(/\b\d{6,}\b/g, '[nummer]');
}

/**
 * The form in which a not-sure question is counted: scrubbed, lower case without accents or
 * punctuation, single spaces, capped. Two coordinators asking the same thing count as one text.
 */
export function normaliseQuestion(text: string): string {
  return fold(scrubPersonalData(text)).slice(0, MAX_STORED_QUESTION).trim();
}
