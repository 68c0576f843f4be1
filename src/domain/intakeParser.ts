import type { Knowledge } from '../knowledge/load';
import type { Leerweg, Niveau } from '../knowledge/schema';
import { parseCount, parseNumberWord } from './dutchNumbers';
import type { Intake } from './intake';
import { phrasesPattern } from '../common/phrasePattern';
import { deletions, editDistance, fold } from '../common/text';
import { isDutchWord } from '../common/dutchWords';

type Field = 'sector' | 'situations' | 'places';

interface Phrase {
  field: Field;
  id: string;
  /** The folded phrase; its length is the phrase's weight (a longer phrase is the more specific answer). */
  text: string;
  /** Its words; `...` stands for up to four other words of the same clause. */
  words: string[];
  /** A single word of 5+ letters also matches with a small typo (1, or 2 from 8 letters). */
  typos: number;
}

interface Hit {
  field: Field;
  id: string;
  /** The phrase's length, one less when read loosely (a plural, filler between, a typo): "te weinig plekken" wins from "plekken". */
  weight: number;
  /** The token positions of the phrase's own words (not the words `...` or filler stood for). */
  at: number[];
  /** A phrase of one word. */
  single: boolean;
}

/** Marks where a clause ends (".", ",", ";", ":", "?", "!", brackets): no phrase runs across it. */
const BOUNDARY = '|';
/** `...` in a phrase: at most this many words of the same clause. */
const MAX_SKIP = 4;
/** Between two words of a phrase, at most this many filler words ("stage is gestopt", "leerdoelen al gehaald"). */
const MAX_FILLER = 2;
/** A clause of at most this many words is a typed answer ("horeca, geen", "er zijn weinig"). */
const MAX_ANSWER = 3;
/** A word for students this many words after "mijn" or "onze" still belongs to it ("onze bbl'ers verzorgende"). */
const OWN_REACH = 3;

/** How many words the clause holding token `i` has. */
function clauseSize(tokens: readonly string[], i: number): number {
  let start = i;
  while (start > 0 && tokens[start - 1] !== BOUNDARY) start--;
  let end = i;
  while (end < tokens.length && tokens[end] !== BOUNDARY) end++;
  return end - start;
}

/**
 * The message as folded words, with a boundary token between clauses. A digit group ("1.000") is no clause end.
 */
function clauseTokens(text: string): string[] {
  return text
    .split(/(?<!\d)[.,;:!?()\n]+|[.,;:!?()\n]+(?!\d)/)
    .map((clause) => fold(clause))
    .filter(Boolean)
    .flatMap((clause, i) => (i === 0 ? clause.split(' ') : [BOUNDARY, ...clause.split(' ')]));
}

/**
 * The forms a word of a phrase also takes: its Dutch plural ("stage" -> stages, "plek" -> plekken, "leerbaan" ->
 * leerbanen, "kapper" -> kappers) and its English one ("placement" -> placements).
 */
function pluralForms(word: string, multi: boolean): string[] {
  // A short single word keeps its form: "zorgen" is no plural of the sector "zorg", "bouwen" none of "bouw".
  if (word.length < (multi ? 4 : 5) || word === '...' || /\d/.test(word)) return [word];
  const forms = [word, `${word}s`];
  if (/e$/.test(word)) forms.push(`${word}n`);
  else if (!/(el|er|em|en|je|s)$/.test(word)) {
    forms.push(`${word}en`);
    const last = word.at(-1) ?? '';
    // plek -> plekken (a short vowel doubles the consonant), leerbaan -> leerbanen (a long vowel is written once).
    if (/[^aeiou][aeiou][^aeiouwjy]$/.test(word)) forms.push(`${word}${last}en`);
    const long = /(aa|ee|oo|uu)([^aeiou])$/.exec(word);
    if (long?.[1] && long[2]) forms.push(`${word.slice(0, -3)}${long[1][0]}${long[2]}en`);
  }
  return forms;
}

