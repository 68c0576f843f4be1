import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '../src/app';
import { runInsights } from '../src/cli/insights';
import {
  MAX_RATED,
  RATED_DAYS,
  isKnownFeedbackKey,
  normaliseQuestion,
  recordRating,
  recordReason,
} from '../src/domain/feedback';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';
import { formatInsights } from '../src/domain/insights';
import { InsightsStore } from '../src/host/insightsStore';
import { FakeConnector } from './support/fakeConnector';
import { BotClient, cardOf, cardText } from './support/botClient';
import { startBot } from './support/startBot';

const dir = mkdtempSync(path.join(tmpdir(), 'bpv-insights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('insights store', () => {
  it('counts advice, ratings and reasons per key, and not-sure questions by normalised text', () => {
    const store = new InsightsStore(':memory:');
    store.advised(['1.1', '1.3']);
    store.advised(['1.3']);
    store.rated('advice', ['1.1', '1.3'], true);
    store.rated('detail', ['1.3'], false);
    store.reason('detail', ['1.3'], 'te-algemeen');
    store.rated('answer', ['doc:faq'], false);
    store.unsure('Mag een student op zondag stage lopen?');
    store.unsure('mag een student op ZONDAG stage lopen');
    store.unsure('Wie betaalt de reiskosten? Mail me: jan@school.nl of 0612345678');
    const report = store.report();
    const byKey = Object.fromEntries(report.options.map((o) => [o.key, o]));
    expect(byKey['1.3']).toEqual({ key: '1.3', advised: 2, useful: 1, notUseful: 1, reasons: { 'te-algemeen': 1 } });
    expect(byKey['1.1']).toMatchObject({ advised: 1, useful: 1, notUseful: 0 });
    expect(byKey['doc:faq']).toMatchObject({ advised: 0, notUseful: 1 });
    expect(report.questions[0]).toEqual({ text: 'mag een student op zondag stage lopen', count: 2 });
    expect(JSON.stringify(report.questions)).not.toMatch(/jan|school\.nl|0612345678/);
    store.close();
  });

  it('forgets counts older than the retention', () => {
    let now = new Date('2026-01-01T12:00:00Z');
    const store = new InsightsStore(':memory:', 30, () => now);
    store.advised(['2.1']);
    store.unsure('iets heel anders');
    now = new Date('2026-01-20T12:00:00Z');
    store.advised(['2.2']);
    now = new Date('2026-02-15T12:00:00Z');
    expect(store.purgeExpired()).toBe(2);
    const report = store.report();
    expect(report.options.map((o) => o.key)).toEqual(['2.2']);
    expect(report.questions).toEqual([]);
    expect(report.since).toBe('2026-01-20');
    store.close();
  });

  it('gathers counts in memory and writes them together: after the interval, and on close', async () => {
    const file = path.join(dir, 'batched.sqlite');
    const store = new InsightsStore(file, 90, undefined, { flushMs: 50 });
    const reader = new Database(file, { readonly: true });
    const advisedInFile = () =>
      (reader.prepare("SELECT SUM(n) AS n FROM option_events WHERE key = '4.1'").get() as { n: number | null }).n ?? 0;
    store.advised(['4.1']);
    store.advised(['4.1']);
    store.unsure('een vraag die niemand kent');
    // Another process (the insights CLI) sees nothing yet: no commit per advice card.
    expect(advisedInFile()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(advisedInFile()).toBe(2);
    expect(reader.prepare('SELECT text, n FROM unsure_questions').all()).toEqual([
      { text: 'een vraag die niemand kent', n: 1 },
    ]);
    // Counts of the last moments are written by close (shutdown), not lost.
    store.advised(['4.1']);
    store.close();
    expect(advisedInFile()).toBe(3);
    reader.close();
  });

  it('normalises questions: accents, case and punctuation folded, personal data removed', () => {
    expect(normaliseQuestion('Hoe zit het met de coördinatie???')).toBe('hoe zit het met de coordinatie');
    expect(normaliseQuestion('Bel 06-12345678 of mail a.b@c.nl')).not.toMatch(/\d{6}|@/);
  });
});

describe('insights output', () => {
  it('lists options by how often they were advised, with ratings, reasons and top questions', () => {
    const text = formatInsights(
      {
        since: '2026-03-01',
        options: [
          { key: '1.3', advised: 2, useful: 1, notUseful: 1, reasons: { 'past-niet': 1 } },
          { key: '3.2', advised: 5, useful: 0, notUseful: 0, reasons: {} },
        ],
        questions: [{ text: 'mag stage op zondag', count: 3 }],
      },
      (key) => ({ '1.3': 'Twee studenten op één stageplek', '3.2': 'Afwijken van de urennorm' })[key],
    );
    expect(text).toContain('Inzichten sinds 2026-03-01');
    expect(text.indexOf('3.2 Afwijken van de urennorm: 5x geadviseerd')).toBeLessThan(
      text.indexOf('1.3 Twee studenten'),
    );
    expect(text).toContain(
      '1.3 Twee studenten op één stageplek: 2x geadviseerd, 1x nuttig, 1x niet nuttig (past niet bij mijn situatie: 1)',
    );
    expect(text).toContain('- 3x "mag stage op zondag"');
    expect(formatInsights({ options: [], questions: [] }, () => undefined)).toContain('Nog geen gebruiksgegevens');
  });

  it('npm run insights prints the report of the configured file', () => {
    const file = path.join(dir, 'cli.sqlite');
    const store = new InsightsStore(file);
    store.advised(['2.3']);
    store.rated('detail', ['2.3'], true);
    store.unsure('vraag zonder antwoord');
    store.close();
    const out = runInsights([], { INSIGHTS_PATH: file, STORAGE: 'memory' });
    expect(out).toContain(
      '2.3 Gericht werven bij bestaande leerbedrijven, samen met SBB: 1x geadviseerd, 1x nuttig, 0x niet nuttig',
    );
    expect(out).toContain('1x "vraag zonder antwoord"');
    const json = JSON.parse(runInsights(['--json'], { INSIGHTS_PATH: file, STORAGE: 'memory' })) as {
      options: Array<{ key: string }>;
    };
    expect(json.options.map((o) => o.key)).toEqual(['2.3']);
    expect(runInsights([], { INSIGHTS_PATH: path.join(dir, 'missing.sqlite'), STORAGE: 'memory' })).toContain(
      'bestaat niet',
    );
  });
});

describe('feedback and insights over HTTP', () => {
  const connector = new FakeConnector();
  const file = path.join(dir, 'bot.sqlite');
  let bot: { app: BotApp; url: string };

  beforeAll(async () => {
    await connector.start();
    bot = await startBot({ INSIGHTS_PATH: file, ADMIN_IDS: 'aad-content-owner' });
  });
  afterAll(async () => {
    await bot.app.stop();
    await connector.stop();
  });

  it('records advice, ratings, reasons and not-sure questions without user ids; admins read them in chat', async () => {
    const client = new BotClient(bot.url, connector);
    await client.submit('intake.answer', { field: 'sector', sector: 'vgg' });
    await client.submit('intake.answer', { field: 'situations', situations: 'thuiswerken' });
    await client.submit('intake.answer', { field: 'places', places: 'te-weinig' });
    const advice = await client.submit('intake.answer', { field: 'details', skip: true });
    const adviceCard = advice.sent.map((a) => cardOf(a)).find((c) => cardText(c).includes('Was dit advies nuttig?'));
    expect(adviceCard).toBeDefined();
    const rate = JSON.stringify(adviceCard).match(
      /"verb":"feedback.rate","data":\{"kind":"advice","keys":"([^"]+)","useful":"nee"\}/,
    );
    expect(rate?.[1]).toMatch(/^\d\.\d+(,\d\.\d+)*$/);
    const shown = rate?.[1]?.split(',') ?? [];

    // "Niet nuttig" asks for a reason; the reason card turns into a thank-you in place.
    const notUseful = await client.execute('feedback.rate', { kind: 'advice', keys: rate?.[1], useful: 'nee' });
    expect(cardText(cardOf(notUseful.sent[0]))).toContain('Wat kan beter?');
    const reason = await client.execute('feedback.reason', { kind: 'advice', keys: rate?.[1], reason: 'past-niet' });
    expect(cardText((reason.body as { value: unknown }).value)).toContain('Dank je voor je reactie');
    await client.execute('feedback.rate', { kind: 'detail', keys: '1.3', useful: 'ja' });

    // A question the engine is not sure about; its card can be rated and handed to an adviser too.
    const [unsure] = await client.say('Ik zit met een lastige situatie rond de praktijk');
    expect(JSON.stringify(cardOf(unsure))).toContain('"verb":"referral.start"');

    // A sure answer card: rated as an answer about its key, and "vraag een adviseur" carries the option.
    const [sure] = await client.say('Kunnen twee studenten samen één stageplek delen?');
    const sureCard = JSON.stringify(cardOf(sure));
    const answerKey = sureCard.match(
      /"verb":"feedback.rate","data":\{"kind":"answer","keys":"([^"]+)","useful":"ja"\}/,
    )?.[1];
    expect(answerKey).toBe('1.3');
    expect(sureCard).toContain('"verb":"referral.start","data":{"option":"1.3"}');
    const rated = await client.execute('feedback.rate', { kind: 'answer', keys: answerKey, useful: 'ja' });
    expect(rated.sent.map((a) => a.text).join()).toContain('Dank je');

    // Only admins get the insights in chat.
    const refused = await client.say('inzichten');
    expect(refused[0]?.text).toContain('alleen voor beheerders');
    const admin = new BotClient(bot.url, connector, { userId: 'aad-content-owner' });
    const [report] = await admin.say('inzichten');
    const text = String(report?.text);
    expect(text).toContain(`${shown[0]} `);
    expect(text).toMatch(
      new RegExp(
        `${shown[0]?.replace('.', '\\.')} [^\\n]+: 1x geadviseerd, 0x nuttig, 1x niet nuttig \\(past niet bij mijn situatie: 1\\)`,
      ),
    );
    // Rated useful once on the detail card and once on the answer card.
    expect(text).toMatch(/1\.3 Twee studenten op één stageplek: \d+x geadviseerd, 2x nuttig/);
    expect(text).toContain('"ik zit met een lastige situatie rond de praktijk"');

    // Nothing in the insights file identifies the coordinator.
    const db = new Database(file, { readonly: true });
    const dump = JSON.stringify([
      db.prepare('SELECT * FROM option_events').all(),
      db.prepare('SELECT * FROM unsure_questions').all(),
    ]);
    db.close();
    expect(dump).not.toContain(client.userId);
    expect(dump).not.toContain(client.conversationId);
    expect(dump).not.toContain('Coördinator');
  });
});

