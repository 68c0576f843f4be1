import type { Knowledge } from '../knowledge/load';
import type { Leerweg, Niveau } from '../knowledge/schema';
import { parseCount, parseNumberWord } from './dutchNumbers';
import type { Intake } from './intake';
import { phrasesPattern } from '../common/phrasePattern';
import { editDistance, fold } from '../common/text';

interface Phrase {
  text: string;
  words: string[];
  /** A single word of 5+ letters also matches with a small typo (1, or 2 from 8 letters). */
  typos: number;
}

interface Choice {
  id: string;
  phrases: Phrase[];
}

interface Hit {
  id: string;
  /** Length of the matched phrase: a longer phrase is the more specific answer ("te weinig plekken" over "plekken"). */
  weight: number;
  /** The matched words, as token positions [start, end). */
  start: number;
  end: number;
}

function toChoices(items: ReadonlyArray<{ id: string; label: string; synonyms: readonly string[] }>): Choice[] {
  return items.map((item) => ({
    id: item.id,
    phrases: [...new Set([item.id.replace(/-/g, ' '), item.label, ...item.synonyms].map(fold).filter(Boolean))].map(
      (text) => {
        const words = text.split(' ');
        // "niveau1" (Entree) is no typo of "niveau": words with digits are matched exactly.
        const typos = words.length === 1 && text.length >= 5 && !/\d/.test(text) ? (text.length >= 8 ? 2 : 1) : 0;
        return { text, words, typos };
      },
    ),
  }));
}

/** True when `words` occur in `tokens` from position `at` on. */
function wordsAt(tokens: readonly string[], words: readonly string[], at: number): boolean {
  for (let j = 0; j < words.length; j++) if (tokens[at + j] !== words[j]) return false;
  return true;
}

/** Whole-phrase matches, plus single-word phrases typed with a small typo ("horca"); the best match per choice. */
function hits(tokens: readonly string[], choices: readonly Choice[]): Hit[] {
  const found: Hit[] = [];
  for (const choice of choices) {
    let best: Hit | undefined;
    for (const phrase of choice.phrases) {
      const { words, typos } = phrase;
      const weight = phrase.text.length;
      for (let i = 0; i + words.length <= tokens.length; i++) {
        if ((!best || weight > best.weight) && wordsAt(tokens, words, i))
          best = { id: choice.id, weight, start: i, end: i + words.length };
      }
      if (typos === 0 || (best && weight - 1 <= best.weight)) continue;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as string;
        if (
          t.length >= 5 &&
          t !== phrase.text &&
          Math.abs(t.length - weight) <= typos &&
          editDistance(t, phrase.text, typos) <= typos
        ) {
          if (!best || weight - 1 > best.weight) best = { id: choice.id, weight: weight - 1, start: i, end: i + 1 };
        }
      }
    }
    if (best) found.push(best);
  }
  return found.sort((a, b) => b.weight - a.weight);
}

const overlaps = (a: Hit, b: Hit) => a.start < b.end && b.start < a.end;

/** True when the pattern matches the whole word ("n2" is a niveau, "bbler" a leerweg word). */
function wholeMatch(pattern: RegExp, word: string): boolean {
  const m = pattern.exec(word);
  return m !== null && m[0] === word;
}

export interface IntakeParser {
  sector(text: string): string | undefined;
  situations(text: string): string[];
  places(text: string): string | undefined;
  leerweg(text: string): Leerweg | undefined;
  niveau(text: string): Niveau | undefined;
  students(text: string): number | undefined;
  /** A number of students said in passing: a number right before a word for students ("12 horeca-studenten"). */
  studentCount(text: string): number | undefined;
  /** Every intake answer recognised in one message ("horeca, bbl'er zonder leerbaan, geen plekken"). */
  all(text: string, first?: 'sector' | 'situations' | 'places'): Partial<Intake>;
  /**
   * The words of the message that no recognised answer explains (leerweg, niveau, numbers and student words count as
   * explained).
   */
  unexplained(text: string): string[];
}

