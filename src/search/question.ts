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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The words of a question without markup: Teams may send HTML (`<p>`, `<b>`), people paste links and
 * markdown. Tags, URLs and template syntax go; the text of a markdown link stays.
 */
export function plainQuestion(text: string): string {
  return text
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? ' ')
    .replace(/\[([^\]]{0,200})\]\([^)]{0,500}\)/g, '$1')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/\$\{[^}]{0,200}\}/g, ' ');
}
