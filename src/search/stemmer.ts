/**
 * Dutch stemming with Snowball's current Dutch algorithm (Snowball 3), from multilingual-stemmer
 * (WebAssembly). It conflates what the old Snowball Dutch stemmer split: stage/stages,
 * stageplaats/stageplaatsen, leerbedrijf/leerbedrijven. The package is ESM only (with a top-level
 * await that loads its .wasm), so this CommonJS project loads it once, at start, with import().
 * test/stemmer.test.ts pins its output on the words of the knowledge.
 */
export type Stem = (word: string) => string;

let loading: Promise<Stem> | undefined;

export function loadDutchStemmer(): Promise<Stem> {
  loading ??= import('multilingual-stemmer').then(({ createStemmer }) => createStemmer('nl'));
  return loading;
}