describe('feedback that cannot be steered or flooded (issue 15, item 5)', () => {
  const knowledge = loadKnowledge(KNOWLEDGE_DIR);

  it('knows the keys of the loaded knowledge only', () => {
    for (const key of ['1.1', '3.5', 'doc:faq', 'doc:servicedocument', 'contact:sbb', 'contact:btg-overleg'])
      expect(isKnownFeedbackKey(knowledge, key), key).toBe(true);
    for (const key of ['1.99', '3.9', 'doc:bestaat-niet', 'doc:', 'contact:mboraadx', 'constructor', '__proto__'])
      expect(isKnownFeedbackKey(knowledge, key), key).toBe(false);
  });

  it('counts one rating per card key, remembers it for a bounded time, and a reason only after "niet nuttig"', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
    let r = recordRating([], 'advice', ['1.1', '1.2'], false, day(0));
    expect(r.counted).toEqual(['1.1', '1.2']);
    r = recordRating(r.rated, 'advice', ['1.2', '1.3'], true, day(1));
    expect(r.counted).toEqual(['1.3']);
    // Another kind of card about the same option is another card.
    expect(recordRating(r.rated, 'detail', ['1.2'], true, day(1)).counted).toEqual(['1.2']);
    let reason = recordReason(r.rated, 'advice', ['1.1', '1.3'], day(1));
    expect(reason.counted).toEqual(['1.1']); // 1.3 was rated useful: no reason to count
    reason = recordReason(reason.rated, 'advice', ['1.1'], day(1));
    expect(reason.counted).toEqual([]);
    // After RATED_DAYS the memory has gone: a new rating counts again.
    expect(recordRating(reason.rated, 'advice', ['1.1'], true, day(RATED_DAYS - 1)).counted).toEqual([]);
    expect(recordRating(reason.rated, 'advice', ['1.1'], true, day(RATED_DAYS + 1)).counted).toEqual(['1.1']);
    // Bounded: the oldest go first.
    let many = recordRating([], 'answer', ['1.1'], true, day(0)).rated;
    for (let i = 1; i <= MAX_RATED + 10; i++)
      many = recordRating(many, 'answer', [`${1 + (i % 3)}.${i}`], true, day(1)).rated;
    expect(many).toHaveLength(MAX_RATED);
    expect(many.some((e) => e.key === 'answer:1.1')).toBe(false);
  });

  describe('over HTTP', () => {
    const connector = new FakeConnector();
    const file = path.join(dir, 'steer.sqlite');
    let bot: { app: BotApp; url: string };
    const ADMIN = 'aad-content-owner-2';

    beforeAll(async () => {
      await connector.start();
      bot = await startBot({ INSIGHTS_PATH: file, ADMIN_IDS: ADMIN });
    });
    afterAll(async () => {
      await bot.app.stop();
      await connector.stop();
    });

    /** The admin's "inzichten" lines for keys, as "key: ..." text. */
    const report = async () =>
      String((await new BotClient(bot.url, connector, { userId: ADMIN }).say('inzichten'))[0]?.text);

    it("refuses made-up keys, counts one user's rating of a card once, and answers a repeat kindly", async () => {
      const user = new BotClient(bot.url, connector);
      // Keys of the right shape (the card schema lets them through) that the knowledge does not have.
      const fake = Array.from(
        { length: 30 },
        (_, i) => `doc:nep-${String.fromCharCode(97 + (i % 26)).repeat(1 + Math.floor(i / 26))}`,
      ).join(',');
      const refused = await user.execute('feedback.rate', { kind: 'advice', keys: fake, useful: 'nee' });
      expect(refused.status).toBe(200);
      expect(refused.sent.map((a) => a.text).join()).toMatch(/kaart ken ik niet/);
      expect(refused.sent.some((a) => cardOf(a))).toBe(false);

      // Made-up keys beside a real one: only the real one counts.
      await user.execute('feedback.rate', {
        kind: 'detail',
        keys: '2.1,1.99,doc:bestaat-niet,contact:sbb',
        useful: 'ja',
      });

      // "Niet nuttig" on 2.1's advice card, pressed 20 times by one user.
      const first = await user.execute('feedback.rate', { kind: 'advice', keys: '2.1', useful: 'nee' });
      expect(cardText(cardOf(first.sent[0]))).toContain('Wat kan beter?');
      for (let i = 0; i < 19; i++) {
        const again = await user.execute('feedback.rate', {
          kind: 'advice',
          keys: '2.1',
          useful: i % 2 ? 'ja' : 'nee',
        });
        expect(again.status).toBe(200);
        expect(again.sent.map((a) => a.text).join()).toBe('Je had deze kaart al beoordeeld. Dank je!');
      }
      // The reason counts once too.
      const reason = await user.execute('feedback.reason', { kind: 'advice', keys: '2.1', reason: 'klopt-niet' });
      expect(cardText((reason.body as { value: unknown }).value)).toContain('Dank je voor je reactie');
      const reasonAgain = await user.execute('feedback.reason', { kind: 'advice', keys: '2.1', reason: 'klopt-niet' });
      expect(reasonAgain.sent.map((a) => a.text).join()).toContain('al een reden');
      // A reason for a card that was never rated "niet nuttig" does not count.
      await user.execute('feedback.reason', { kind: 'answer', keys: '1.2', reason: 'anders' });

      // Another user's rating of the same card counts.
      await new BotClient(bot.url, connector).execute('feedback.rate', { kind: 'advice', keys: '2.1', useful: 'nee' });

      const text = await report();
      expect(text).toMatch(
        /- 2\.1 [^\n]+: 0x geadviseerd, 1x nuttig, 2x niet nuttig \(klopt niet of is verouderd: 1\)/,
      );
      expect(text).toMatch(/- contact:sbb: 0x geadviseerd, 1x nuttig, 0x niet nuttig/);
      expect(text).not.toMatch(/nep-|bestaat-niet|1\.99|- 1\.2 /);

      // Nothing that says who rated what is in the insights file.
      await bot.app.stop();
      const db = new Database(file, { readonly: true });
      const rows = db.prepare('SELECT key FROM option_events').all() as Array<{ key: string }>;
      db.close();
      expect([...new Set(rows.map((r) => r.key))].sort()).toEqual(['2.1', 'contact:sbb']);
      bot = await startBot({ INSIGHTS_PATH: file, ADMIN_IDS: ADMIN });
    });
  });
});
