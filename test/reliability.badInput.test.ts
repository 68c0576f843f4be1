import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURN_ERROR_MESSAGE } from '../src/host/turnPipeline';
import { type ActivityLike, BotClient, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * Bad input over HTTP against the real app (SQLite storage): every case gets a clear status or a Dutch
 * message, no body leaks internals, the process keeps serving, and another conversation that is in the
 * middle of its intake carries on unharmed. Prints a summary table.
 */

type Outcome = { status: number; body: string; replies: string[] };
interface Case {
  name: string;
  run(client: BotClient): Promise<Outcome>;
  /** Expected HTTP status. */
  status: number;
  /** For cases the bot answers: a Dutch reply (never the generic turn error) must arrive. */
  reply?: RegExp;
  /** Checks on the HTTP body beyond "no leak". */
  body?: RegExp;
  extra?: (outcome: Outcome) => void;
}

const LEAK =
  /\bat [\w.<>]+ \(|node_modules|\.ts:\d|https?:\/\/|[A-Z]\w*Error\b|botbuilder|zod|stack|Unauthorized Access|Missing value/;
const DUTCH = /\b(je|ik|de|het|een|typ|kan|niet|knop|bericht|verzoek|geldige|te|groot)\b/i;

let connector: FakeConnector;
let stop: () => Promise<void>;
let botUrl: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bpv-badinput-'));
  connector = new FakeConnector();
  await connector.start();
  const started = await startBot({
    STORAGE: 'sqlite',
    SQLITE_PATH: path.join(dir, 'state.sqlite'),
    MAX_BODY_BYTES: '65536',
    REQUEST_TIMEOUT_MS: '1000',
  });
  botUrl = started.url;
  stop = () => started.app.stop();
});

afterAll(async () => {
  await stop();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Texts of what the bot sent to `client`'s conversation after call index `from`, cards flattened. */
function repliesFor(client: BotClient, from: number): string[] {
  return connector
    .sent(from)
    .filter((a) => (a.conversation as { id?: string } | undefined)?.id === client.conversationId)
    .map((a) => (typeof a.text === 'string' ? a.text : cardText(cardOf(a))));
}

async function send(
  client: BotClient,
  activity: ActivityLike | string,
  contentType?: string,
  expectReply = true,
): Promise<Outcome> {
  const from = connector.calls.length;
  const res = await client.post(activity, contentType);
  if (expectReply && res.status === 200) {
    await connector.waitFor(() => repliesFor(client, from).length > 0, 3_000).catch(() => undefined);
  } else {
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ...res, replies: repliesFor(client, from) };
}

/** A POST with a Content-Encoding header (the Bot Connector never sends one). */
async function sendEncoded(body: string, encoding: string): Promise<Outcome> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    body,
  });
  return { status: res.status, body: await res.text(), replies: [] };
}

/**
 * A request whose headers (or body) never finish arriving, byte by byte: status 0 when the bot closed
 * the connection without an answer.
 */
async function sendSlowly(part: 'headers' | 'body'): Promise<Outcome> {
  const head =
    'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n';
  const port = Number(new URL(botUrl).port);
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let at = 0;
    const drip = setInterval(() => {
      if (part === 'headers') socket.write(head[at++ % head.length] ?? '');
      else socket.write('{');
    }, 100);
    const finish = (stillOpen: boolean) => {
      clearInterval(drip);
      clearTimeout(limit);
      socket.destroy();
      // -1: the bot still held the connection when the test gave up waiting.
      const status = stillOpen ? -1 : Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, body: received.split('\r\n\r\n')[1] ?? '', replies: [] });
    };
    const limit = setTimeout(() => finish(true), 8_000);
    socket.on('connect', () => {
      if (part === 'body') socket.write(head);
    });
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('close', () => finish(false));
    socket.on('error', () => undefined);
  });
}

function without(activity: ActivityLike, key: string): ActivityLike {
  const copy: ActivityLike = { ...activity };
  delete copy[key];
  return copy;
}

const message = (client: BotClient, text: string) => client.activity({ type: 'message', text });
const submit = (client: BotClient, value: unknown) => client.activity({ type: 'message', value, replyToId: 'card-1' });
const execute = (client: BotClient, verb: string, data: unknown) =>
  client.activity({
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });

const MARKUP = '**vet** <script>alert(1)</script> ${string(1+1)} ${$root} [klik](https://voorbeeld.invalid) # kop';

