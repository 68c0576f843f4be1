import { describe, expect, it } from 'vitest';
import { ActivityEnvelopeSchema, checkEnvelope, envelopeLooksValid } from '../src/host/activityEnvelope';

type Json = Record<string, unknown>;

/** Activities as Teams sends them: a message in a channel, a card invoke, the bot being added. */
const VALID: Json[] = [
  {
    type: 'message',
    id: '1733052123456',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { id: '29:1abc', name: 'Coördinator', aadObjectId: 'aad-1' },
    recipient: { id: '28:bot', name: 'Bpv-wegwijzer' },
    conversation: { id: '19:abc@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, tenantId: 't' },
    text: '<at>Bpv-wegwijzer</at> mag een bbl-student thuiswerken?',
    entities: [{ type: 'mention', text: '<at>Bpv-wegwijzer</at>' }],
    channelData: { tenant: { id: 't' }, team: { id: '19:team' } },
    locale: 'nl-NL',
  },
  {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: 'f:123',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { id: '29:1abc' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:1personal', conversationType: 'personal' },
    replyToId: '1733052123000',
    value: { action: { type: 'Action.Execute', verb: 'intake.answer', data: { field: 'sector', sector: 'zorg' } } },
  },
  {
    type: 'conversationUpdate',
    serviceUrl: 'http://localhost:3978',
    from: { id: 'u' },
    recipient: { id: 'b' },
    conversation: { id: 'c' },
    membersAdded: [{ id: 'b' }],
    text: null,
  },
];

const BAD_VALUES: unknown[] = [undefined, null, 0, 42, true, '', ' ', '\t\n', 'x', [], ['x'], {}, { id: 'x' }];
const LONG = (n: number) => 'a'.repeat(n);

/** Every field of the envelope, set to values just inside and outside its rules. */
function variants(base: Json): Json[] {
  const out: Json[] = [];
  const set = (path: string[], value: unknown) => {
    const copy = structuredClone(base) as Json;
    let node = copy;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Json;
    }
    const last = path[path.length - 1] as string;
    if (value === undefined) delete node[last];
    else node[last] = value;
    out.push(copy);
  };
  const limits: Array<[string[], number]> = [
    [['type'], 64],
    [['id'], 1024],
    [['name'], 256],
    [['channelId'], 64],
    [['serviceUrl'], 2048],
    [['conversation', 'id'], 1024],
    [['conversation', 'conversationType'], 64],
    [['from', 'id'], 1024],
    [['recipient', 'id'], 1024],
    [['text'], 100_000],
    [['replyToId'], 1024],
  ];
  for (const [path, max] of limits) {
    for (const value of BAD_VALUES) set(path, value);
    set(path, LONG(max));
    set(path, LONG(max + 1));
    set(path, `  ${LONG(3)}  `);
  }
  for (const url of ['javascript:alert(1)', 'ftp://host/x', 'not a url', 'https://', 'http://127.0.0.1:9/x', 'HTTPS://SMBA.EXAMPLE/emea/', `https://x.nl/${LONG(2040)}`]) {
    set(['serviceUrl'], url);
  }
  for (const field of ['conversation', 'from', 'recipient']) for (const value of BAD_VALUES) set([field], value);
  return out;
}

describe('activity envelope check', () => {
  it('accepts the activities Teams sends on its fast path', () => {
    for (const activity of VALID) {
      expect(envelopeLooksValid(activity)).toBe(true);
      expect(checkEnvelope(activity)).toEqual({ ok: true });
    }
  });

  it('says exactly what the schema says, for every field just inside and outside its rules', () => {
    let refused = 0;
    for (const activity of VALID.flatMap(variants)) {
      const schema = ActivityEnvelopeSchema.safeParse(activity).success;
      expect({ activity, ok: checkEnvelope(activity).ok }).toEqual({ activity, ok: schema });
      // The fast path never says yes where the schema says no.
      if (!schema) expect(envelopeLooksValid(activity)).toBe(false);
      if (!schema) refused++;
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('names the first field that is wrong (for the log, never for the client)', () => {
    const [message] = VALID;
    expect(checkEnvelope({ ...message, conversation: { id: '   ' } })).toEqual({ ok: false, field: 'conversation.id' });
    expect(checkEnvelope({ ...message, serviceUrl: 'javascript:alert(1)' })).toEqual({ ok: false, field: 'serviceUrl' });
    expect(checkEnvelope([message])).toEqual({ ok: false, field: 'body' });
  });
});
