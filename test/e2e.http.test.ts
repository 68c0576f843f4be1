import { describe, expect, it } from 'vitest';
import { cardOf, cardText } from './support/botClient';
import { useBotServer } from './support/useBotServer';

/** The real server on a free port; replies go to a fake Bot Connector on 127.0.0.1, as in Teams. */
describe('advice conversation over HTTP', () => {
  const server = useBotServer();
  const { connector } = server;

  const texts = (activities: Array<Record<string, unknown>>) =>
    activities.map((a) => (typeof a.text === 'string' ? a.text : cardText(cardOf(a)))).join('\n---\n');

  it('is healthy when ready', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('welcomes a coordinator when the app is installed in personal chat', async () => {
    const client = server.client();
    const from = connector.calls.length;
    const res = await client.post(
      client.activity({ type: 'conversationUpdate', membersAdded: [{ id: 'bot-id' }, { id: client.userId }] }),
    );
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.sent(from).length >= 1);
    const [welcome] = connector.sent(from);
    expect(texts([welcome ?? {}])).toContain('Welkom bij de Bpv-wegwijzer');
    // The reply goes to the conversation on the serviceUrl, as the Bot Connector expects.
    expect(connector.calls[from]?.path).toContain(
      `/v3/conversations/${encodeURIComponent(client.conversationId)}/activities`,
    );
  });

  it('runs a full intake with Action.Submit, gives step 1 advice and escalates to step 3', async () => {
    const client = server.client();
    expect(texts(await client.say('hallo'))).toContain('Welkom');
    let r = await client.submit('intake.start');
    expect(r.status).toBe(200);
    expect(texts(r.sent)).toContain('Vraag 1 van 4');
    r = await client.submit('intake.answer', { field: 'sector', sector: 'ict' });
    expect(texts(r.sent)).toContain('Vraag 2 van 4');
    // The pressed question card is replaced by the answer (PUT to the connector).
    expect(
      connector
        .updates()
        .some((u) =>
          cardText((u.body.attachments as Array<{ content: unknown }>)[0]?.content).includes(
            'ICT en creatieve industrie',
          ),
        ),
    ).toBe(true);
    r = await client.submit('intake.answer', { field: 'situations', situations: 'thuiswerken' });
    expect(texts(r.sent)).toContain('Vraag 3 van 4');
    r = await client.submit('intake.answer', { field: 'places', places: 'voldoende' });
    expect(texts(r.sent)).toContain('Vraag 4 van 4');
    r = await client.submit('intake.answer', { field: 'details', leerweg: 'bol', niveau: '4', students: '8' });
    const advice = texts(r.sent);
    expect(advice).toContain('Stap 1 van 3');
    expect(advice).toContain('1. Begeleiding op afstand bij thuiswerken');
    expect(advice).toContain('bol, niveau 4, 8 studenten');

    const step2 = await client.say('nee');
    expect(texts(step2)).toContain('Stap 2 van 3');
    const step3 = await client.say('volgende');
    expect(texts(step3)).toContain('Stap 3 van 3');

    r = await client.submit('option.details', { key: '3.4' });
    expect(texts(r.sent)).toContain('Simulatie in begeleide onderwijstijd');
    expect(texts(r.sent)).toContain('paragraaf 3, punt 4');
    r = await client.submit('documents.show');
    expect(texts(r.sent)).toContain('Servicedocument');
    r = await client.submit('contacts.show');
    expect(texts(r.sent)).toContain('SBB');
  });

  it('runs the intake with Action.Execute: each answer comes back as the updated card, advice steps replace the card', async () => {
    const client = server.client();
    let r = await client.execute('intake.start');
    expect(r.status).toBe(200);
    expect(texts(r.sent)).toContain('Vraag 1 van 4');

    r = await client.execute('intake.answer', { field: 'sector', sector: 'zws' });
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(r.body.value)).toContain('Zorg, welzijn en sport');
    expect(texts(r.sent)).toContain('Vraag 2 van 4');

    r = await client.execute('intake.answer', { field: 'situations', situations: 'leerdoelen-behaald-uren-niet' });
    expect(cardText(r.body.value)).toContain('Leerdoelen');
    await client.execute('intake.answer', { field: 'places', places: 'te-weinig' });
    r = await client.execute('intake.answer', { field: 'details', skip: true });
    expect(texts(r.sent)).toContain('Stap 1 van 3');
    expect(texts(r.sent)).toContain('1. Stage eerder afronden als de leerdoelen gehaald zijn');
    // Early completion leans on corona-era room: the card says the guidance is from 2020. The urennorm
    // deviation is not raised before step 3 (issue 14, review C2 and D3).
    expect(texts(r.sent)).toContain('najaar van 2020');
    expect(texts(r.sent)).not.toContain('Afwijken van de urennorm');

    r = await client.execute('advice.step', { step: 2 });
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(r.body.value)).toContain('Stap 2 van 3');
    r = await client.execute('advice.step', { step: 3 });
    expect(cardText(r.body.value)).toContain('Stap 3 van 3');
    expect(cardText(r.body.value)).toContain('Vorige stap');

    r = await client.execute('option.details', { key: '3.2' });
    expect(r.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(texts(r.sent)).toContain('Afwijken van de urennorm voor bpv en bot');
  });

  it('answers a tampered Action.Execute with a short Dutch message and keeps the conversation going', async () => {
    const client = server.client();
    const r = await client.execute('intake.answer', { field: 'sector', sector: '<script>' });
    expect(r.status).toBe(200);
    const again = await client.execute('intake.start');
    expect(texts(again.sent)).toContain('Vraag 1 van 4');
  });

  it('rejects what is not an activity with a short, safe body', async () => {
    const client = server.client();
    const broken = await client.post('{"type": "message", ');
    expect(broken.status).toBe(400);
    expect(broken.body).not.toMatch(/at |Error|\/node_modules/);
    const noType = await client.post(JSON.stringify({ text: 'hoi' }));
    expect(noType.status).toBe(400);
    const wrongType = await client.post('hallo', 'text/plain');
    expect(wrongType.status).toBe(415);
  });
});