const CASES: Case[] = [
  { name: 'malformed JSON', status: 400, run: (c) => send(c, '{"type": "message", ', 'application/json') },
  { name: 'wrong content type', status: 415, run: (c) => send(c, JSON.stringify(message(c, 'hoi')), 'text/plain') },
  {
    name: 'gzip-encoded body that is not gzip',
    status: 415,
    body: /Gecomprimeerde/,
    run: () => sendEncoded('xxxx', 'gzip'),
  },
  { name: 'deflate-encoded body', status: 415, body: /Gecomprimeerde/, run: () => sendEncoded('{}', 'deflate') },
  { name: 'headers that never finish (slow-loris)', status: 0, run: () => sendSlowly('headers') },
  { name: 'a body that never finishes', status: 0, run: () => sendSlowly('body') },
  { name: 'empty body', status: 400, run: (c) => send(c, '', 'application/json') },
  {
    name: 'oversized body (100 KB)',
    status: 413,
    body: /te groot/,
    run: (c) => send(c, message(c, 'x'.repeat(100_000))),
  },
  { name: 'JSON array as body', status: 400, run: (c) => send(c, '[1,2,3]', 'application/json') },
  { name: 'missing type', status: 400, run: (c) => send(c, without(message(c, 'hoi'), 'type')) },
  { name: 'missing conversation', status: 400, run: (c) => send(c, without(message(c, 'hoi'), 'conversation')) },
  { name: 'missing from', status: 400, run: (c) => send(c, without(message(c, 'hoi'), 'from')) },
  { name: 'missing serviceUrl', status: 400, run: (c) => send(c, without(message(c, 'hoi'), 'serviceUrl')) },
  {
    name: 'serviceUrl not a URL',
    status: 400,
    run: (c) => send(c, { ...message(c, 'hoi'), serviceUrl: 'javascript:alert(1)' }),
  },
  { name: 'text is a number', status: 400, run: (c) => send(c, { ...message(c, 'x'), text: 42 }) },
  { name: 'entities not a list', status: 400, run: (c) => send(c, { ...message(c, 'hoi'), entities: 'x' }) },
  { name: 'attachments not a list', status: 400, run: (c) => send(c, { ...message(c, 'hoi'), attachments: {} }) },
  {
    name: 'membersAdded not a list',
    status: 400,
    run: (c) => send(c, c.activity({ type: 'conversationUpdate', membersAdded: 'iedereen' })),
  },
  {
    name: 'a member added without an id',
    status: 400,
    run: (c) => send(c, c.activity({ type: 'conversationUpdate', membersAdded: [{ name: 'x' }] })),
  },
  {
    name: 'compose-box query without value',
    status: 200,
    body: /Deze zoekvraag kan ik niet verwerken/,
    run: (c) => send(c, c.activity({ type: 'invoke', name: 'composeExtension/query', value: null }), undefined, false),
  },
  {
    name: 'unknown activity type',
    status: 200,
    run: (c) => send(c, c.activity({ type: 'somethingNew' }), undefined, false),
    extra: (o) => expect(o.replies).toEqual([]),
  },
  {
    name: 'unknown invoke name',
    status: 501,
    run: (c) => send(c, c.activity({ type: 'invoke', name: 'made/up', value: {} }), undefined, false),
  },
  {
    name: 'card invoke without value',
    status: 200,
    body: /Deze knop kan ik niet verwerken/,
    run: (c) => send(c, c.activity({ type: 'invoke', name: 'adaptiveCard/action' }), undefined, false),
  },
  {
    name: 'Execute with unknown verb',
    status: 200,
    body: /kan ik niet verwerken/,
    run: (c) => send(c, execute(c, 'admin.deleteEverything', {}), undefined, false),
  },
  {
    name: 'Submit: missing data',
    status: 200,
    reply: /knop kan ik niet/,
    run: (c) => send(c, submit(c, { verb: 'intake.answer' })),
  },
  {
    name: 'Submit: wrong-typed data',
    status: 200,
    reply: /knop kan ik niet/,
    run: (c) => send(c, submit(c, { verb: 'intake.answer', field: 'details', students: 'heel veel', niveau: 7 })),
  },
  {
    name: 'Submit: tampered option key',
    status: 200,
    reply: /knop kan ik niet|ken ik niet/,
    run: (c) => send(c, submit(c, { verb: 'option.details', key: '../../etc/passwd' })),
  },
  {
    name: 'Submit: tampered sector id',
    status: 200,
    reply: /kan ik niet verwerken/,
    run: (c) => send(c, submit(c, { verb: 'intake.answer', field: 'sector', sector: 'bestaat-niet' })),
  },
  {
    name: 'Submit: oversized data (20 KB)',
    status: 200,
    reply: /knop kan ik niet/,
    run: (c) => send(c, submit(c, { verb: 'help', junk: 'x'.repeat(20_000) })),
  },
  {
    name: 'Submit: value is an array',
    status: 200,
    reply: /knop kan ik niet/,
    run: (c) => send(c, submit(c, [1, 2, 3])),
  },
  {
    name: 'Execute: wrong-typed data',
    status: 200,
    body: /kan ik niet verwerken/,
    run: (c) => send(c, execute(c, 'advice.step', { step: 'drie' }), undefined, false),
  },
  {
    name: 'Execute: feedback on keys the knowledge does not have',
    status: 200,
    reply: /kaart ken ik niet/,
    run: (c) => send(c, execute(c, 'feedback.rate', { kind: 'advice', keys: 'doc:bestaat-niet,1.99', useful: 'nee' })),
  },
  {
    name: 'Execute: referral.claim in a group chat',
    status: 200,
    reply: /adviseurskanaal/,
    run: (c) =>
      send(c, {
        ...execute(c, 'referral.claim', { referralId: '4b0b8a3e-6a6c-4a58-9d1f-6f7c1b2f3e4d' }),
        conversation: { id: c.conversationId, conversationType: 'groupChat', isGroup: true, tenantId: 'tenant' },
      }),
  },
  { name: '10,000-character text', status: 200, reply: DUTCH, run: (c) => send(c, message(c, 'bpv '.repeat(2_500))) },
  {
    name: 'control characters and NUL',
    status: 200,
    reply: DUTCH,
    run: (c) => send(c, message(c, 'ho\u0000i\u0007\u001b[31m\u202e\ufeff')),
  },
  { name: 'emoji only', status: 200, reply: DUTCH, run: (c) => send(c, message(c, '👍🏽🎉🤖')) },
  {
    name: 'markup and ${...} in text',
    status: 200,
    reply: DUTCH,
    run: (c) => send(c, message(c, MARKUP)),
    extra: (o) => {
      const all = o.replies.join('\n');
      expect(all).not.toContain('<script>');
      expect(all).not.toContain('voorbeeld.invalid');
      expect(all).not.toMatch(/\$\{string\(1\+1\)\}|"2"/);
    },
  },
];