/** Reads typed Dutch intake answers using the synonyms in knowledge/. */
export function createIntakeParser(knowledge: Knowledge): IntakeParser {
  const sectors = toChoices(knowledge.sectors);
  const situations = toChoices(knowledge.situations);
  const places = toChoices(knowledge.places);

  // The leerweg and niveau words of knowledge/intents.yaml (`details`), as patterns over folded text.
  const { details } = knowledge.understanding.intents;
  const leerwegen = (Object.entries(details.leerweg) as Array<[Leerweg, string[]]>).map(([id, phrases]) => ({
    id,
    pattern: phrasesPattern(phrases),
  }));
  const niveaus = (Object.entries(details.niveau) as Array<[Niveau, string[]]>).map(([id, phrases]) => ({
    id,
    pattern: phrasesPattern(phrases),
  }));
  const anyNiveau = phrasesPattern(Object.values(details.niveau).flat(), true);
  /** Single words of the leerweg and niveau phrases ("bbler", "niveau"): they explain a word of a message. */
  const detailPhrases = [...Object.values(details.leerweg), ...Object.values(details.niveau)].flat();
  const detailWords = phrasesPattern(detailPhrases.flatMap((p) => p.split(/\s+/)).filter((w) => !/^\d+$/.test(w)));

  const leerweg = (text: string): Leerweg | undefined => {
    const f = fold(text);
    const found = leerwegen.filter((l) => l.pattern.test(f));
    return found.length === 1 ? found[0]?.id : undefined;
  };
  const niveau = (text: string): Niveau | undefined => {
    const f = fold(text);
    return niveaus.find((n) => n.pattern.test(f))?.id;
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

  const studentWords = knowledge.understanding.intents.advice.studentWords.map(fold).filter(Boolean);
  const isStudentWord = (token: string) =>
    studentWords.some((w) => token === w || (token.length > w.length + 2 && token.endsWith(w)));
  const studentCount = (text: string): number | undefined => {
    const tokens = fold(text).split(' ');
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const value = /^\d{1,5}$/.test(token) ? Number(token) : token === 'een' ? undefined : parseNumberWord(token);
      if (value === undefined || value < 1 || value > 100_000) continue;
      // "12 studenten", "12 horeca studenten", "12 bbl studenten", "15 zorgstudenten".
      const after = tokens.slice(i + 1, i + 4);
      const at = after.findIndex(isStudentWord);
      if (at >= 0 && (at < 2 || isStudentWord(after.slice(0, at + 1).join(' ')))) return value;
    }
    return undefined;
  };

  const sectorWords = new Map<string, string>();
  for (const choice of sectors)
    for (const phrase of choice.phrases) if (phrase.words.length === 1) sectorWords.set(phrase.text, choice.id);
  /**
   * "zorgstudenten" -> "zorg studenten", "kappersstudenten" -> "kappers studenten": a sector word glued to a word for
   * students.
   */
  const tokensOf = (text: string): string[] =>
    fold(text)
      .split(' ')
      .filter(Boolean)
      .flatMap((token) => {
        const word = studentWords.find((w) => !w.includes(' ') && token.length > w.length + 2 && token.endsWith(w));
        if (!word) return [token];
        const head = token.slice(0, -word.length);
        const sector = [head, head.replace(/s$/, '')].find((h) => sectorWords.has(h));
        return sector ? [sector, word] : [token];
      });

  /**
   * Every answer in one message, each word used for one answer only: in "student heeft geen stage" the
   * word "geen" belongs to the situation, not to "geen plekken". `first` is read first (the question asked).
   */
  const read = (
    text: string,
    first?: 'sector' | 'situations' | 'places',
  ): { result: Partial<Intake>; tokens: string[]; claimed: Hit[] } => {
    const tokens = tokensOf(text);
    const claimed: Hit[] = [];
    const free = (list: Hit[]) => list.filter((h) => !claimed.some((c) => overlaps(c, h)));
    const order: Array<'sector' | 'situations' | 'places'> = ['situations', 'places', 'sector'];
    if (first) order.sort((a, b) => (a === first ? -1 : b === first ? 1 : 0));
    const result: Partial<Intake> = {};
    for (const field of order) {
      const list = free(hits(tokens, field === 'sector' ? sectors : field === 'situations' ? situations : places));
      if (list.length === 0) continue;
      if (field === 'situations') {
        const chosen: Hit[] = [];
        for (const h of list) if (!chosen.some((c) => overlaps(c, h))) chosen.push(h);
        claimed.push(...chosen);
        result.situations = chosen.map((h) => h.id);
      } else {
        const top = list[0] as Hit;
        claimed.push(top);
        result[field] = top.id;
      }
    }
    const lw = leerweg(text);
    if (lw) result.leerweg = lw;
    const nv = niveau(text);
    if (nv) result.niveau = nv;
    return { result, tokens, claimed };
  };
  const all = (text: string, first?: 'sector' | 'situations' | 'places'): Partial<Intake> => read(text, first).result;
  const unexplained = (text: string): string[] => {
    const { tokens, claimed, result } = read(text);
    // Every phrase of a recognised answer explains its words ("leerdoelen gehaald maar uren niet": both halves).
    const recognised = [
      ...sectors.filter((c) => c.id === result.sector),
      ...situations.filter((c) => result.situations?.includes(c.id)),
      ...places.filter((c) => c.id === result.places),
    ];
    const covered = new Set<number>();
    for (const choice of recognised) {
      for (const { words } of choice.phrases) {
        for (let i = 0; i + words.length <= tokens.length; i++)
          if (wordsAt(tokens, words, i)) words.forEach((_, j) => covered.add(i + j));
      }
    }
    return tokens.filter((token, i) => {
      if (covered.has(i) || claimed.some((h) => h.start <= i && i < h.end)) return false;
      if (/^\d+$/.test(token) || parseNumberWord(token) !== undefined || isStudentWord(token)) return false;
      return !wholeMatch(detailWords, token) && !niveaus.some((n) => wholeMatch(n.pattern, token));
    });
  };

  return {
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
