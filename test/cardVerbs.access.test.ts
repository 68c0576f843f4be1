import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '../src/app';
import { Verb, type VerbName, parseCardAction } from '../src/cards/actions';
import { TURN_ERROR_MESSAGE } from '../src/host/turnPipeline';
import { PERSONAL_ONLY } from '../src/teams/replies';
import { type ActivityLike, BotClient, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * Who may press each card verb, and where (issue 15, item 3). Every verb is pressed in a personal chat,
 * an ordinary group chat, another channel of the advisers' team and the advisers' channel, as
 * Action.Execute and as Action.Submit. Outside personal chat only two work: `referral.claim`, and only in
 * the advisers' channel, and `answer.show` (it only shows an answer), anywhere. Everything else there
 * changes nothing. Prints the table.
 */

const CHANNEL = '19:adviseurs@thread.tacv2';
const OTHER_CHANNEL = '19:algemeen@thread.tacv2';
const TEAM = '19:team@thread.tacv2';
const ADMIN = 'aad-admin-verbs';

type Place = 'personal' | 'groupChat' | 'otherChannel' | 'advisersChannel';
type Outcome = 'handled' | 'personal chat only' | 'claim refused' | 'claimed' | 'other';

/** Valid data for every verb: a new verb without a row here does not compile. */
const DATA = (referralId: string): Record<VerbName, Record<string, unknown>> => ({
  'intake.start': {},
  'intake.answer': { field: 'sector', sector: 'zws' },
  'intake.change': { field: 'places' },
  'intake.answers': {},
  'advice.step': { step: 1 },
  'advice.enough': {},
  'advice.show': {},
  'option.details': { option: '1.3' },
  'answer.show': { option: 'doc:faq' },
  'documents.show': {},
  'contacts.show': {},
  help: {},
  restart: {},
  'plan.add': { option: '1.1' },
  'plan.show': {},
  'plan.status': { planId: 'p1', option: '1.1', status: 'bezig' },
  'plan.edit': { planId: 'p1', option: '1.1' },
  'plan.note': { planId: 'p1', option: '1.1', note: 'Bellen' },
  'plan.remove': { planId: 'p1', option: '1.1' },
  'plan.select': { planId: 'p1' },
  'plan.new': { name: 'Cohort 2027' },
  'plan.export': {},
  'referral.start': { option: '2.3' },
  'referral.send': { route: 'sbb', summary: 'Casus', question: 'Wie helpt met werven?' },
  'referral.claim': { referralId },
  'feedback.rate': { kind: 'detail', keys: '1.3', useful: 'ja' },
  'feedback.reason': { kind: 'detail', keys: '1.3', reason: 'te-algemeen' },
});

/** The rule the bot must follow. */
function expected(verb: VerbName, place: Place): Outcome {
  if (verb === 'referral.claim') return place === 'advisersChannel' ? 'claimed' : 'claim refused';
  // A clarification button ("Bedoel je ... of ...?") only shows an answer: it works wherever the question was asked.
  if (verb === 'answer.show') return 'handled';
  return place === 'personal' ? 'handled' : 'personal chat only';
}

function where(place: Place, conversation: string): Partial<ActivityLike> {
  const tenant = { tenant: { id: 'tenant' } };
  switch (place) {
    case 'personal':
      return {
        conversation: { id: `a:${conversation}`, conversationType: 'personal', tenantId: 'tenant' },
        channelData: tenant,
      };
    case 'groupChat':
      return {
        conversation: {
          id: `19:${conversation}@thread.v2`,
          conversationType: 'groupChat',
          isGroup: true,
          tenantId: 'tenant',
        },
        channelData: tenant,
      };
    case 'otherChannel':
      return {
        conversation: {
          id: `${OTHER_CHANNEL};messageid=1`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: 'tenant',
        },
        channelData: { ...tenant, channel: { id: OTHER_CHANNEL }, team: { id: TEAM } },
      };
    case 'advisersChannel':
      return {
        conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: 'tenant' },
        channelData: { ...tenant, channel: { id: CHANNEL }, team: { id: TEAM } },
      };
  }
}

