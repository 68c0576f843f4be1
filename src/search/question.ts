import { fold } from '../common/text';

/**
 * True for text that asks something, as opposed to intake answers typed in one go ("horeca, geen
 * plekken"): it has a question mark, or starts with one of `startWords` (knowledge/intents.yaml
 * `questionStart`: "hoe", "mag", ...). A question goes to the answer engine even when it names a sector or situation.
 */
export function looksLikeQuestion(text: string, startWords: ReadonlySet<string>): boolean {
  if (text.includes('?')) return true;
  const first = fold(text).split(' ')[0] ?? '';
  return startWords.has(first);
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
