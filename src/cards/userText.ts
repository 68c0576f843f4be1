/**
 * Text a user typed, made safe to show in an Adaptive Card TextBlock (Teams renders a subset of
 * Markdown there). Markdown characters are backslash-escaped so "**x**" or "[klik](https://...)" shows
 * literally instead of as bold text or a link; control characters go. `${...}` needs nothing: cards
 * are expanded on the server once, and data values are never expanded again (test/reliability.cards).
 * Use it for TextBlock text only: an Input's `value` must stay as typed.
 */
export function cardSafe(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\`*_[\]()#<>~|!]/g, '\\$&')
    .replace(/^(\s*)([-+]|\d+\.)(?=\s)/gm, '$1\\$2');
}