describe('card verbs: who may press them, and where', () => {
  const connector = new FakeConnector();
  let bot: { app: BotApp; url: string };

  beforeAll(async () => {
    await connector.start();
    bot = await startBot({ ADMIN_IDS: ADMIN });
  });
  afterAll(async () => {
    await bot.app.stop();
    await connector.stop();
  });

  it('has valid sample data for every verb', () => {
    const data = DATA('4b0b8a3e-6a6c-4a58-9d1f-6f7c1b2f3e4d');
    expect(Object.keys(data).sort()).toEqual([...Object.values(Verb)].sort());
    for (const [verb, values] of Object.entries(data)) expect(parseCardAction(verb, values).ok, verb).toBe(true);
  });

  it("accepts every verb in personal chat only, and referral.claim only in the advisers' channel", async () => {
    const person = new BotClient(bot.url, connector, { userId: 'aad-person-1' });
    const admin = new BotClient(bot.url, connector, { userId: ADMIN });
    const post = (client: BotClient, activity: ActivityLike) => client.post(activity);

    // The advisers' channel, and one referral posted there by a coordinator.
    const mention = {
      type: 'mention',
      mentioned: { id: 'bot-id', name: 'Bpv-wegwijzer' },
      text: '<at>Bpv-wegwijzer</at>',
    };
    const setupText = '<at>Bpv-wegwijzer</at> adviseurskanaal instellen';
    await post(
      admin,
      admin.activity({ ...where('advisersChannel', ''), type: 'message', text: setupText, entities: [mention] }),
    );
    const coordinator = new BotClient(bot.url, connector);
    let mark = connector.calls.length;
    await coordinator.execute('referral.send', { route: 'mboraad', summary: 'Casus', question: 'Mag dit?' });
    const referralId =
      JSON.stringify(connector.calls.slice(mark)).match(/\\?"referralId\\?":\\?"([0-9a-f-]{36})/)?.[1] ?? '';
    expect(referralId).toMatch(/^[0-9a-f-]{36}$/);
    const toCoordinator = () =>
      connector.calls.filter((c) => c.path.includes(encodeURIComponent(coordinator.conversationId))).length;

    const data = DATA(referralId);
    const verbs = Object.keys(data) as VerbName[];
    const rows: Array<{ verb: string; place: string; via: string; outcome: Outcome; ok: boolean }> = [];

    const press = async (place: Place, via: 'execute' | 'submit', verb: VerbName, n: number): Promise<Outcome> => {
      const conversation = `verbs-${place}-${n}`;
      const base = where(place, conversation);
      const activity =
        via === 'execute'
          ? person.activity({
              ...base,
              type: 'invoke',
              name: 'adaptiveCard/action',
              value: { action: { type: 'Action.Execute', verb, data: data[verb] }, trigger: 'manual' },
            })
          : person.activity({ ...base, type: 'message', value: { ...data[verb], verb }, replyToId: 'card-1' });
      const from = connector.calls.length;
      const res = await post(person, activity);
      expect(res.status, `${verb} in ${place} (${via})`).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
      const here = (base.conversation as { id: string }).id.split(';')[0] ?? '';
      const sent = connector
        .sent(from)
        .filter((a) => String((a.conversation as { id?: string } | undefined)?.id ?? '').startsWith(here));
      const texts = sent.map((a) => (typeof a.text === 'string' ? a.text : cardText(cardOf(a))));
      const invoke = res.body ? (JSON.parse(res.body) as { type?: string; value?: unknown }) : {};
      const all = [...texts, typeof invoke.value === 'string' ? invoke.value : cardText(invoke.value)].join('\n');
      if (texts.includes(TURN_ERROR_MESSAGE) || /kan ik niet \(meer\) verwerken|knop kan ik niet verwerken/.test(all))
        return 'other';
      if (/Opgepakt door/.test(all) && verb === 'referral.claim') return 'claimed';
      if (/adviseurskanaal/.test(texts.join(' ')) && verb === 'referral.claim') return 'claim refused';
      if (texts.some((t) => t === PERSONAL_ONLY)) return 'personal chat only';
      return all.trim() || connector.updates(from).length > 0 ? 'handled' : 'other';
    };

    // Elsewhere first: none of it may change this person's own state.
    let n = 0;
    for (const place of ['groupChat', 'otherChannel', 'advisersChannel'] as const) {
      for (const via of ['submit', 'execute'] as const) {
        for (const verb of verbs) {
          if (verb === 'referral.claim' && place === 'advisersChannel') continue; // claimed last, below
          const before = toCoordinator();
          const outcome = await press(place, via, verb, n++);
          rows.push({ verb, place, via, outcome, ok: outcome === expected(verb, place) });
          if (verb === 'referral.claim') expect(toCoordinator(), `${verb} in ${place}`).toBe(before);
        }
      }
    }
    mark = connector.calls.length;
    const plan = await person.say('mijn plan');
    expect(String(plan[0]?.text), 'nothing pressed elsewhere reached the plan').toMatch(/nog geen plan/);
    const answers = cardText(cardOf((await person.say('mijn antwoorden'))[0]));
    expect(answers, 'nothing pressed elsewhere reached the intake').not.toContain('Zorg, welzijn en sport');
    expect(
      connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(CHANNEL))),
      'no referral posted from elsewhere',
    ).toBe(false);

    // Personal chat: every verb does its work (referral.claim is refused there too).
    for (const verb of verbs) {
      const outcome = await press('personal', 'execute', verb, n++);
      rows.push({ verb, place: 'personal', via: 'execute', outcome, ok: outcome === expected(verb, 'personal') });
    }

    // The advisers' channel: the claim is accepted and the coordinator hears of it.
    const before = toCoordinator();
    const claimed = await press('advisersChannel', 'execute', 'referral.claim', n);
    rows.push({
      verb: 'referral.claim',
      place: 'advisersChannel',
      via: 'execute',
      outcome: claimed,
      ok: claimed === 'claimed',
    });
    await connector.waitFor(() => toCoordinator() > before);

    console.log(`\nCard verbs by place\n${formatTable(rows)}\n`);
    const wrong = rows.filter((r) => !r.ok);
    expect(
      wrong.map(
        (r) =>
          `${r.verb} in ${r.place} (${r.via}): ${r.outcome}, expected ${expected(r.verb as VerbName, r.place as Place)}`,
      ),
    ).toEqual([]);
  }, 60_000);
});

/** One line per verb: what happens in each place (Execute; Submit gives the same outside personal chat). */
function formatTable(rows: Array<{ verb: string; place: string; via: string; outcome: Outcome; ok: boolean }>): string {
  const places: Place[] = ['personal', 'groupChat', 'otherChannel', 'advisersChannel'];
  const verbs = [...new Set(rows.map((r) => r.verb))];
  const cell = (verb: string, place: Place) => {
    const found = rows.filter((r) => r.verb === verb && r.place === place);
    const outcomes = [...new Set(found.map((r) => r.outcome))].join(' / ');
    return `${outcomes}${found.every((r) => r.ok) ? '' : ' (FAIL)'}`;
  };
  const lines = verbs.map((verb) => [verb, ...places.map((p) => cell(verb, p))]);
  const header = ['verb', ...places];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
