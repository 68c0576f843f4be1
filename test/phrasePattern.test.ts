import { describe, expect, it } from 'vitest';
import { phrasesPattern } from '../src/common/phrasePattern';
import { fold } from '../src/common/text';

const matches = (phrases: string[], text: string) => phrasesPattern(phrases).test(fold(text));

describe('phrases from knowledge/ as patterns', () => {
  it('matches whole words in order, with or without a separator between them', () => {
    expect(matches(['niveau 2'], 'Niveau-2 studenten')).toBe(true);
    expect(matches(['niveau 2'], 'niveau2')).toBe(true);
    expect(matches(['niveau 2'], 'niveau 20')).toBe(false);
    expect(matches(['n 2'], 'in 2 weken')).toBe(false);
    expect(matches(['wie'], 'wie kan ik bellen')).toBe(true);
    expect(matches(['wie'], 'wiens')).toBe(false);
  });

  it('reads a word ending in * as the start of longer words, and ... as at most four other words', () => {
    expect(matches(['bbl*'], "twee bbl'ers")).toBe(true);
    expect(matches(['contact*'], 'de contactpersoon')).toBe(true);
    expect(matches(['waar ... vinden'], 'waar kan ik het servicedocument vinden?')).toBe(true);
    expect(matches(['waar ... vinden'], 'waar kunnen al mijn studenten een stage vinden')).toBe(false);
  });

  it('never matches without phrases, and replaces every match when global', () => {
    expect(matches([], 'alles')).toBe(false);
    expect(fold('niveau 2 en n3').replace(phrasesPattern(['niveau 2', 'n 3'], true), '#')).toBe('# en #');
  });
});
