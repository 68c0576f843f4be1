import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '../src/app';
import {
  composeReferral,
  draftSummary,
  mailtoLink,
  proposeRoute,
  redact,
  routeForText,
  teamsChatLink,
} from '../src/domain/referral';
import { FakeConnector } from './support/fakeConnector';
import { type ActivityLike, BotClient, cardOf, cardText } from './support/botClient';
import { startBot } from './support/startBot';
import { POST_PENDING_MESSAGE } from '../src/teams/referralService';

describe('routing table', () => {
  it.each([
    ['Mag ik afwijken van de urennorm voor bpv?', 'mboraad'],
    ['Hoe zit het met examens als de stage niet doorgaat?', 'mboraad'],
    ['Wat zegt het servicedocument over een praktijkopdracht?', 'mboraad'],
    ['Hoe vinden we nieuwe leerbedrijven in de regio?', 'sbb'],
    ['Kan SBB een bedrijf snel erkennen? Erkenning duurt lang.', 'sbb'],
    ['We willen leerbanen werven bij bestaande bedrijven', 'sbb'],
    ['Ik wil ervaringen delen met andere scholen', 'btg-overleg'],
    ["Hoe doen collega's op andere scholen dit?", 'btg-overleg'],
  ] as const)('%s -> %s', (question, route) => {
    expect(routeForText(question)).toBe(route);
    const proposal = proposeRoute({ question, optionRoute: route === 'sbb' ? 'btg-overleg' : 'sbb' });
    expect(proposal).toMatchObject({ route, basis: 'question' });
    expect(proposal.reason.length).toBeGreaterThan(20);
  });

  it("falls back to the option's route, then to the btg beleidsadviseur", () => {
    expect(proposeRoute({ question: 'Wat nu?', optionRoute: 'sbb' })).toMatchObject({ route: 'sbb', basis: 'option' });
    expect(proposeRoute({ optionRoute: 'btg-overleg' }).reason).toContain('btg-overleg');
    expect(proposeRoute({})).toMatchObject({ route: 'mboraad', basis: 'default' });
  });
});

