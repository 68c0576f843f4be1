import { deletions, editDistance, fold } from '../common/text';
import { isDutchWord } from '../common/dutchWords';

/**
 * What a slot in a command phrase takes: "{naam}" the rest as typed, "{veld}" a field word, "{stap}" and "{nummer}" a
 * number.
 */
export type Slot = 'naam' | 'veld' | 'stap' | 'nummer';

interface Phrase<T> {
  words: string[];
  value: T;
  /** Position of the slot among `words` (its word there is a placeholder). */
  slot?: { at: number; type: Slot };
}

export interface PhraseMatch<T> {
  value: T;
  /** Token positions [start, end). */
  start: number;
  end: number;
  /** What the slot took, folded ("{naam}" is read from the typed text by the caller). */
  slotValue?: string;
  /** Token position where the slot's words start. */
  slotStart?: number;
}

/** Between two words of a phrase, at most this many filler words. */
const MAX_GAP = 3;
/** A closing phrase ("alvast bedankt!") is at most this many words long. */
const MAX_TAIL = 8;
/** Words of this length or more may carry one typo ("bedankr", "acteel"). */
const TYPO_MIN = 5;
/** `...` in a phrase ("klopt dit ... nog") stands for at most this many words. */
const MAX_SKIP = 4;
/** The folded stand-in for `...` (no word of a message looks like it). */
const GAP = 'gapplaats';

/**
 * Phrases matched as whole folded words in order, with filler words allowed between and around
 * them, and one typo in a word of five letters or more; `...` in a phrase stands for up to four
 * words of any kind ("klopt dit ... nog"). Pure; built once from the knowledge.
 */
export class PhraseSet<T> {
  private readonly byFirst = new Map<string, Array<Phrase<T>>>();
  private readonly slotFirst: Array<Phrase<T>> = [];
  /** Every phrase word of five letters or more, by its one-letter deletions (for typo lookup). */
  private readonly typoIndex = new Map<string, string[]>();
  private readonly words = new Set<string>();

