import { describe, expect, it } from 'vitest';
import { CardRenderer } from '../src/cards/render';
import { cardSafe } from '../src/cards/userText';
import { CARDS_DIR } from '../src/common/paths';
import { cardOf } from './support/botClient';
import { useBotServer } from './support/useBotServer';

/** User text shown back on cards: Markdown escaped, `${...}` never evaluated. */

describe('cardSafe', () => {
  it('escapes Markdown so it shows literally, and drops control characters', () => {
    expect(cardSafe('**vet** _schuin_ [klik](https://x.invalid) `code` <b> # kop')).toBe(
      '\\*\\*vet\\*\\* \\_schuin\\_ \\[klik\\]\\(https://x.invalid\\) \\`code\\` \\<b\\> \\# kop',
    );
    expect(cardSafe('- punt\n1. nummer\ngewoon 2.5 - 3')).toBe('\\- punt\n\\1. nummer\ngewoon 2.5 - 3');
    expect(cardSafe('a\u0000b\u0007c\u202ed')).toBe('abcd');
    expect(cardSafe('Stage bij één bedrijf: 12 uur, €5 ${x}')).toBe('Stage bij één bedrijf: 12 uur, €5 ${x}');
  });
});

describe('templates never evaluate expressions in data', () => {
  it('keeps ${...} from data as literal text', () => {
    const renderer = new CardRenderer(CARDS_DIR);
    const card = renderer.render('intake-answered', {
      question: 'Vraag',
      answer: '${string(1+1)} ${$root} ${process}',
      field: 'sector',
    });
    const json = JSON.stringify(card);
    expect(json).toContain('${string(1+1)} ${$root} ${process}');
  });
});

describe('a plan name with markup, over HTTP', () => {
  const server = useBotServer();

  it('is shown escaped and unevaluated on the plan card', async () => {
    const client = server.client();
    const replies = await client.say('nieuw plan **Vet** [x](https://v.invalid) ${1+1}');
    const body = (cardOf(replies.at(-1))?.body ?? []) as Array<{ text?: string }>;
    const texts = body.map((b) => b.text ?? '');
    expect(texts).toContain('\\*\\*Vet\\*\\* \\[x\\]\\(https://v.invalid\\) ${1+1}');
    expect(texts.join('\n')).not.toMatch(/(^|[^\\])\[x\]\(/);
  });
});