export interface IntakeParser {
  sector(text: string): string | undefined;
  situations(text: string): string[];
  places(text: string): string | undefined;
  leerweg(text: string): Leerweg | undefined;
  niveau(text: string): Niveau | undefined;
  students(text: string): number | undefined;
  /**
   * A number of students said in passing: a number right before a word for students ("12 horeca-studenten",
   * "één student"), never the number of a niveau ("niveau 3, 8 studenten" is 8). With `article` (the default) "een
   * student" is one student too.
   */
  studentCount(text: string, article?: boolean): number | undefined;
  /** Every intake answer recognised in one message ("horeca, bbl'er zonder leerbaan, geen plekken"). */
  all(text: string, first?: Field): Partial<Intake>;
  /**
   * The words of the message that no recognised answer explains (leerweg, niveau, numbers and student words count as
   * explained).
   */
  unexplained(text: string): string[];
  /** The message tells about the coordinator's own students ("mijn studenten", "onze zorgstudenten", "our interns"). */
  ownGroup(text: string): boolean;
}

/** A niveau's number joined to a second one ("niveau 2 en 3", "mbo 3/4", "level 2 or 3"). */
const MIXED_NIVEAU =
  /\b(?:niveau|niv|nivo|level|mbo)[\s.-]*[1-4]\s*(?:\/|-|&|\ben\b|\bof\b|\band\b|\bor\b|\btot\b)\s*[1-4](?!\d)/u;

