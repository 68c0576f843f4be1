import { isDutchWord } from '../common/dutchWords';

/**
 * The Dutch dictionary entries a folded word is, or is a regular form of: the word itself first when
 * it is an entry ("verandert" -> veranderen; "maart" -> maart; "erkening" -> none). The dictionary
 * (OpenTaal, see dutchWords.ts) lists stems and infinitives, so a form is traced back by the regular
 * rules: plurals and diminutives (klanten -> klant, meiden -> meid, stukjes -> stuk), verb forms
 * (snapt -> snappen, adviseer -> adviseren, gehaald -> halen), adjective endings (duidelijke ->
 * duidelijk). The answer engine corrects only words that have none: "maart" is no typo of "kaart",
 * "geven" none of "geen". Irregular forms (aangenomen) are not traced; they may still be corrected.
 */
export function dictionaryForms(word: string, isWord: (w: string) => boolean = isDutchWord): string[] {
  const found = new Set<string>();
  if (isWord(word)) found.add(word);
  const bases = new Set<string>([word]);
  // A past participle: ge- ... -d/-t ("gehaald", "gestopt").
  if (word.length > 5 && word.startsWith('ge')) bases.add(word.slice(2));
  for (const base of [...bases]) {
    for (const suffix of SUFFIXES) {
      if (base.endsWith(suffix) && base.length - suffix.length >= MIN_BASE) bases.add(base.slice(0, -suffix.length));
    }
  }
  for (const base of bases) for (const form of formsOf(base)) if (form !== word && isWord(form)) found.add(form);
  return [...found];
}

/** Endings of regular forms, longest first. */
const SUFFIXES = ['tjes', 'jes', 'tje', 'ten', 'den', 'ste', 'je', 'en', 'te', 'de', 's', 'e', 't', 'd'];
const MIN_BASE = 3;
const VOWEL = /[aeiou]/;

/** The dictionary forms a stripped base may come from: the base, its infinitive and its spelling variants. */
function formsOf(base: string): string[] {
  const forms = [base, `${base}en`, `${base}e`];
  const last = base.at(-1) ?? '';
  const before = base.at(-2) ?? '';
  // doorgaa -> doorgaan
  if (VOWEL.test(last)) forms.push(`${base}n`);
  // stopp -> stop; snap -> snappen
  if (last === before && !VOWEL.test(last)) forms.push(base.slice(0, -1));
  else if (!VOWEL.test(last) && VOWEL.test(before) && !VOWEL.test(base.at(-3) ?? 'a')) {
    forms.push(`${base}${last}en`);
    // wek -> week (weken), mak -> maak
    forms.push(`${base.slice(0, -1)}${before}${last}`);
  }
  // haal -> halen, adviseer -> adviseren
  const long = /^(.*)([aeiou])\2([^aeiou])$/.exec(base);
  if (long) forms.push(`${long[1]}${long[2]}${long[3]}en`);
  // v/f and z/s: gelov -> geloof, huiz -> huis
  if (last === 'v') forms.push(`${base.slice(0, -1)}f`);
  if (last === 'z') forms.push(`${base.slice(0, -1)}s`);
  return forms;
}
