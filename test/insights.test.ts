import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '../src/app';
import { runInsights } from '../src/cli/insights';
import {
  MAX_RATED,
  RATED_DAYS,
  MAX_STORED_QUESTION,
  isKnownFeedbackKey,
  normaliseQuestion,
  recordRating,
  recordReason,
} from '../src/domain/feedback';
import type { InsightsRecorder } from '../src/insights/recorder';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';
import { SqliteInsightsStore } from '../src/host/insightsStore';
import type { CountRow, InsightsData } from '../src/insights/model';
import { createRecorder, perTurn } from '../src/insights/recorder';
import { buildReport, labelsOf } from '../src/insights/report';
import type { InsightsSink } from '../src/insights/store';
import { loadInterpreter } from '../src/understanding/interpreter';
import { FakeConnector } from './support/fakeConnector';
import { BotClient, cardOf, cardText } from './support/botClient';
import { startBot } from './support/startBot';

const dir = mkdtempSync(path.join(tmpdir(), 'bpv-insights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const knowledge = loadKnowledge(KNOWLEDGE_DIR);

const total = (data: InsightsData, metric: CountRow['metric'], key?: string) =>
  data.counts
    .filter((r) => r.metric === metric && (key === undefined || r.key === key))
    .reduce((sum, r) => sum + r.n, 0);

describe('SQLite insights store', () => {
  it('counts per day and key, and keeps question texts normalised, scrubbed and capped', async () => {
    let now = new Date('2026-03-02T23:59:00Z');
    const store = new SqliteInsightsStore(':memory:', { now: () => now });
    store.count('advised', '1.3');
    store.count('useful', '1.3', 'advice');
    now = new Date('2026-03-03T00:01:00Z');
    store.count('advised', '1.3');
    store.text('unsure', '', 'Mag een student op zondag stage lopen?');
    store.text('unsure', '', 'mag een student op ZONDAG stage lopen');
    store.text(
      'out-of-scope',
      'general',
      'Wie betaalt de reiskosten? Mail me: jan@school.nl of 0612345678, IBAN NL91ABNA0417164300',
    );
    store.text('unsure', '', `lange vraag ${'woord '.repeat(100)}`);
    store.text('unsure', '', '!!! ???');
    const data = await store.read();
    expect(data.counts.filter((r) => r.metric === 'advised')).toEqual([
      { day: '2026-03-02', metric: 'advised', key: '1.3', detail: '', n: 1 },
      { day: '2026-03-03', metric: 'advised', key: '1.3', detail: '', n: 1 },
    ]);
    expect(data.texts.find((t) => t.text.startsWith('mag'))).toEqual({
      day: '2026-03-03',
      kind: 'unsure',
      key: '',
      text: 'mag een student op zondag stage lopen',
      n: 2,
    });
    const scrubbed = data.texts.find((t) => t.kind === 'out-of-scope');
    expect(scrubbed?.text).toBe('wie betaalt de reiskosten mail me e mail of telefoon iban iban');
    expect(JSON.stringify(data.texts)).not.toMatch(/jan|school|0612345678|NL91|[A-Z?!@]/);
    expect(Math.max(...data.texts.map((t) => t.text.length))).toBeLessThanOrEqual(MAX_STORED_QUESTION);
    expect(data.texts).toHaveLength(3);
    expect(data.instances).toBe(1);
    await store.close();
  });

  it('forgets counts and texts older than the retention', async () => {
    let now = new Date('2026-01-01T12:00:00Z');
    const store = new SqliteInsightsStore(':memory:', { retentionDays: 30, now: () => now });
    store.count('advised', '2.1');
    store.text('unsure', '', 'iets heel anders');
    now = new Date('2026-01-20T12:00:00Z');
    store.count('advised', '2.2');
    now = new Date('2026-02-15T12:00:00Z');
    expect(await store.purgeExpired()).toBe(2);
    const data = await store.read();
    expect(data.counts.map((r) => r.key)).toEqual(['2.2']);
    expect(data.texts).toEqual([]);
    await store.close();
  });

  it('gathers counts in memory and writes them together: after the interval, and on close', async () => {
    const file = path.join(dir, 'batched.sqlite');
    const store = new SqliteInsightsStore(file, { flushMs: 50 });
    const reader = new Database(file, { readonly: true });
    const advisedInFile = () =>
      (reader.prepare("SELECT SUM(n) AS n FROM insight_counts WHERE key = '4.1'").get() as { n: number | null }).n ?? 0;
    store.count('advised', '4.1');
    store.count('advised', '4.1');
    store.text('unsure', '', 'een vraag die niemand kent');
    // Another process (the insights CLI) sees nothing yet: no commit per advice card.
    expect(advisedInFile()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(advisedInFile()).toBe(2);
    expect(reader.prepare('SELECT text, n FROM insight_texts').all()).toEqual([
      { text: 'een vraag die niemand kent', n: 1 },
    ]);
    // Counts of the last moments are written by close (shutdown), not lost.
    store.count('advised', '4.1');
    await store.close();
    expect(advisedInFile()).toBe(3);
    reader.close();
  });

  it('takes over the counts of the file an older release wrote', async () => {
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE option_events (day TEXT, key TEXT, event TEXT, source TEXT, reason TEXT, n INTEGER, PRIMARY KEY (day, key, event, source, reason));
      CREATE TABLE unsure_questions (day TEXT, text TEXT, n INTEGER, PRIMARY KEY (day, text));
      INSERT INTO option_events VALUES ('2026-05-01', '1.3', 'advised', '', '', 4), ('2026-05-01', '1.3', 'not-useful', 'detail', '', 2),
        ('2026-05-01', '1.3', 'reason', 'detail', 'te-algemeen', 1);
      INSERT INTO unsure_questions VALUES ('2026-05-02', 'oude vraag', 3);`);
    old.close();
    const store = new SqliteInsightsStore(file, { now: () => new Date('2026-05-03T00:00:00Z') });
    const data = await store.read();
    expect(total(data, 'advised', '1.3')).toBe(4);
    expect(data.counts).toContainEqual({ day: '2026-05-01', metric: 'not-useful', key: '1.3', detail: 'detail', n: 2 });
    expect(data.counts).toContainEqual({
      day: '2026-05-01',
      metric: 'reason',
      key: '1.3',
      detail: 'te-algemeen',
      n: 1,
    });
    expect(data.texts).toEqual([{ day: '2026-05-02', kind: 'unsure', key: '', text: 'oude vraag', n: 3 }]);
    await store.close();
  });

  it('normalises questions: accents, case and punctuation folded, personal data removed', () => {
    expect(normaliseQuestion('Hoe zit het met de coördinatie???')).toBe('hoe zit het met de coordinatie');
    expect(normaliseQuestion('Bel 06-12345678 of mail a.b@c.nl')).not.toMatch(/\d{6}|@/);
  });
});

/** A sink that keeps what it is given, in order. */
function listSink(): InsightsSink & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    count: (metric, key, detail = '') => calls.push(`${metric} ${key} ${detail}`.trim()),
    text: (kind, key, text) => calls.push(`text ${kind} ${key} ${text}`),
  };
}

describe('what the dialogs record', () => {
  it('counts keys and intents of the loaded knowledge only, and keeps texts of the verdicts to learn from', async () => {
    const interpreter = await loadInterpreter(knowledge);
    const sink = listSink();
    const recorder = createRecorder(sink, knowledge);
    recorder.advised(1, ['1.1', '1.3', '1.99']);
    recorder.advised(7, ['1.1']);
    recorder.opened('2.3');
    recorder.opened('doc:faq');
    recorder.planned('3.1');
    recorder.rated('answer', ['doc:faq', 'doc:nep'], false);
    recorder.reason('answer', ['doc:faq'], 'onduidelijk');
    recorder.referred('sbb');
    recorder.referred('iemand');
    recorder.notUsefulAnswer('Mag het wel?', '1.3');
    recorder.notUsefulAnswer('Mag het wel?', '9.9');
    const ask = (text: string) => recorder.understood(text, interpreter.interpret(text, { where: 'personal' }));
    ask('documenten');
    ask('dankjewel');
    ask('wat is de stagevergoeding?');
    ask('Kunnen twee studenten samen één stageplek delen?');
    ask('Ik zit met een lastige situatie rond de praktijk');
    expect(sink.calls).toEqual([
      'advice-card 1',
      'advised 1.1',
      'advised 1.3',
      'opened 2.3',
      'planned 3.1',
      'not-useful doc:faq answer',
      'reason doc:faq onduidelijk',
      'referral sbb',
      'text not-useful 1.3 Mag het wel?',
      'intent command:documents',
      'intent smalltalk:thanks',
      'intent out-of-scope:stagevergoeding',
      'text out-of-scope stagevergoeding wat is de stagevergoeding?',
      'intent question:sure',
      'intent question:unsure',
      'text unsure  Ik zit met een lastige situatie rond de praktijk',
    ]);
  });

  it("counts once per turn, after the save, and of the verdicts on a turn's text only the last", async () => {
    const interpreter = await loadInterpreter(knowledge);
    const sink = listSink();
    const deferred: Array<() => void> = [];
    const turnState = new Map<unknown, unknown>();
    const forTurn = (): InsightsRecorder =>
      perTurn(createRecorder(sink, knowledge), (run) => deferred.push(run), turnState);
    forTurn().understood('nee', interpreter.interpret('nee', { where: 'personal' }));
    forTurn().understood('nee', interpreter.interpret('nee', { where: 'personal', during: 'advice' }));
    forTurn().planned('1.2');
    expect(sink.calls).toEqual([]);
    for (const run of deferred) run();
    expect(sink.calls).toEqual(['intent command:next-step', 'planned 1.2']);
  });
});

describe('the report', () => {
  it('sums per week, per option and per intent, and names keys and intents in Dutch', () => {
    const counts: CountRow[] = [
      { day: '2026-09-07', metric: 'intent', key: 'question:sure', detail: '', n: 5 },
      { day: '2026-09-08', metric: 'intent', key: 'question:unsure', detail: '', n: 2 },
      { day: '2026-09-14', metric: 'intent', key: 'out-of-scope:stagevergoeding', detail: '', n: 1 },
      { day: '2026-09-14', metric: 'intent', key: 'command:documents', detail: '', n: 4 },
      { day: '2026-09-14', metric: 'advice-card', key: '1', detail: '', n: 3 },
      { day: '2026-09-14', metric: 'advised', key: '1.3', detail: '', n: 3 },
      { day: '2026-09-15', metric: 'not-useful', key: '1.3', detail: 'detail', n: 2 },
      { day: '2026-09-15', metric: 'reason', key: '1.3', detail: 'past-niet', n: 1 },
      { day: '2026-09-15', metric: 'referral', key: 'sbb', detail: '', n: 1 },
    ];
    const report = buildReport({ counts, texts: [], instances: 2 }, labelsOf(knowledge), {
      now: new Date('2026-09-16T08:00:00Z'),
    });
    expect(report.period).toEqual({ from: '2026-09-07', to: '2026-09-16' });
    expect(report.weeks).toEqual([
      { week: '2026-09-07', label: 'wk 37', questions: 7, unsure: 2, outOfScope: 0, adviceCards: 0, referrals: 0 },
      { week: '2026-09-14', label: 'wk 38', questions: 1, unsure: 0, outOfScope: 1, adviceCards: 3, referrals: 1 },
    ]);
    expect(report.totals).toMatchObject({
      questions: 8,
      unsure: 2,
      outOfScope: 1,
      adviceCards: 3,
      referrals: 1,
      notUseful: 2,
      messages: 12,
    });
    expect(report.options).toEqual([
      {
        key: '1.3',
        title: 'Twee studenten op één stageplek',
        advised: 3,
        opened: 0,
        planned: 0,
        useful: 0,
        notUseful: 2,
        reasons: { 'past-niet': 1 },
      },
    ]);
    expect(report.intents.map((i) => i.label)).toEqual([
      'Vraag met een zeker antwoord',
      'Opdracht "documenten"',
      'Vraag zonder zeker antwoord',
      'Buiten de handreiking: een stagevergoeding',
    ]);
    expect(report.instances).toBe(2);
  });
});

describe('npm run insights', () => {
  it('prints the report of the configured file as text, JSON, an HTML file or suggestions', async () => {
    const file = path.join(dir, 'cli.sqlite');
    const store = new SqliteInsightsStore(file);
    store.count('advised', '2.3');
    store.count('useful', '2.3', 'detail');
    store.text('unsure', '', 'vraag zonder antwoord');
    await store.close();
    const env = { INSIGHTS_PATH: file, STORAGE: 'memory' };
    const out = await runInsights([], env);
    expect(out).toContain(
      '2.3 Gericht werven bij bestaande leerbedrijven, samen met SBB: 1x geadviseerd, 0x geopend, 0x in een plan, 1x nuttig, 0x niet nuttig',
    );
    expect(out).toContain('1x "vraag zonder antwoord"');
    const json = JSON.parse(await runInsights(['--json'], env)) as {
      options: Array<{ key: string }>;
      instances: number;
    };
    expect(json.options.map((o) => o.key)).toEqual(['2.3']);
    expect(json.instances).toBe(1);
    const html = path.join(dir, 'rapport.html');
    expect(await runInsights(['--html', html, '--days', '30'], env)).toContain(html);
    expect(readFileSync(html, 'utf8')).toContain('Gericht werven bij bestaande leerbedrijven');
    expect(await runInsights(['--suggest'], env)).toMatch(/^# npm run insights -- --suggest/);
    expect(await runInsights([], { INSIGHTS_PATH: path.join(dir, 'missing.sqlite'), STORAGE: 'memory' })).toContain(
      'bestaat niet',
    );
    await expect(runInsights(['--html'], env)).rejects.toThrow(/heeft een waarde nodig/);
    await expect(runInsights(['--days', 'veel'], env)).rejects.toThrow(/Ongeldige optie/);
    await expect(runInsights(['--pdf'], env)).rejects.toThrow(/Onbekende optie "--pdf"/);
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

  it('records advice, opened and planned options, ratings, referrals and verdicts without user ids; admins get a card', async () => {
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
    // A detail card opened, an option planned (twice: it counts once), a referral sent.
    await client.submit('option.details', { option: '1.11' });
    await client.submit('plan.add', { option: '1.11' });
    await client.submit('plan.add', { option: '1.11' });
    await client.submit('referral.send', { route: 'sbb', summary: 'Sector zorg, thuiswerken.', question: '' });

    // A question the engine is not sure about; its card can be rated and handed to an adviser too.
    const [unsure] = await client.say('Ik zit met een lastige situatie rond de praktijk');
    expect(JSON.stringify(cardOf(unsure))).toContain('"verb":"referral.start"');

    // A sure answer card: rated as an answer about its key, and "vraag een adviseur" carries the option.
    const [sure] = await client.say('Kunnen twee studenten samen één stageplek delen? Mail jan@school.nl');
    const sureCard = JSON.stringify(cardOf(sure));
    const answerKey = sureCard.match(
      /"verb":"feedback.rate","data":\{"kind":"answer","keys":"([^"]+)","useful":"ja"\}/,
    )?.[1];
    expect(answerKey).toBe('1.3');
    expect(sureCard).toContain('"verb":"referral.start","data":{"option":"1.3"}');
    // "Niet nuttig" on it carries the question, normalised and without the address.
    const question = sureCard.match(/"useful":"nee","question":"([^"]+)"/)?.[1];
    expect(question).toBe('kunnen twee studenten samen een stageplek delen mail e mail');
    const rated = await client.execute('feedback.rate', { kind: 'answer', keys: answerKey, useful: 'nee', question });
    expect(cardText(cardOf(rated.sent[0]))).toContain('Wat kan beter?');

    // Only admins get the insights in chat: a short card.
    const refused = await client.say('inzichten');
    expect(refused[0]?.text).toContain('alleen voor beheerders');
    const admin = new BotClient(bot.url, connector, { userId: 'aad-content-owner' });
    const [summary] = await admin.say('inzichten');
    const card = cardText(cardOf(summary));
    const facts = JSON.stringify(cardOf(summary));
    expect(card).toContain('Laatste 30 dagen');
    expect(facts).toContain('{"title":"Vragen","value":"2"}');
    expect(facts).toContain('{"title":"Niet zeker","value":"1 (50%)"}');
    expect(facts).toContain('{"title":"Adviezen","value":"1"}');
    expect(facts).toContain('{"title":"Doorverwijzingen","value":"1"}');
    // Useful: the detail card; not useful: every option of the advice card, and the answer card.
    expect(facts).toContain(`{"title":"Nuttig / niet nuttig","value":"1 / ${shown.length + 1}"}`);
    expect(facts).toContain('{"title":"1x","value":"ik zit met een lastige situatie rond de praktijk"}');
    expect(card).toContain('npm run insights -- --html');

    // The counts, as the store has them once the bot has stopped.
    await bot.app.stop();
    const data = await new SqliteInsightsStore(file).read();
    expect(total(data, 'advice-card')).toBe(1);
    expect(total(data, 'advised')).toBe(shown.length);
    expect(total(data, 'opened', '1.11')).toBe(1);
    expect(total(data, 'planned', '1.11')).toBe(1);
    expect(total(data, 'referral', 'sbb')).toBe(1);
    expect(total(data, 'not-useful', shown[0])).toBe(1);
    expect(total(data, 'reason', shown[0])).toBe(1);
    expect(total(data, 'intent', 'question:unsure')).toBe(1);
    expect(total(data, 'intent', 'question:sure')).toBe(1);
    expect(total(data, 'intent', 'command:insights')).toBe(2);
    expect(data.texts.map((t) => [t.kind, t.key, t.text])).toEqual(
      expect.arrayContaining([
        ['unsure', '', 'ik zit met een lastige situatie rond de praktijk'],
        ['not-useful', '1.3', 'kunnen twee studenten samen een stageplek delen mail e mail'],
      ]),
    );

    // Nothing in the insights file identifies the coordinator.
    const db = new Database(file, { readonly: true });
    const dump = JSON.stringify([
      db.prepare('SELECT * FROM insight_counts').all(),
      db.prepare('SELECT * FROM insight_texts').all(),
    ]);
    db.close();
    expect(dump).not.toContain(client.userId);
    expect(dump).not.toContain(client.conversationId);
    expect(dump).not.toContain('aad-content-owner');
    expect(dump).not.toMatch(/Coördinator|jan|school\.nl/);
    bot = await startBot({ INSIGHTS_PATH: file, ADMIN_IDS: 'aad-content-owner' });
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

    /** What the store holds for a metric, per key, once the bot has stopped (then it starts again). */
    const stored = async () => {
      await bot.app.stop();
      const data = await new SqliteInsightsStore(file).read();
      bot = await startBot({ INSIGHTS_PATH: file, ADMIN_IDS: ADMIN });
      return data;
    };

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

      const data = await stored();
      expect(total(data, 'useful', '2.1')).toBe(1);
      expect(total(data, 'not-useful', '2.1')).toBe(2);
      expect(data.counts.filter((r) => r.metric === 'reason')).toEqual([
        expect.objectContaining({ key: '2.1', detail: 'klopt-niet', n: 1 }),
      ]);
      expect(total(data, 'useful', 'contact:sbb')).toBe(1);
      // Nothing but keys of the knowledge, and nothing that says who rated what.
      expect([...new Set(data.counts.map((r) => r.key))].sort()).toEqual(['2.1', 'contact:sbb']);
      expect(JSON.stringify(data)).not.toContain(user.userId);
    });
  });
});