  constructor(
    entries: Iterable<{ phrase: string; value: T }>,
    private readonly filler: ReadonlySet<string>,
    private readonly fields: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const { phrase, value } of entries) {
      const slotMatch = /\{(naam|veld|stap|nummer)\}/.exec(phrase);
      const folded = fold(phrase.replace(/\{[^}]*\}/, ' slotplaats ').replace(/\.\.\./g, ` ${GAP} `));
      const words = folded ? folded.split(' ') : [];
      if (words.length === 0 && !phrase.trim()) continue;
      // "?" folds to nothing: keep it as a word of its own.
      if (words.length === 0) words.push(phrase.trim());
      const at = words.indexOf('slotplaats');
      const item: Phrase<T> = {
        words,
        value,
        ...(slotMatch && at >= 0 ? { slot: { at, type: slotMatch[1] as Slot } } : {}),
      };
      if (item.slot?.at === 0) this.slotFirst.push(item);
      else {
        const list = this.byFirst.get(words[0] ?? '') ?? [];
        list.push(item);
        this.byFirst.set(words[0] ?? '', list);
      }
      for (const word of words) {
        if (word === 'slotplaats' || word === GAP) continue;
        this.words.add(word);
        if (word.length < TYPO_MIN || /\d/.test(word)) continue;
        for (const form of deletions(word, 1)) {
          const list = this.typoIndex.get(form) ?? [];
          if (!list.includes(word)) list.push(word);
          this.typoIndex.set(form, list);
        }
      }
    }
  }

  /** The message's words, folded ("?" alone stays a word). */
  tokens(text: string): string[] {
    const folded = text.trim() === '?' ? '?' : fold(text);
    return folded ? folded.split(' ') : [];
  }

  /** The words with each typo within one letter of a phrase word replaced by that word. */
  private corrected(tokens: readonly string[]): string[] {
    return tokens.map((t) => this.correct(t));
  }

  private correct(token: string): string {
    // Filler and real Dutch words are no typos ("graag" is not "vraag", "helpen" not "hulpen").
    if (this.words.has(token) || token.length < TYPO_MIN || /\d/.test(token) || this.filler.has(token)) return token;
    if (isDutchWord(token)) return token;
    for (const form of deletions(token, 1)) {
      for (const word of this.typoIndex.get(form) ?? []) if (editDistance(token, word, 1, true) <= 1) return word;
    }
    return token;
  }

  /** The longest phrase that starts at `start` (filler may stand between its words); `tokens` already corrected. */
  private matchAt(tokens: readonly string[], start: number): PhraseMatch<T> | undefined {
    let best: PhraseMatch<T> | undefined;
    const candidates = [...(this.byFirst.get(tokens[start] ?? '') ?? []), ...this.slotFirst];
    for (const phrase of candidates) {
      const m = this.matchPhrase(phrase, tokens, start);
      if (m && (!best || m.end > best.end)) best = m;
    }
    return best;
  }

  private matchPhrase(
    phrase: Phrase<T>,
    tokens: readonly string[],
    start: number,
    from = 0,
    at = start,
  ): PhraseMatch<T> | undefined {
    let i = at;
    let slotValue: string | undefined;
    let slotStart: number | undefined;
    for (let w = from; w < phrase.words.length; w++) {
      // "...": up to four words of any kind, as few as the rest of the phrase needs.
      if (phrase.words[w] === GAP) {
        for (let skip = 0; skip <= MAX_SKIP && i + skip <= tokens.length; skip++) {
          const rest = this.matchPhrase(phrase, tokens, start, w + 1, i + skip);
          if (rest) return { ...rest, ...(slotValue !== undefined ? { slotValue, slotStart } : {}) };
        }
        return undefined;
      }
      if (w > 0) {
        // Skip filler between words, unless the filler is the phrase's next word.
        let gap = 0;
        // A slot may follow filler ("verander de situatie"), except the rest-of-message slot {naam}.
        const slotHere = phrase.slot?.at === w;
        while (
          i < tokens.length &&
          tokens[i] !== phrase.words[w] &&
          this.filler.has(tokens[i] ?? '') &&
          gap < MAX_GAP &&
          !(slotHere && phrase.slot?.type === 'naam') &&
          !(slotHere && this.fields.has(tokens[i] ?? ''))
        ) {
          i++;
          gap++;
        }
      }
      const token = tokens[i];
      if (token === undefined) return undefined;
      if (phrase.slot?.at === w) {
        const taken = this.slotTake(phrase.slot.type, tokens, i);
        if (taken === undefined) return undefined;
        slotValue = taken.value;
        slotStart = i;
        i = taken.end;
        continue;
      }
      if (token !== phrase.words[w]) return undefined;
      i++;
    }
    return { value: phrase.value, start, end: i, ...(slotValue !== undefined ? { slotValue, slotStart } : {}) };
  }

  private slotTake(type: Slot, tokens: readonly string[], at: number): { value: string; end: number } | undefined {
    const token = tokens[at] ?? '';
    switch (type) {
      case 'naam':
        return at < tokens.length ? { value: tokens.slice(at).join(' '), end: tokens.length } : undefined;
      case 'veld': {
        const field = this.fields.get(token);
        return field ? { value: field, end: at + 1 } : undefined;
      }
      case 'stap':
        return /^[123]$/.test(token) ? { value: token, end: at + 1 } : undefined;
      case 'nummer':
        return /^[1-9]\d?$/.test(token) ? { value: token, end: at + 1 } : undefined;
    }
  }

  /**
   * Covers the words from `start` on with phrases and filler, as far as it goes. Returns the matches
   * and where the first word stands that is neither (tokens.length when everything is covered).
   */
  cover(words: readonly string[], start = 0): { matches: Array<PhraseMatch<T>>; end: number } {
    return this.coverCorrected(this.corrected(words), start);
  }

  private coverCorrected(tokens: readonly string[], start: number): { matches: Array<PhraseMatch<T>>; end: number } {
    const matches: Array<PhraseMatch<T>> = [];
    let i = start;
    while (i < tokens.length) {
      let m = this.matchAt(tokens, i);
      // Filler may also stand before a longer phrase ("mijn casus voorleggen aan een adviseur"): the match that reaches
      // furthest wins.
      for (let j = i; this.filler.has(tokens[j] ?? '') && j + 1 < tokens.length; j++) {
        const later = this.matchAt(tokens, j + 1);
        if (later && (!m || later.end > m.end)) m = later;
      }
      if (m) {
        matches.push(m);
        i = m.end;
      } else if (this.filler.has(tokens[i] ?? '')) i++;
      else break;
    }
    return { matches, end: i };
  }

  /** Where the covered tail starts: the last few words, when they are all phrases or filler. */
  coveredTail(words: readonly string[]): { matches: Array<PhraseMatch<T>>; start: number } {
    const tokens = this.corrected(words);
    for (let start = Math.max(0, tokens.length - MAX_TAIL); start < tokens.length; start++) {
      const { matches, end } = this.coverCorrected(tokens, start);
      if (end === tokens.length && matches.length > 0) return { matches, start };
    }
    return { matches: [], start: tokens.length };
  }

  /** Every phrase that occurs anywhere in the words. */
  find(words: readonly string[]): Array<PhraseMatch<T>> {
    const tokens = this.corrected(words);
    const found: Array<PhraseMatch<T>> = [];
    for (let i = 0; i < tokens.length; i++) {
      const m = this.matchAt(tokens, i);
      if (m) found.push(m);
    }
    return found;
  }
}