describe('bad input over HTTP', () => {
  it('answers every case with a clear status or a Dutch message, leaks nothing, and keeps other conversations intact', async () => {
    // A coordinator in the middle of the intake, in her own conversation.
    const bystander = new BotClient(botUrl, connector);
    await bystander.say('start');
    const afterSector = await bystander.say('horeca');
    expect(cardText(cardOf(afterSector.at(-1)))).toContain('Vraag 2 van 4');

    const rows: Array<{ case: string; status: number; expected: number; outcome: string; ok: boolean }> = [];
    const failures: string[] = [];
    for (const testCase of CASES) {
      const client = new BotClient(botUrl, connector);
      const outcome = await testCase.run(client);
      const problems: string[] = [];
      if (outcome.status !== testCase.status) problems.push(`status ${outcome.status}`);
      if (LEAK.test(outcome.body)) problems.push(`body leaks: ${outcome.body.slice(0, 80)}`);
      if (testCase.body && !testCase.body.test(outcome.body)) problems.push(`body ${outcome.body.slice(0, 80)}`);
      if (outcome.status >= 400 && outcome.body && !DUTCH.test(outcome.body)) problems.push('error body not Dutch');
      if (outcome.replies.some((r) => r === TURN_ERROR_MESSAGE)) problems.push('turn failed');
      if (testCase.reply && !outcome.replies.some((r) => testCase.reply?.test(r)))
        problems.push(`reply: ${outcome.replies.join(' | ').slice(0, 80) || 'none'}`);
      try {
        testCase.extra?.(outcome);
      } catch (err) {
        problems.push(err instanceof Error ? (err.message.split('\n')[0] ?? 'extra check') : 'extra check');
      }
      const shown = outcome.replies[0] ?? (outcome.body || '(leeg)');
      rows.push({
        case: testCase.name,
        status: outcome.status,
        expected: testCase.status,
        outcome: shown.replace(/\s+/g, ' ').slice(0, 60),
        ok: problems.length === 0,
      });
      if (problems.length) failures.push(`${testCase.name}: ${problems.join('; ')}`);
    }

    // 50 messages at once in one conversation: every one answered, none failed.
    const burst = new BotClient(botUrl, connector);
    const from = connector.calls.length;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => burst.post(message(burst, i % 2 ? 'documenten' : 'help'))),
    );
    await connector.waitFor(() => repliesFor(burst, from).length >= 50, 15_000).catch(() => undefined);
    const burstReplies = repliesFor(burst, from);
    const burstOk =
      results.every((r) => r.status === 200) &&
      burstReplies.length === 50 &&
      !burstReplies.includes(TURN_ERROR_MESSAGE);
    rows.push({
      case: '50 messages at once, one conversation',
      status: results.find((r) => r.status !== 200)?.status ?? 200,
      expected: 200,
      outcome: `${burstReplies.length} replies`,
      ok: burstOk,
    });
    if (!burstOk)
      failures.push(
        `burst: ${burstReplies.length} replies, statuses ${[...new Set(results.map((r) => r.status))].join(',')}`,
      );

    console.log(`\nBad input summary\n${formatTable(rows)}\n`);
    expect(failures).toEqual([]);

    // The process still serves, and the bystander's intake goes on where it was.
    const health = await fetch(`${botUrl}/healthz`);
    expect(health.status).toBe(200);
    const next = await bystander.say('geen stage');
    expect(cardText(cardOf(next.at(-1)))).toContain('Vraag 3 van 4');
    const answers = await bystander.say('mijn antwoorden');
    expect(cardText(cardOf(answers.at(-1)))).toContain('Voedsel, groen en gastvrijheid');
  }, 60_000);
});

function formatTable(
  rows: Array<{ case: string; status: number; expected: number; outcome: string; ok: boolean }>,
): string {
  const header = ['case', 'status', 'expected', 'ok', 'answer (first reply or body)'];
  const lines = rows.map((r) => [r.case, String(r.status), String(r.expected), r.ok ? 'ok' : 'FAIL', r.outcome]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
