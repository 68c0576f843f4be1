import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ActivityLike, type BotClient, cardActions, cardOf, cardText } from './support/botClient';
import { useBotServer } from './support/useBotServer';

/** Quick answers over HTTP: personal free text, channel and group-chat @mentions, and the compose-box search. */
describe('quick answers over HTTP', () => {
  const server = useBotServer();
  const { connector } = server;

  const BOT = { id: 'bot-id', name: 'Bpv-wegwijzer' };
  const mention = { type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` };

  /** Posts an activity and returns the bot's first reply plus the request it was sent with. */
  async function send(client: BotClient, activity: ActivityLike) {
    const from = connector.calls.length;
    const res = await client.post(activity);
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.sent(from).length >= 1);
    const call = connector.calls.slice(from).find((c) => c.method === 'POST');
    return { reply: call?.body ?? {}, path: call?.path ?? '' };
  }

  function channelClient() {
    const root = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const channelId = `19:${randomUUID()}@thread.tacv2`;
    return {
      client: server.client({ conversationId: `${channelId};messageid=${root}`, conversationType: 'channel' }),
      channelId,
    };
  }

  describe('in a channel', () => {
    it('answers an @mention in the same thread with a compact, sourced card', async () => {
      const { client, channelId } = channelClient();
      const activity = client.activity({
        type: 'message',
        text: `<at>${BOT.name}</at> Kunnen twee studenten één stageplaats delen?`,
        entities: [mention],
        channelData: {
          tenant: { id: 'tenant' },
          teamsChannelId: channelId,
          channel: { id: channelId },
          team: { id: channelId },
        },
      });
      const { reply, path } = await send(client, activity);
      // CloudAdapter replies to the conversation (which names the thread root) and to this message.
      expect(path).toBe(
        `/v3/conversations/${encodeURIComponent(client.conversationId)}/activities/${encodeURIComponent(String(activity.id))}`,
      );
      expect(reply.replyToId).toBe(activity.id);
      expect((reply.conversation as { id: string }).id).toContain(';messageid=');
      const card = cardOf(reply);
      const text = cardText(card);
      expect(text).toContain('Twee studenten op één stageplek');
      expect(text).toContain('paragraaf 1, punt 3');
      expect(text).toContain('Meer in een persoonlijk gesprek');
      const actions = cardActions(card);
      const chat = actions.find((a) => a.type === 'Action.OpenUrl' && a.url?.includes('/l/chat/0/0'));
      expect(chat?.url).toBe(`https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent('28:bot-id')}`);
      // Compact: no Action.Execute (those only work in personal chat).
      expect(JSON.stringify(card)).not.toContain('Action.Execute');
    });

    it('stays silent without a mention of the bot itself', async () => {
      const { client } = channelClient();
      const from = connector.calls.length;
      const other = { type: 'mention', mentioned: { id: 'someone-else', name: 'Collega' }, text: '<at>Collega</at>' };
      const res = await client.post(
        client.activity({ type: 'message', text: '<at>Collega</at> kun jij de urennorm checken?', entities: [other] }),
      );
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 150));
      expect(connector.sent(from)).toEqual([]);
    });

    it('offers the personal chat instead of an intake', async () => {
      const { client } = channelClient();
      const { reply } = await send(
        client,
        client.activity({ type: 'message', text: `<at>${BOT.name}</at> start`, entities: [mention] }),
      );
      const text = cardText(cardOf(reply));
      expect(text).toContain('Een intake doen we in een persoonlijk gesprek');
      expect(text).not.toContain('Vraag 1 van 4');
    });

    it('shows what it can do there on "help"', async () => {
      const { client } = channelClient();
      const { reply } = await send(
        client,
        client.activity({ type: 'message', text: `<at>${BOT.name}</at> help`, entities: [mention] }),
      );
      const text = cardText(cardOf(reply));
      expect(text).toContain('Wat ik hier kan');
      expect(text).toContain('Zoeken in het berichtvak');
    });

    it('says plainly when the handreiking does not go into a question', async () => {
      const { client } = channelClient();
      const { reply } = await send(
        client,
        client.activity({
          type: 'message',
          text: `<at>${BOT.name}</at> Hoe reset ik mijn wachtwoord?`,
          entities: [mention],
        }),
      );
      const text = cardText(cardOf(reply));
      expect(text.split('Daar gaat de handreiking niet over')).toHaveLength(2); // said once, as the heading
      expect(text).toContain('Meer in een persoonlijk gesprek');
      expect(text).not.toContain('Bron:');
    });

    // The four cases of issue 13, in a channel.
    it('answers a stagevergoeding question as outside the handreiking, never with an option card', async () => {
      const { client } = channelClient();
      const { reply } = await send(
        client,
        client.activity({
          type: 'message',
          text: `<at>${BOT.name}</at> wat is de stagevergoeding voor een bol-student?`,
          entities: [mention],
        }),
      );
      const text = cardText(cardOf(reply));
      expect(text).toContain('Over een stagevergoeding gaat de handreiking niet');
      expect(text).not.toContain('Starten in de bol');
    });

    it('gives an advice request the short answer and the offer to continue in personal chat', async () => {
      const { client } = channelClient();
      const { reply } = await send(
        client,
        client.activity({
          type: 'message',
          text: `<at>${BOT.name}</at> ik heb 12 horeca studenten zonder stageplek, wat kan ik doen?`,
          entities: [mention],
        }),
      );
      const card = cardOf(reply);
      const text = cardText(card);
      expect(text).toContain('Advies op maat doen we in een persoonlijk gesprek');
      expect(text).toContain('Ik begrijp: Voedsel, groen en gastvrijheid');
      expect(text).toContain('Uit de handreiking past hier bijvoorbeeld');
      expect(cardActions(card).some((a) => a.type === 'Action.OpenUrl' && a.url?.includes('/l/chat/0/0'))).toBe(true);
    });

    it.each([
      ['Ik wil advies over stages voor mijn studenten', 'Advies op maat doen we in een persoonlijk gesprek'],
      ['dankjewel', 'Graag gedaan'],
    ])('answers "%s" as what it is', async (question, expected) => {
      const { client } = channelClient();
      const { reply } = await send(
        client,
        client.activity({ type: 'message', text: `<at>${BOT.name}</at> ${question}`, entities: [mention] }),
      );
      const text = cardText(cardOf(reply));
      expect(text).toContain(expected);
      expect(text).not.toContain('Dit weet ik niet zeker');
    });

    it('asks "Bedoel je ... of ...?" when two answers are close, and a button shows that answer in place', async () => {
      const { client } = channelClient();
      const { reply } = await send(
        client,
        client.activity({
          type: 'message',
          text: `<at>${BOT.name}</at> mogen onze studenten hun uren in de zomerperiode draaien?`,
          entities: [mention],
        }),
      );
      const card = cardOf(reply);
      expect(cardText(card)).toContain('Bedoel je');
      const buttons = cardActions(card).filter((a) => a.verb === 'answer.show');
      expect(buttons.length).toBeGreaterThanOrEqual(2);
      expect(buttons.length).toBeLessThanOrEqual(3);
      const key = String(buttons[0]?.data?.option);
      const pressed = await client.execute('answer.show', { option: key });
      expect(pressed.status).toBe(200);
      const replaced = (pressed.body as { value?: unknown }).value;
      expect(cardText(replaced)).toContain(buttons[0]?.title ?? '');
      expect(cardText(replaced)).toContain('Meer in een persoonlijk gesprek');
    });

    it.each([
      ['only the mention', `<at>${BOT.name}</at>`, 'Noem mij met je vraag erbij'],
      ['only a mention with leftovers', `<at>${BOT.name}</at> <at>Bpv</at>  `, 'Noem mij met je vraag erbij'],
      ['emoji', `<at>${BOT.name}</at> 🤔🙈👍`, 'Noem mij met je vraag erbij'],
      [
        'markup',
        `<at>${BOT.name}</at> <p>Hoe werkt een <b>lintstage</b>?</p> [klik](https://evil.example) \${title} {"type":"Action.Submit"}`,
        'Lintstage in plaats van blokstage',
      ],
      ['10,000 characters', `<at>${BOT.name}</at> ${'stage delen '.repeat(850)}`, 'Meer in een persoonlijk gesprek'],
    ])('gives a clear answer to %s', async (_name, text, expected) => {
      const { client } = channelClient();
      const { reply } = await send(client, client.activity({ type: 'message', text, entities: [mention] }));
      const card = cardOf(reply);
      expect(cardText(card)).toContain(expected);
      expect(JSON.stringify(card)).not.toContain('evil.example');
    });
  });

  it('answers an @mention in a group chat', async () => {
    const client = server.client({ conversationType: 'groupChat', conversationId: `19:${randomUUID()}@thread.v2` });
    const { reply, path } = await send(
      client,
      client.activity({
        type: 'message',
        text: `<at>${BOT.name}</at> wie is de sbb adviseur praktijkleren?`,
        entities: [mention],
      }),
    );
    expect(path).toContain(`/v3/conversations/${encodeURIComponent(client.conversationId)}/activities/`);
    expect(cardText(cardOf(reply))).toContain('SBB-adviseur praktijkleren');
  });

  describe('in personal chat', () => {
    it('answers a free question with the answer card, its source, details and alternatives', async () => {
      const client = server.client();
      const [reply] = await client.say(
        'Mag de student eerder stoppen als de leerdoelen al gehaald zijn maar de uren nog niet?',
      );
      const card = cardOf(reply);
      const text = cardText(card);
      expect(text).toContain('Stage eerder afronden als de leerdoelen gehaald zijn');
      expect(text).toContain('paragraaf 1, punt 6');
      expect(text).toContain('Of bedoel je misschien');
      const details = (card?.actions as Array<{ verb?: string; data?: { option?: string } }>).find(
        (a) => a.verb === 'option.details',
      );
      expect(details?.data?.option).toBe('1.6');
      // The Details button opens the option as the advice does.
      const detail = await client.execute('option.details', { key: '1.6' });
      expect(cardText(cardOf(detail.sent[0]))).toContain('Wat je kunt doen');
    });

    it('answers a question that names a sector instead of starting an intake', async () => {
      const client = server.client();
      const [reply] = await client.say('Kan een student in de horeca in het weekend stage lopen?');
      expect(cardText(cardOf(reply))).toContain('Stage in weekenden, avonden of vakanties');
    });

    it('still understands typed commands', async () => {
      const client = server.client();
      const [reply] = await client.say('documenten');
      expect(cardText(cardOf(reply))).toContain('Meer weten?');
    });

    it('says plainly when the handreiking does not go into a question, and offers the intake and the contact routes', async () => {
      const client = server.client();
      const [reply] = await client.say('Hoe vraag ik een nieuwe laptop aan?');
      const card = cardOf(reply);
      expect(cardText(card)).toContain('Daar gaat de handreiking niet over');
      const actions = cardActions(card);
      expect(actions.some((a) => a.verb === 'intake.start')).toBe(true);
      expect(actions.some((a) => a.verb === 'contacts.show')).toBe(true);
    });

    it('is honest when it is not sure about a question on the subject, and offers the intake and a contact', async () => {
      const client = server.client();
      const [reply] = await client.say('Ik zit met een lastige situatie rond de praktijk');
      const card = cardOf(reply);
      expect(cardText(card)).toContain('Dit weet ik niet zeker');
      const actions = cardActions(card);
      expect(actions.some((a) => a.verb === 'intake.start')).toBe(true);
      expect(actions.some((a) => a.type === 'Action.OpenUrl' && a.url?.startsWith('https://'))).toBe(true);
    });

    // The four cases of issue 13, over HTTP in personal chat.
    it('starts the intake for an advice request in words', async () => {
      const client = server.client();
      const [reply] = await client.say('Ik wil advies over stages voor mijn studenten');
      const text = cardText(cardOf(reply));
      expect(text).toContain('Vraag 1 van 4');
      expect(text).not.toContain('Twee studenten op één stageplek');
    });

    it('answers a thank-you as such', async () => {
      const client = server.client();
      const [reply] = await client.say('dankjewel');
      const text = cardText(cardOf(reply));
      expect(text).toContain('Graag gedaan');
      expect(text).not.toContain('Dit weet ik niet zeker');
    });

    it('starts the advice from the first message with what it recognised and asks only what is missing', async () => {
      const client = server.client();
      const [understood, question] = await client.say(
        'ik heb 12 horeca studenten zonder stageplek, wat kan ik doen?',
        2,
      );
      expect(cardText(cardOf(understood))).toContain('Ik begrijp: Voedsel, groen en gastvrijheid');
      expect(cardText(cardOf(understood))).toContain('12 studenten');
      expect(cardText(cardOf(question))).toContain('Vraag 3 van 4');
      const [advice] = await client.say('geen plekken');
      expect(cardText(cardOf(advice))).toContain('Stap 2 van 3');
    });

    it('reads the number of students beside a niveau as the count, not the niveau', async () => {
      const client = server.client();
      const [understood] = await client.say('VIG niveau 3, bbl. 8 studenten zonder leerbaan', 2);
      const text = cardText(cardOf(understood));
      expect(text).toContain('Ik begrijp: Zorg, welzijn en sport');
      expect(text).toContain('8 studenten');
      expect(text).not.toContain('3 studenten');
    });

    it('answers a stagevergoeding question as outside the handreiking', async () => {
      const client = server.client();
      const [reply] = await client.say('wat is de stagevergoeding voor een bol-student?');
      const card = cardOf(reply);
      expect(cardText(card)).toContain('Over een stagevergoeding gaat de handreiking niet');
      expect(cardActions(card).some((a) => a.verb === 'option.details')).toBe(false);
    });
  });

  describe('messaging extension', () => {
    async function query(parameters: Array<{ name: string; value: unknown }>) {
      const client = server.client({ conversationType: 'channel' });
      const res = await client.post(
        client.activity({
          type: 'invoke',
          name: 'composeExtension/query',
          value: { commandId: 'zoekHandreiking', parameters, queryOptions: { skip: 0, count: 10 } },
        }),
      );
      expect(res.status).toBe(200);
      return JSON.parse(res.body) as {
        composeExtension: {
          type: string;
          attachmentLayout: string;
          attachments: Array<{
            contentType: string;
            content: Record<string, unknown>;
            preview: { contentType: string; content: { title: string } };
          }>;
        };
      };
    }

    it('returns matching options, documents and contacts as cards with previews', async () => {
      const body = await query([{ name: 'vraag', value: 'servicedocument urennorm' }]);
      expect(body.composeExtension.type).toBe('result');
      expect(body.composeExtension.attachmentLayout).toBe('list');
      const { attachments } = body.composeExtension;
      expect(attachments.length).toBeGreaterThan(1);
      for (const a of attachments) {
        expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
        expect(a.content.type).toBe('AdaptiveCard');
        expect(a.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
        expect(a.preview.content.title).toBeTruthy();
      }
      const titles = attachments.map((a) => a.preview.content.title);
      expect(titles).toContain('Afwijken van de urennorm voor bpv en bot');
      expect(titles).toContain('Servicedocument Covid-19 mbo');
    });

    it('lists the three steps for an empty query', async () => {
      const body = await query([{ name: 'initialRun', value: 'true' }]);
      expect(body.composeExtension.attachments.map((a) => a.preview.content.title)).toEqual([
        'Stap 1: Maximaal benutten van beschikbare stages en leerbanen',
        'Stap 2: Werving nieuwe stages en leerbanen',
        'Stap 3: Andere mogelijke oplossingen',
      ]);
    });

    it('says so in one card for a topic the handreiking does not cover', async () => {
      const body = await query([{ name: 'vraag', value: 'stagevergoeding' }]);
      expect(body.composeExtension.attachments.map((a) => a.preview.content.title)).toEqual([
        'Niet in de handreiking: een stagevergoeding',
      ]);
    });

    it('returns an empty list, not an error, for a query without matches', async () => {
      const body = await query([{ name: 'vraag', value: '🙈🙈' }]);
      expect(body.composeExtension.type).toBe('result');
      expect(body.composeExtension.attachments).toEqual([]);
    });
  });
});
