import { fold } from '../common/text';

const UNITS: Record<string, number> = {
  nul: 0,
  een: 1,
  één: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  zes: 6,
  zeven: 7,
  acht: 8,
  negen: 9,
  tien: 10,
  elf: 11,
  twaalf: 12,
  dertien: 13,
  veertien: 14,
  vijftien: 15,
  zestien: 16,
  zeventien: 17,
  achttien: 18,
  negentien: 19,
};
const TENS: Record<string, number> = {
  twintig: 20,
  dertig: 30,
  veertig: 40,
  vijftig: 50,
  zestig: 60,
  zeventig: 70,
  tachtig: 80,
  negentig: 90,
};

/** English number words, for a count said in an English message ("twenty students"). */
const ENGLISH: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
};

/**
 * Parses one Dutch number word up to 999 ("twaalf", "eenendertig", "tweehonderdvijftig"); with `english`
 * also an English one ("twenty"), for a count right before a word for students ("ten" is Dutch too: "ten minste").
 */
export function parseNumberWord(word: string, english = false): number | undefined {
  const w = fold(word);
  if (w === '') return undefined;
  if (english && w in ENGLISH) return ENGLISH[w];
  if (w in UNITS) return UNITS[w];
  if (w in TENS) return TENS[w];
  if (w === 'honderd') return 100;
  const hundred = /^(.*?)honderd(.*)$/.exec(w);
  if (hundred) {
    const head = hundred[1] ? parseNumberWord(hundred[1]) : 1;
    const tail = hundred[2] ? parseNumberWord(hundred[2].replace(/^en/, '')) : 0;
    if (head === undefined || tail === undefined || head > 9 || tail > 99) return undefined;
    return head * 100 + tail;
  }
  const compound =
    /^(een|twee|drie|vier|vijf|zes|zeven|acht|negen)en(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)$/.exec(
      w,
    );
  if (compound?.[1] && compound[2]) return (UNITS[compound[1]] ?? 0) + (TENS[compound[2]] ?? 0);
  // "een tiental", "een twintigtal": about that many.
  const about = /^(.+)tal$/.exec(w);
  const value = about?.[1] ? parseNumberWord(about[1]) : undefined;
  if (value !== undefined && value >= 2) return value;
  return undefined;
}

/**
 * The first count in a Dutch answer: "12", "ongeveer 12", "een stuk of tien", "1.000", "twintig
 * studenten". "een" alone is read as the article, not as 1, unless it is the whole answer.
 */
export function parseCount(text: string): number | undefined {
  const digits = /(\d{1,3}(?:\.\d{3})+|\d+)/.exec(text);
  if (digits?.[1]) return Number(digits[1].replace(/\./g, ''));
  const tokens = fold(text).split(' ');
  if (tokens.length === 1 && tokens[0] === 'een') return 1;
  for (const token of tokens) {
    if (token === 'een') continue;
    const value = parseNumberWord(token);
    if (value !== undefined) return value;
  }
  return undefined;
}
