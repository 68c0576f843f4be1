import { fold } from '../domain/text';

/** Words a Dutch question starts with ("Mag een bbl'er ...", "Hoe regel ik ..."). */
const QUESTION_START = new Set([
  'hoe', 'wat', 'wie', 'waar', 'wanneer', 'welke', 'welk', 'waarom', 'hoeveel', 'waarmee', 'waarvoor',
  'kan', 'kun', 'kunnen', 'kunt', 'mag', 'mogen', 'moet', 'moeten', 'is', 'zijn', 'heeft', 'hebben',
  'bestaat', 'bestaan', 'zou', 'zouden', 'klopt', 'geldt', 'gelden', 'werkt', 'wil', 'willen', 'weet',
]);

/**
 * True for text that asks something, as opposed to intake answers typed in one go ("horeca, geen
 * plekken"). A question goes to the answer engine even when it names a sector or situation.
 */
export function looksLikeQuestion(text: string): boolean {
  if (text.includes('?')) return true;
  const first = fold(text).split(' ')[0] ?? '';
  return QUESTION_START.has(first);
}
