/**
 * Dutch text folding shared by the intake parser and the answer engine: lower case, accents
 * removed (coördinator -> coordinator), apostrophes dropped (bbl'er -> bbler), every other
 * non-letter/digit becomes a space.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Rows of the distance table, reused by every call (it runs synchronously, thousands of times per message). */
let rows = [new Uint16Array(32), new Uint16Array(32), new Uint16Array(32)];

/**
 * Edit distance between short words, with an early exit once it must exceed `max` (then `max + 1`).
 * Levenshtein: insertions, deletions and substitutions count one. With `swaps`, two swapped neighbours
 * count one as well (optimal string alignment: "stgae" -> "stage" is 1), as the answer engine wants.
 */
export function editDistance(a: string, b: string, max = 2, swaps = false): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0]!.length <= b.length) rows = rows.map(() => new Uint16Array(b.length * 2 + 1));
  let [before, prev, row] = rows as [Uint16Array, Uint16Array, Uint16Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (swaps && i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        value = Math.min(value, before[j - 2]! + 1);
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length]!;
}

/** The word itself and every form with up to `max` letters deleted. */
export function deletions(word: string, max: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < max; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      if (w.length <= 1) continue;
      for (let i = 0; i < w.length; i++) {
        const form = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(form)) {
          out.add(form);
          next.push(form);
        }
      }
    }
    frontier = next;
  }
  return out;
}