/** Reads typed Dutch (and English) intake answers using the synonyms in knowledge/. */
export function createIntakeParser(knowledge: Knowledge): IntakeParser {
  const { intents } = knowledge.understanding;
  const filler = new Set(intents.filler.map(fold).filter((w) => w && !w.includes(' ')));

  const phrases: Phrase[] = [];
  const add = (field: Field, items: ReadonlyArray<{ id: string; label: string; synonyms: readonly string[] }>) => {
    for (const item of items) {
      const texts = [item.id.replace(/-/g, ' '), item.label, ...item.synonyms].map((t) =>
        t.includes('...') ? t.split('...').map(fold).join(' ... ').trim() : fold(t),
      );
      for (const text of new Set(texts.filter(Boolean))) {
        const words = text.split(' ');
        // "niveau1" (Entree) is no typo of "niveau": words with digits are matched exactly.
        const typos = words.length === 1 && text.length >= 5 && !/\d/.test(text) ? (text.length >= 8 ? 2 : 1) : 0;
        phrases.push({ field, id: item.id, text, words, typos });
      }
    }
  };
  add('situations', knowledge.situations);
  add('places', knowledge.places);
  add('sector', knowledge.sectors);

  // Lookups: every phrase by the forms of its first word; single words by their deletions (typos).
  const byFirst = new Map<string, Phrase[]>();
  const typoIndex = new Map<string, Phrase[]>();
  const wordForms = new Map<string, Set<string>>();
  const formsOf = (word: string, multi: boolean): Set<string> => {
    const key = `${multi ? 'm' : 's'}${word}`;
    let forms = wordForms.get(key);
    if (!forms) wordForms.set(key, (forms = new Set(pluralForms(word, multi))));
    return forms;
  };
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const phrase of phrases) {
    for (const form of formsOf(phrase.words[0] ?? '', phrase.words.length > 1)) push(byFirst, form, phrase);
    if (phrase.typos > 0) for (const form of deletions(phrase.text, phrase.typos)) push(typoIndex, form, phrase);
  }

  /**
   * Where the phrase ends when it starts at `at`, or -1; `loose` tells whether it took a plural or filler. Between
   * two words filler may stand ("stage is gestopt"); `...` takes up to four words of the same clause.
   */
  const matchFrom = (
    tokens: readonly string[],
    words: readonly string[],
    at: number,
    w = 0,
  ): { at: number[]; loose: boolean } | undefined => {
    if (w === words.length) return { at: [], loose: false };
    const word = words[w] as string;
    if (word === '...') {
      for (let skip = 0; skip <= MAX_SKIP; skip++) {
        if (skip > 0 && (tokens[at + skip - 1] === undefined || tokens[at + skip - 1] === BOUNDARY)) break;
        const rest = matchFrom(tokens, words, at + skip, w + 1);
        if (rest) return { at: rest.at, loose: true };
      }
      return undefined;
    }
    const multi = words.length > 1;
    for (let gap = 0; gap <= (w > 0 ? MAX_FILLER : 0); gap++) {
      if (gap > 0 && !filler.has(tokens[at + gap - 1] ?? '')) break;
      const token = tokens[at + gap];
      if (token === undefined || token === BOUNDARY) return undefined;
      const exact = token === word;
      if (exact || formsOf(word, multi).has(token)) {
        const rest = matchFrom(tokens, words, at + gap + 1, w + 1);
        if (rest) return { at: [at + gap, ...rest.at], loose: rest.loose || gap > 0 || !exact };
      }
    }
    return undefined;
  };

  /** Every phrase that matches, the best (longest) per answer and position; typos for single words of 5+ letters. */
  const hits = (tokens: readonly string[]): Hit[] => {
    const found: Hit[] = [];
    tokens.forEach((token, i) => {
      if (token === BOUNDARY) return;
      for (const phrase of byFirst.get(token) ?? []) {
        const m = matchFrom(tokens, phrase.words, i);
        if (m)
          found.push({
            field: phrase.field,
            id: phrase.id,
            // "..." adds no weight: "geen stageplekken" (places) outweighs "geen ... stageplek" (a situation).
            weight: phrase.text.replace(/ \.\.\./g, '').length - (m.loose ? 1 : 0),
            at: m.at,
            single: phrase.words.length === 1,
          });
      }
      // A real Dutch word is no typo ("kappen" is not "kapper", "klassen" not "lassen").
      if (token.length < 5 || byFirst.has(token) || isDutchWord(token)) return;
      const typo = new Set<Phrase>();
      for (const form of deletions(token, 2)) for (const phrase of typoIndex.get(form) ?? []) typo.add(phrase);
      for (const phrase of typo) {
        if (
          Math.abs(token.length - phrase.text.length) <= phrase.typos &&
          editDistance(token, phrase.text, phrase.typos) <= phrase.typos
        )
          found.push({ field: phrase.field, id: phrase.id, weight: phrase.text.length - 1, at: [i], single: true });
      }
    });
    return found;
  };

  // The leerweg and niveau words of knowledge/intents.yaml (`details`), as patterns over folded text.
  const { details } = intents;
  const leerwegen = (Object.entries(details.leerweg) as Array<[Leerweg, string[]]>).map(([id, list]) => ({
    id,
    pattern: phrasesPattern(list),
  }));
  const niveaus = (Object.entries(details.niveau) as Array<[Niveau, string[]]>).map(([id, list]) => ({
    id,
    pattern: phrasesPattern(list),
  }));
  const anyNiveau = phrasesPattern(Object.values(details.niveau).flat(), true);
  /** Single words of the leerweg and niveau phrases ("bbler", "niveau"): they explain a word of a message. */
  const detailPhrases = [...Object.values(details.leerweg), ...Object.values(details.niveau)].flat();
  const detailWords = phrasesPattern(detailPhrases.flatMap((p) => p.split(/\s+/)).filter((w) => !/^\d+$/.test(w)));
  const wholeMatch = (pattern: RegExp, word: string) => {
    const m = pattern.exec(word);
    return m !== null && m[0] === word;
  };

  const leerweg = (text: string): Leerweg | undefined => {
    const f = fold(text);
    const found = leerwegen.filter((l) => l.pattern.test(f));
    return found.length === 1 ? found[0]?.id : undefined;
  };
  const niveau = (text: string): Niveau | undefined => {
    // Two niveaus ("niveau 2 en 3 door elkaar", "mbo 3/4", "niveau 2 en niveau 4"): a mixed group, no one niveau.
    if (MIXED_NIVEAU.test(text.toLowerCase())) return undefined;
    const f = fold(text);
    const found = niveaus.filter((n) => n.pattern.test(f));
    return found.length === 1 ? found[0]?.id : undefined;
  };
  const students = (text: string): number | undefined => {
    // A level ("niveau 2") is not a count; drop it before reading numbers (digits as typed: "1.000").
    const plain = text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/['’‘`´]/g, '');
    const value = parseCount(plain.replace(anyNiveau, ' '));
    return value !== undefined && value >= 1 && value <= 100_000 ? value : undefined;
  };

  const studentWords = intents.advice.studentWords.map(fold).filter(Boolean);
  const isStudentWord = (token: string) =>
    studentWords.some((w) => token === w || (token.length > w.length + 2 && token.endsWith(w)));
  /** "student", "bbler", "stagiair": one of them ("een student"), as opposed to "studenten", "bblers". */
  const singular = (token: string) => isStudentWord(token) && !/(en|s)$/.test(token);
  const isNumber = (token: string) => /^\d+$/.test(token) || parseNumberWord(token, true) !== undefined;
  const studentCount = (text: string, article = true): number | undefined => {
    // "niveau 3, 8 studenten": the niveau's number is no count. "één" is a number, "een" an article.
    const tokens = fold(fold(text.replace(/(?<!\p{L})één(?!\p{L})/giu, '1')).replace(anyNiveau, ' niveau ')).split(' ');
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const one = token === 'een' || token === 'a' || token === 'an';
      if (one && !article) continue;
      const value = one ? 1 : /^\d{1,6}$/.test(token) ? Number(token) : parseNumberWord(token, true);
      if (value === undefined || value < 1 || value > 100_000) continue;
      // "12 studenten", "12 horeca studenten", "12 bbl studenten", "15 zorgstudenten"; "een student", "a student".
      const after = tokens.slice(i + 1, i + 4);
      // "20 koks", "6 hoveniers": a number right before the plural of an occupation counts students too (not
      // "3 horecabedrijven": a sector head after it names companies).
      if (value > 1 && occupations.has(after[0] ?? '') && !headWords.has(after[1] ?? '')) return value;
      const at = after.findIndex(isStudentWord);
      if (at < 0 || after.slice(0, at).some(isNumber)) continue;
      if ((one || value === 1) && !(at < 2 && singular(after[at] ?? ''))) continue;
      if (at < 2 || isStudentWord(after.slice(0, at + 1).join(' '))) return value;
    }
    return spokenCount(text);
  };

  /** Plurals of a sector's one-word names ("koks", "kappers", "hoveniers"): occupations, as a number's noun. */
  const occupations = new Set(
    phrases
      .filter((p) => p.field === 'sector' && p.words.length === 1)
      .flatMap((p) => [...pluralForms(p.text, false), ...(/(s|en)$/.test(p.text) ? [p.text] : [])])
      .filter((form) => /(s|en)$/.test(form)),
  );
  const headWords = new Set(intents.advice.sectorHeads.map(fold));

  /** "het zijn er #", "# in totaal": a count said on its own, as folded words. */
  const countPhrases = intents.advice.countPhrases.map((p) => fold(p.replace(/#/g, ' telplaats ')).split(' '));
  /** A count phrase that ends a clause ("Het zijn er 4.", "In totaal twaalf."); not "het gaat om 200 uur". */
  const spokenCount = (text: string): number | undefined => {
    for (const clause of text
      .replace(/(?<!\p{L})één(?!\p{L})/giu, '1')
      .split(/(?<!\d)[.,;:!?()\n]+|[.,;:!?()\n]+(?!\d)/u)) {
      const tokens = fold(clause).split(' ').filter(Boolean);
      for (const words of countPhrases) {
        const start = tokens.length - words.length;
        if (start < 0) continue;
        let value: number | undefined;
        const fits = words.every((word, i) => {
          const token = tokens[start + i] ?? '';
          if (word !== 'telplaats') return token === word;
          value = /^\d{1,6}$/.test(token) ? Number(token) : parseNumberWord(token, true);
          return value !== undefined;
        });
        if (fits && value !== undefined && value >= 1 && value <= 100_000) return value;
      }
    }
    return undefined;
  };

  const sectorWords = new Set(phrases.filter((p) => p.field === 'sector' && p.words.length === 1).map((p) => p.text));
  /**
   * The message as clause tokens, with a sector word glued to a word for students or to a sector head split off:
   * "zorgstudenten" -> "zorg studenten", "kappersstudenten" -> "kappers studenten", "groensector" -> "groen sector".
   */
  const heads = [...studentWords, ...intents.advice.sectorHeads.map(fold)].filter((w) => w && !w.includes(' '));
  const tokensOf = (text: string): string[] =>
    clauseTokens(text).flatMap((token) => {
      const word = heads.find((w) => token.length > w.length + 2 && token.endsWith(w));
      if (!word) return [token];
      const head = token.slice(0, -word.length);
      const sector = [head, head.replace(/s$/, '')].find((h) => sectorWords.has(h));
      return sector ? [sector, word] : [token];
    });

  /** A word for students at `at`, or a sector word and then one ("een paar ICT-studenten"). */
  const quantifiesStudents = (tokens: readonly string[], at: number): boolean =>
    isStudentWord(tokens[at] ?? '') || (sectorWords.has(tokens[at] ?? '') && isStudentWord(tokens[at + 1] ?? ''));

  const ORDER: readonly Field[] = ['situations', 'places', 'sector'];
  /**
   * Every answer in one message, each word used for one answer only, the longest phrase first: in "student heeft
   * geen stage" the word "geen" belongs to the situation, not to "geen plekken". `first` is read first (the question
   * asked).
   */
  const read = (text: string, first?: Field): { result: Partial<Intake>; tokens: string[]; claimed: Hit[] } => {
    const tokens = tokensOf(text);
    const rank = (h: Hit) => (h.field === first ? 0 : 1);
    const found = hits(tokens).sort(
      (a, b) => rank(a) - rank(b) || b.weight - a.weight || ORDER.indexOf(a.field) - ORDER.indexOf(b.field),
    );
    const claimed: Hit[] = [];
    const result: Partial<Intake> = {};
    for (const hit of found) {
      // A sector word may also be part of a situation ("de salon is dicht": a kapsalon that closed).
      if (hit.field !== 'sector' && claimed.some((c) => c.field !== 'sector' && c.at.some((i) => hit.at.includes(i))))
        continue;
      // "een paar studenten", "enkele bbl'ers": how many students, not how many places.
      if (hit.field === 'places' && quantifiesStudents(tokens, Math.max(...hit.at) + 1)) continue;
      // One word for the places ("geen", "weinig") is an answer on its own ("horeca, geen"), not a word in a sentence
      // ("de werkgevers hebben geen werk meer").
      if (hit.field === 'places' && hit.single && first !== 'places' && clauseSize(tokens, hit.at[0] ?? 0) > MAX_ANSWER)
        continue;
      // ... nor a word before a noun of its own ("geen behandelingen", "tekort aan begeleiders").
      const next = tokens[Math.max(...hit.at) + 1];
      if (hit.field === 'places' && hit.single && next !== undefined && next !== BOUNDARY && !filler.has(next))
        continue;
      if (hit.field === 'situations') {
        // A second phrase of the same situation takes its words too ("leerdoelen gehaald maar te weinig uren").
        if (!result.situations?.includes(hit.id)) result.situations = [...(result.situations ?? []), hit.id];
      } else {
        if (result[hit.field] !== undefined) continue;
        result[hit.field] = hit.id;
      }
      claimed.push(hit);
    }
    const lw = leerweg(text);
    if (lw) result.leerweg = lw;
    const nv = niveau(text);
    if (nv) result.niveau = nv;
    return { result, tokens, claimed };
  };
  const all = (text: string, first?: Field): Partial<Intake> => read(text, first).result;
  const unexplained = (text: string): string[] => {
    const { tokens, claimed, result } = read(text);
    // Every phrase of a recognised answer explains its words ("leerdoelen gehaald maar uren niet": both halves).
    const recognised = (h: Hit) =>
      h.field === 'situations' ? result.situations?.includes(h.id) : result[h.field] === h.id;
    const covered = [...claimed, ...hits(tokens).filter(recognised)];
    return tokens.filter((token, i) => {
      if (token === BOUNDARY || covered.some((h) => h.at.includes(i))) return false;
      if (isNumber(token) || isStudentWord(token)) return false;
      return !wholeMatch(detailWords, token) && !niveaus.some((n) => wholeMatch(n.pattern, token));
    });
  };

  const ownWords = new Set(intents.advice.ownWords.map(fold).filter(Boolean));
  const ownGroup = (text: string): boolean => {
    const tokens = fold(text).split(' ');
    return tokens.some((token, i) => ownWords.has(token) && tokens.slice(i + 1, i + 1 + OWN_REACH).some(isStudentWord));
  };

  return {
    ownGroup,
    sector: (text) => all(text, 'sector').sector,
    situations: (text) => all(text, 'situations').situations ?? [],
    places: (text) => all(text, 'places').places,
    leerweg,
    niveau,
    students,
    studentCount,
    all,
    unexplained,
  };
}