describe('case summary and links', () => {
  const facts = {
    sector: 'Zorg, welzijn en sport',
    btgName: 'Zorg, welzijn en sport',
    leerweg: 'bbl',
    niveau: 'niveau 3',
    situations: ['Bbl-student zonder leerbaan'],
    places: 'Er zijn geen plekken',
    students: 14,
    considered: [{ key: '3.2', title: 'Afwijken van de urennorm voor bpv en bot' }],
    planned: [{ key: '2.3', title: 'Gericht werven', status: 'bezig' }],
  };

  it('names sector, leerweg, niveau, situation, places, students and options', () => {
    const summary = draftSummary(facts);
    for (const part of [
      'Sector: Zorg, welzijn en sport',
      'Leerweg en niveau: bbl, niveau 3',
      'Situatie: Bbl-student zonder leerbaan',
      'Plekken: Er zijn geen plekken',
      'Aantal studenten: 14',
      '3.2 Afwijken van de urennorm',
      'In mijn plan: 2.3 Gericht werven (bezig)',
    ]) {
      expect(summary).toContain(part);
    }
  });

  it("redacts e-mail addresses, phone numbers, student numbers and the user's name", () => {
    const text = redact('Vraag van Anna de Vries (anna.devries@school.nl, 06-12345678) over student 1234567', [
      'Anna de Vries',
    ]);
    expect(text).not.toMatch(/Anna|Vries|@|12345678|1234567/);
    expect(text).toContain('[naam]');
  });

  it('encodes Dutch text in a mailto link as UTF-8 with %20 and CRLF', () => {
    const message = composeReferral({
      to: 'de SBB-adviseur praktijkleren',
      sector: 'Zorg, welzijn en sport',
      summary: 'Coördinatie: één leerbedrijf & 2 studenten\nPlekken: geen',
      question: 'Hoe "erkennen" we snel? 50% = ok?',
    });
    const link = mailtoLink('adviseur.zorg@example.org', message);
    expect(link.startsWith('mailto:adviseur.zorg@example.org?subject=')).toBe(true);
    expect(link).not.toContain('+');
    expect(link).not.toMatch(/[ \n"]/);
    expect(link).toContain('Co%C3%B6rdinatie%3A%20%C3%A9%C3%A9n%20leerbedrijf%20%26%202%20studenten%0D%0APlekken');
    const query = new URLSearchParams(link.slice(link.indexOf('?') + 1).replace(/\+/g, '%2B'));
    expect(query.get('subject')).toBe(message.subject);
    expect(query.get('body')).toBe(message.body.replace(/\n/g, '\r\n'));
    expect(mailtoLink(undefined, message).startsWith('mailto:?subject=')).toBe(true);
    const teams = new URL(teamsChatLink('adviseur.zorg@example.org', message));
    expect(teams.searchParams.get('users')).toBe('adviseur.zorg@example.org');
    expect(teams.searchParams.get('message')).toContain('Coördinatie: één leerbedrijf');
  });
});

const CHANNEL = '19:adviseurs@thread.tacv2';
const ADMIN = 'aad-admin-1';

/** An activity in the advisers' channel from a given person. */
function channelActivity(
  client: BotClient,
  from: { id: string; name: string },
  partial: Partial<ActivityLike> & { type: string },
): ActivityLike {
  return client.activity({
    from: { ...from, aadObjectId: from.id },
    conversation: {
      id: `${CHANNEL};messageid=1700000000000`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: 'tenant',
    },
    channelData: { tenant: { id: 'tenant' }, channel: { id: CHANNEL }, team: { id: '19:team@thread.tacv2' } },
    ...partial,
  });
}

describe("referral over HTTP: advisers' channel, claim and the coordinator's message", () => {
  const connector = new FakeConnector();
  let bot: { app: BotApp; url: string };

  beforeAll(async () => {
    await connector.start();
    bot = await startBot({ ADMIN_IDS: ` ${ADMIN} , other-admin` });
  });
  afterAll(async () => {
    await bot.app.stop();
    await connector.stop();
  });

  const setup = async (channel: BotClient, from: { id: string; name: string }) => {
    const mark = connector.calls.length;
    const res = await channel.post(
      channelActivity(channel, from, {
        type: 'message',
        text: '<at>Bpv-wegwijzer</at> adviseurskanaal instellen',
        entities: [
          { type: 'mention', mentioned: { id: 'bot-id', name: 'Bpv-wegwijzer' }, text: '<at>Bpv-wegwijzer</at>' },
        ],
      }),
    );
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.sent(mark).some((a) => typeof a.text === 'string'));
    return connector.sent(mark);
  };

  /** A coordinator with a full intake (zorg, bbl niveau 3, 14 students) and one option in the plan. */
  const coordinator = async () => {
    const client = new BotClient(bot.url, connector);
    await client.submit('intake.answer', { field: 'sector', sector: 'zws' });
    await client.submit('intake.answer', { field: 'situations', situations: 'bbl-zonder-leerbaan' });
    await client.submit('intake.answer', { field: 'places', places: 'geen' });
    await client.submit('intake.answer', { field: 'details', leerweg: 'bbl', niveau: '3', students: '14' });
    await client.submit('plan.add', { key: '2.3' });
    return client;
  };

  const asNamed = async (client: BotClient, verb: string, data: Record<string, unknown>) => {
    const res = await client.post(
      client.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        from: { id: client.userId, aadObjectId: client.userId, name: 'Anna de Vries' },
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    return JSON.parse(res.body) as { value: unknown };
  };

  it("only admins can set up the advisers' channel", async () => {
    const channel = new BotClient(bot.url, connector, { conversationType: 'channel' });
    const refused = await setup(channel, { id: 'someone-else', name: 'Iemand' });
    expect(refused.map((a) => a.text).join()).toContain('Alleen een beheerder');
    // Without a channel, a referral is not posted anywhere.
    const client = await coordinator();
    const mark = connector.calls.length;
    await asNamed(client, 'referral.send', { route: 'sbb', summary: 'Casus', question: 'Vraag' });
    expect(
      connector
        .sent(mark)
        .filter((a) => String((a as { conversation?: { id?: string } }).conversation?.id ?? '').startsWith(CHANNEL)),
    ).toHaveLength(0);
    expect(connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(CHANNEL)))).toBe(false);

    const accepted = await setup(channel, { id: ADMIN, name: 'Beheerder' });
    expect(accepted.map((a) => a.text).join()).toContain('Dit kanaal is nu het adviseurskanaal');
  });

  it('drafts a summary without personal data, posts it, and a claim updates the card and tells the coordinator', async () => {
    const channel = new BotClient(bot.url, connector, { conversationType: 'channel' });
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    const client = await coordinator();

    // "Vraag een adviseur" from the detail card of 3.2: proposal, reason and a draft.
    let mark = connector.calls.length;
    await asNamed(client, 'referral.start', {
      key: '3.2',
      question: 'Mag Anna de Vries (anna@school.nl) korter stage lopen?',
    });
    await connector.waitFor(() => connector.sent(mark).length > 0);
    const draft = cardOf(connector.sent(mark)[0]) as { body: Array<{ id?: string; value?: string }> };
    const draftText = cardText(draft);
    expect(draftText).toContain('Mijn voorstel: Beleidsadviseur van de bedrijfstakgroep Zorg, welzijn en sport');
    expect(draftText).toContain('regels');
    const summary = draft.body.find((b) => b.id === 'summary')?.value ?? '';
    for (const part of [
      'Sector: Zorg, welzijn en sport',
      'Leerweg en niveau: bbl, niveau 3',
      'Bbl-student',
      'Plekken:',
      'Aantal studenten: 14',
      '3.2 Afwijken van de urennorm',
      'In mijn plan: 2.3',
    ]) {
      expect(summary).toContain(part);
    }
    const question = draft.body.find((b) => b.id === 'question')?.value ?? '';
    expect(question).not.toMatch(/Anna|Vries|anna@/);
    expect(JSON.stringify(draft)).not.toContain(client.userId);

    // The coordinator edits and sends; the card becomes the ready card with a mail link.
    mark = connector.calls.length;
    const ready = await asNamed(client, 'referral.send', {
      route: 'mboraad',
      summary: `${summary}\nExtra: Anna de Vries vraagt dit ook.`,
      question: 'Mag een deel van de bpv korter?',
    });
    const readyText = cardText(ready.value);
    expect(readyText).toContain('Ik zet je vraag in het adviseurskanaal');
    const mailto = JSON.stringify(ready.value).match(/mailto:[^"]+/)?.[0] ?? '';
    expect(mailto).toContain('Mag%20een%20deel%20van%20de%20bpv%20korter%3F');

    const post = connector.calls
      .slice(mark)
      .find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)));
    expect(post?.path).toBe(`/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`);
    const postCard = cardOf(post?.body);
    const posted = JSON.stringify(postCard);
    expect(posted).toContain('Mag een deel van de bpv korter?');
    expect(posted).not.toMatch(/Anna|Vries/);
    expect(posted).not.toContain(client.userId);
    expect(posted).not.toContain(client.conversationId);
    const referralId = posted.match(/"referralId":"([0-9a-f-]{36})"/)?.[1];
    expect(referralId).toBeDefined();

    // An adviser presses "Ik pak dit op": PUT of the posted card, invoke response card, coordinator message.
    mark = connector.calls.length;
    const claimRes = await channel.post(
      channelActivity(
        channel,
        { id: 'aad-adviser-7', name: 'Bram Adviseur' },
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'referral.claim', data: { referralId } },
            trigger: 'manual',
          },
        },
      ),
    );
    expect(claimRes.status).toBe(200);
    const claimBody = JSON.parse(claimRes.body) as { type: string; value: unknown };
    expect(claimBody.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(claimBody.value)).toContain('Opgepakt door Bram Adviseur op');
    const put = connector.updates(mark)[0];
    expect(put?.path).toMatch(new RegExp(`/v3/conversations/[^/]+/activities/reply-\\d+$`));
    expect(cardText(cardOf(put?.body))).toContain('Opgepakt door Bram Adviseur');
    expect(JSON.stringify(cardOf(put?.body))).not.toContain('referral.claim');
    await connector.waitFor(() =>
      connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(client.conversationId))),
    );
    const toCoordinator = connector.calls
      .slice(mark)
      .find((c) => c.path.includes(encodeURIComponent(client.conversationId)));
    expect(toCoordinator?.method).toBe('POST');
    expect(String(toCoordinator?.body.text)).toContain('Bram Adviseur heeft je vraag');

    // A second adviser gets the claimed card, no second message to the coordinator.
    mark = connector.calls.length;
    const again = await channel.post(
      channelActivity(
        channel,
        { id: 'aad-adviser-8', name: 'Carla' },
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'referral.claim', data: { referralId } },
            trigger: 'manual',
          },
        },
      ),
    );
    expect(cardText((JSON.parse(again.body) as { value: unknown }).value)).toContain('Opgepakt door Bram Adviseur');
    expect(connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(client.conversationId)))).toBe(
      false,
    );
  });

  it('a claim by Action.Submit (clients without Universal Actions) updates the posted card once', async () => {
    const channel = new BotClient(bot.url, connector, { conversationType: 'channel' });
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    const client = await coordinator();
    let mark = connector.calls.length;
    await asNamed(client, 'referral.send', {
      route: 'btg-overleg',
      summary: 'Casus **vet** [klik](https://evil.example/x)',
      question: 'Wie deelt een rooster?',
    });
    const post = connector.calls
      .slice(mark)
      .find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)));
    // Typed text shows literally for the advisers: no link, no bold.
    expect(JSON.stringify(post?.body)).not.toContain('evil.example');
    expect(cardText(cardOf(post?.body))).toContain('Casus \\*\\*vet\\*\\* \\[klik\\]');
    const referralId = JSON.stringify(post?.body).match(/"referralId":"([0-9a-f-]{36})"/)?.[1];
    mark = connector.calls.length;
    const res = await channel.post(
      channelActivity(
        channel,
        { id: 'aad-adviser-3', name: 'Eva' },
        { type: 'message', value: { verb: 'referral.claim', referralId }, replyToId: 'reply-999' },
      ),
    );
    expect(res.status).toBe(200);
    await connector.waitFor(() =>
      connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(client.conversationId))),
    );
    const puts = connector.updates(mark);
    expect(puts).toHaveLength(1);
    expect(cardText(cardOf(puts[0]?.body))).toContain('Opgepakt door Eva');
    expect(connector.sent(mark).some((a) => String(a.text).includes('persoonlijke chat'))).toBe(false);
  });

  it("accepts a claim only from the advisers' channel: a group chat, another channel or another team is refused", async () => {
    const channel = new BotClient(bot.url, connector, { conversationType: 'channel' });
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    const client = await coordinator();
    let mark = connector.calls.length;
    await asNamed(client, 'referral.send', { route: 'sbb', summary: 'Casus', question: 'Wie helpt met werven?' });
    const post = connector.calls
      .slice(mark)
      .find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)));
    const referralId = JSON.stringify(post?.body).match(/"referralId":"([0-9a-f-]{36})"/)?.[1];
    expect(referralId).toBeDefined();
    const claim = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'referral.claim', data: { referralId } }, trigger: 'manual' },
    };
    const outsider = { id: 'aad-outsider', name: 'Iemand Anders', aadObjectId: 'aad-outsider' };
    const elsewhere: Array<[string, Partial<ActivityLike>]> = [
      [
        'an ordinary group chat',
        {
          conversation: {
            id: '19:random-groupchat@thread.v2',
            conversationType: 'groupChat',
            isGroup: true,
            tenantId: 'tenant',
          },
          channelData: { tenant: { id: 'tenant' } },
        },
      ],
      [
        'another channel of the team',
        {
          conversation: {
            id: '19:algemeen@thread.tacv2;messageid=1',
            conversationType: 'channel',
            isGroup: true,
            tenantId: 'tenant',
          },
          channelData: {
            tenant: { id: 'tenant' },
            channel: { id: '19:algemeen@thread.tacv2' },
            team: { id: '19:team@thread.tacv2' },
          },
        },
      ],
      [
        'the channel id under another team',
        {
          conversation: {
            id: `${CHANNEL};messageid=1`,
            conversationType: 'channel',
            isGroup: true,
            tenantId: 'tenant',
          },
          channelData: {
            tenant: { id: 'tenant' },
            channel: { id: CHANNEL },
            team: { id: '19:other-team@thread.tacv2' },
          },
        },
      ],
      [
        'the channel id from another tenant',
        {
          conversation: {
            id: `${CHANNEL};messageid=1`,
            conversationType: 'channel',
            isGroup: true,
            tenantId: 'other-tenant',
          },
          channelData: {
            tenant: { id: 'other-tenant' },
            channel: { id: CHANNEL },
            team: { id: '19:team@thread.tacv2' },
          },
        },
      ],
      [
        'a personal chat',
        {
          conversation: { id: 'a:personal-outsider', conversationType: 'personal', tenantId: 'tenant' },
          channelData: { tenant: { id: 'tenant' } },
        },
      ],
    ];
    for (const [place, where] of elsewhere) {
      mark = connector.calls.length;
      const res = await channel.post(channel.activity({ from: outsider, ...where, ...claim }));
      expect(res.status, place).toBe(200);
      expect(res.body, place).not.toContain('Iemand Anders');
      await connector.waitFor(() => connector.sent(mark).some((a) => typeof a.text === 'string'));
      expect(
        connector
          .sent(mark)
          .map((a) => a.text)
          .join(' '),
        place,
      ).toMatch(/adviseurskanaal/);
      // Nothing changed: no card update, no message to the coordinator.
      expect(connector.updates(mark), place).toHaveLength(0);
      expect(
        connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(client.conversationId))),
        place,
      ).toBe(false);
    }
    // The referral is still open: an adviser in the channel claims it, and the coordinator hears that name.
    mark = connector.calls.length;
    const real = await channel.post(channelActivity(channel, { id: 'aad-adviser-5', name: 'Gert' }, claim));
    expect(cardText((JSON.parse(real.body) as { value: unknown }).value)).toContain('Opgepakt door Gert');
    await connector.waitFor(() =>
      connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(client.conversationId))),
    );
    expect(
      String(
        connector.calls.slice(mark).find((c) => c.path.includes(encodeURIComponent(client.conversationId)))?.body.text,
      ),
    ).toContain('Gert heeft je vraag');
  });

  it("a card posted before the advisers' channel moved can still be claimed where it was posted", async () => {
    const channel = new BotClient(bot.url, connector, { conversationType: 'channel' });
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    const client = await coordinator();
    let mark = connector.calls.length;
    await asNamed(client, 'referral.send', { route: 'mboraad', summary: 'Casus', question: 'Mag dit?' });
    const post = connector.calls
      .slice(mark)
      .find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)));
    const referralId = JSON.stringify(post?.body).match(/"referralId":"([0-9a-f-]{36})"/)?.[1];
    // The admin moves the advisers' channel to another channel.
    const moved = '19:nieuw-adviseurskanaal@thread.tacv2';
    mark = connector.calls.length;
    await channel.post(
      channel.activity({
        from: { id: ADMIN, name: 'Beheerder', aadObjectId: ADMIN },
        conversation: { id: `${moved};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: 'tenant' },
        channelData: { tenant: { id: 'tenant' }, channel: { id: moved }, team: { id: '19:team@thread.tacv2' } },
        type: 'message',
        text: '<at>Bpv-wegwijzer</at> adviseurskanaal instellen',
        entities: [
          { type: 'mention', mentioned: { id: 'bot-id', name: 'Bpv-wegwijzer' }, text: '<at>Bpv-wegwijzer</at>' },
        ],
      }),
    );
    await connector.waitFor(() =>
      connector.sent(mark).some((a) => String(a.text).includes('Dit kanaal is nu het adviseurskanaal')),
    );
    const res = await channel.post(
      channelActivity(
        channel,
        { id: 'aad-adviser-6', name: 'Hanna' },
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'referral.claim', data: { referralId } },
            trigger: 'manual',
          },
        },
      ),
    );
    expect(cardText((JSON.parse(res.body) as { value: unknown }).value)).toContain('Opgepakt door Hanna');
    // Set back for the other tests.
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
  });

  it('a coordinator named Sanne van der Berg gets a summary that still reads "Casus van een bpv-coördinator"', async () => {
    const client = await coordinator();
    const mark = connector.calls.length;
    await client.post(
      client.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        from: { id: client.userId, aadObjectId: client.userId, name: 'Sanne van der Berg' },
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'referral.start',
            data: {
              option: '2.3',
              question: 'Kan Sanne van der Berg een leerbedrijf van de regio bellen? Groet, Sanne',
            },
          },
          trigger: 'manual',
        },
      }),
    );
    await connector.waitFor(() => connector.sent(mark).length > 0);
    const draft = cardOf(connector.sent(mark)[0]) as { body: Array<{ id?: string; value?: string }> };
    const summary = draft.body.find((b) => b.id === 'summary')?.value ?? '';
    expect(summary.startsWith('Casus van een bpv-coördinator in het mbo\n')).toBe(true);
    expect(summary).toContain('Plekken: Er zijn geen plekken');
    expect(draft.body.find((b) => b.id === 'question')?.value).toBe(
      'Kan [naam] een leerbedrijf van de regio bellen? Groet, [naam]',
    );
  });

  it('"wis mijn gegevens" deletes the coordinator\'s referrals too', async () => {
    const channel = new BotClient(bot.url, connector, { conversationType: 'channel' });
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    const client = await coordinator();
    const mark = connector.calls.length;
    await asNamed(client, 'referral.send', { route: 'sbb', summary: 'Casus', question: 'Wie helpt met werven?' });
    const post = connector.calls
      .slice(mark)
      .find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(CHANNEL)));
    const referralId = JSON.stringify(post?.body).match(/"referralId":"([0-9a-f-]{36})"/)?.[1];
    expect(referralId).toBeDefined();
    await client.say('wis mijn gegevens');
    await client.say('ja, wis alles');
    const from = connector.calls.length;
    const res = await channel.post(
      channelActivity(
        channel,
        { id: 'aad-adviser-4', name: 'Fien' },
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'referral.claim', data: { referralId } },
            trigger: 'manual',
          },
        },
      ),
    );
    expect(res.status).toBe(200);
    expect(
      connector
        .sent(from)
        .map((a) => a.text)
        .join(),
    ).toContain('kan ik niet meer vinden');
    expect(connector.calls.slice(from).some((c) => c.path.includes(encodeURIComponent(client.conversationId)))).toBe(
      false,
    );
  });

  it('"vraag een adviseur" typed after an advice proposes the route of the best option shown', async () => {
    const client = await coordinator();
    await client.submit('advice.show');
    const [draft] = await client.say('vraag een adviseur');
    const card = cardOf(draft) as { body: Array<{ id?: string; value?: string }> };
    expect(cardText(card)).toContain('Mijn voorstel:');
    expect(card.body.find((b) => b.id === 'route')?.value).toMatch(/^(mboraad|sbb|btg-overleg)$/);
    expect(card.body.find((b) => b.id === 'summary')?.value).toContain('Bekeken oplossingen uit de handreiking:');
  });

  it('survives 403 on the channel post and 429 on the coordinator message, and retries later', async () => {
    const channel = new BotClient(bot.url, connector, { conversationType: 'channel' });
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    const client = await coordinator();

    // The bot was removed from the advisers' team: the post is refused.
    connector.failNext.push({
      status: 403,
      match: (method, path) => method === 'POST' && path.includes(encodeURIComponent(CHANNEL)),
    });
    const before403 = connector.calls.length;
    const ready = await asNamed(client, 'referral.send', {
      route: 'sbb',
      summary: 'Casus zorg',
      question: 'Hoe werven we?',
    });
    expect(JSON.stringify(ready.value)).toContain('mailto:');
    // The coordinator is told in a message that the post is kept for later.
    const told = connector
      .sent(before403)
      .filter((a) => (a.conversation as { id?: string }).id === client.conversationId);
    expect(told.map((a) => a.text)).toEqual([POST_PENDING_MESSAGE]);
    expect(JSON.stringify(connector.calls.slice(before403))).not.toContain('Sorry');

    // Re-installed and set up again: the stored referral is posted after all.
    let mark = connector.calls.length;
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    await connector.waitFor(() =>
      connector.calls.slice(mark).some((c) => c.method === 'POST' && JSON.stringify(c.body).includes('Hoe werven we?')),
    );
    const post = connector.calls
      .slice(mark)
      .find((c) => c.method === 'POST' && JSON.stringify(c.body).includes('Hoe werven we?'));
    const referralId = JSON.stringify(post?.body).match(
      /\\"referralId\\":\\"([0-9a-f-]{36})\\"|"referralId":"([0-9a-f-]{36})"/,
    );
    const id = referralId?.[1] ?? referralId?.[2];
    expect(id).toBeDefined();

    // Teams throttles the message to the coordinator (every attempt): the claim still works.
    const toCoordinator = (method: string, path: string) =>
      method === 'POST' && path.includes(encodeURIComponent(client.conversationId));
    // (The connector client itself retries a 429 a few times; every one of them is throttled here.)
    for (let i = 0; i < 8; i++)
      connector.failNext.push({ status: 429, headers: { 'retry-after': '0' }, match: toCoordinator });
    mark = connector.calls.length;
    const claimRes = await channel.post(
      channelActivity(
        channel,
        { id: 'aad-adviser-9', name: 'Dirk' },
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'referral.claim', data: { referralId: id } },
            trigger: 'manual',
          },
        },
      ),
    );
    expect(claimRes.status).toBe(200);
    expect(cardText((JSON.parse(claimRes.body) as { value: unknown }).value)).toContain('Opgepakt door Dirk');
    expect(connector.updates(mark)).toHaveLength(1);
    // Nothing reached the coordinator, not even an apology for an error.
    expect(connector.calls.slice(mark).some((c) => c.path.includes(encodeURIComponent(client.conversationId)))).toBe(
      false,
    );

    // The throttling is over; the next retry round delivers the message.
    connector.failNext.length = 0;
    mark = connector.calls.length;
    await setup(channel, { id: ADMIN, name: 'Beheerder' });
    await connector.waitFor(() => connector.calls.slice(mark).some((c) => toCoordinator(c.method, c.path)));
    expect(String(connector.calls.slice(mark).find((c) => toCoordinator(c.method, c.path))?.body.text)).toContain(
      'Dirk heeft je vraag',
    );
  });
});
