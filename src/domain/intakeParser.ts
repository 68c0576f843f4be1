import type { Knowledge } from '../knowledge/load';
import type { Leerweg, Niveau } from '../knowledge/schema';
import { parseCount } from './dutchNumbers';
import type { Intake } from './intake';
import { containsPhrase, editDistance, fold } from './text';

interface Choice {
  id: string;
  phrases: string[];
}

interface Hit {
  id: string;
  /** Length of the matched phrase: a longer phrase is the more specific answer ("te weinig plekken" over "plekken"). */
  weight: number;
}

function toChoices(items: ReadonlyArray<{ id: string; label: string; synonyms: readonly string[] }>): Choice[] {
  return items.map((item) => ({
    id: item.id,
    phrases: [...new Set([item.id.replace(/-/g, ' '), item.label, ...item.synonyms].map(fold).filter(Boolean))],
  }));
}

/** Whole-phrase matches, plus single-word phrases typed with a small typo ("horca", "verpleging"). */
function hits(text: string, choices: readonly Choice[]): Hit[] {
  const folded = fold(text);
  const tokens = folded.split(' ');
  const found: Hit[] = [];
  for (const choice of choices) {
    let weight = 0;
    for (const phrase of choice.phrases) {
      if (containsPhrase(folded, phrase)) weight = Math.max(weight, phrase.length);
      else if (!phrase.includes(' ') && phrase.length >= 5) {
        const allowed = phrase.length >= 8 ? 2 : 1;
        if (tokens.some((t) => t.length >= 4 && editDistance(t, phrase, allowed) <= allowed)) weight = Math.max(weight, phrase.length - 1);
      }
    }
    if (weight > 0) found.push({ id: choice.id, weight });
  }
  return found.sort((a, b) => b.weight - a.weight);
}

export interface IntakeParser {
  sector(text: string): string | undefined;
  situations(text: string): string[];
  places(text: string): string | undefined;
  leerweg(text: string): Leerweg | undefined;
  niveau(text: string): Niveau | undefined;
  students(text: string): number | undefined;
  /** Every intake answer recognised in one message ("horeca, bbl'er zonder leerbaan, geen plekken"). */
  all(text: string): Partial<Intake>;
  /** The coordinator wants to skip an optional question. */
  isSkip(text: string): boolean;
}

const SKIP = ['overslaan', 'sla over', 'skip', 'weet ik niet', 'weet niet', 'geen idee', 'maakt niet uit', 'nvt', 'n v t', 'niet van toepassing', 'verder'];

/** Reads typed Dutch intake answers using the synonyms in knowledge/. */
export function createIntakeParser(knowledge: Knowledge): IntakeParser {
  const sectors = toChoices(knowledge.sectors);
  const situations = toChoices(knowledge.situations);
  const places = toChoices(knowledge.places);

  const leerweg = (text: string): Leerweg | undefined => {
    const f = fold(text);
    const bbl = /\b(bbl\w*|beroepsbegeleidende)\b/.test(f);
    const bol = /\b(bol|bolle?r|bolstudent\w*|beroepsopleidende)\b/.test(f);
    return bbl && !bol ? 'bbl' : bol && !bbl ? 'bol' : undefined;
  };
  const niveau = (text: string): Niveau | undefined => {
    const f = fold(text);
    if (/\b(entree\w*|niveau 1|n1)\b/.test(f)) return 'entree';
    const m = /\b(?:niveau|n|level)\s?([234])\b/.exec(f) ?? /\b([234])\s?(?:e\s)?niveau\b/.exec(f);
    return m?.[1] as Niveau | undefined;
  };
  const students = (text: string): number | undefined => {
    // A level ("niveau 2") is not a count; drop it before reading numbers.
    const value = parseCount(text.toLowerCase().replace(/\b(niveau|n|level)\s?[1-4]\b/g, ' '));
    return value !== undefined && value >= 1 && value <= 100_000 ? value : undefined;
  };

  return {
    sector: (text) => hits(text, sectors)[0]?.id,
    situations: (text) => hits(text, situations).map((h) => h.id),
    places: (text) => hits(text, places)[0]?.id,
    leerweg,
    niveau,
    students,
    isSkip: (text) => SKIP.some((p) => containsPhrase(fold(text), fold(p))),
    all(text) {
      const result: Partial<Intake> = {};
      const sector = hits(text, sectors)[0]?.id;
      if (sector) result.sector = sector;
      const sits = hits(text, situations).map((h) => h.id);
      if (sits.length > 0) result.situations = sits;
      const place = hits(text, places)[0]?.id;
      if (place) result.places = place;
      const lw = leerweg(text);
      if (lw) result.leerweg = lw;
      const nv = niveau(text);
      if (nv) result.niveau = nv;
      return result;
    },
  };
}
