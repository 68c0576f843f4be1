import { describe, expect, it } from 'vitest';
import { checkEnvelope } from '../src/host/activityEnvelope';

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

/** `base` with the field at `path` set to `value` (undefined: removed). */
function withField(base: Json, path: string[], value: unknown): Json {
  const copy = structuredClone<Json>(base);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** Fields with their longest accepted value and whether they may be left out. */
const FIELDS: Array<[string[], number, boolean]> = [
  [['type'], 64, false],
  [['id'], 1024, true],
  [['name'], 256, true],
  [['channelId'], 64, true],
  [['conversation', 'id'], 1024, false],
  [['conversation', 'conversationType'], 64, true],
  [['from', 'id'], 1024, false],
  [['recipient', 'id'], 1024, false],
  [['replyToId'], 1024, true],
];

const ok = (activity: unknown) => checkEnvelope(activity).ok;

describe('activity envelope check', () => {
  it('accepts the activities Teams sends', () => {
    for (const activity of VALID) expect(checkEnvelope(activity)).toEqual({ ok: true });
  });

  it('refuses a field that is too long, of the wrong type or (when required) missing or blank', () => {
    const message = VALID[0] as Json;
    for (const [path, max, optional] of FIELDS) {
      const name = path.join('.');
      expect({ name, ok: ok(withField(message, path, 'a'.repeat(max))) }).toEqual({ name, ok: true });
      expect({ name, ok: ok(withField(message, path, 'a'.repeat(max + 1))) }).toEqual({ name, ok: false });
      expect({ name, ok: ok(withField(message, path, 42)) }).toEqual({ name, ok: false });
      expect({ name, ok: ok(withField(message, path, undefined)) }).toEqual({ name, ok: optional });
      if (!optional) expect({ name, ok: ok(withField(message, path, ' \t')) }).toEqual({ name, ok: false });
    }
    for (const field of ['conversation', 'from', 'recipient']) {
      for (const value of [null, 'x', [], {}]) expect(ok(withField(message, [field], value))).toBe(false);
    }
    expect(ok(withField(message, ['text'], 42))).toBe(false);
    expect(ok(withField(message, ['text'], null))).toBe(true);
  });

  it('accepts only http(s) service URLs', () => {
    const message = VALID[0] as Json;
    for (const url of ['https://smba.trafficmanager.net/emea/', 'http://127.0.0.1:9/x', 'HTTPS://SMBA.EXAMPLE/emea/']) {
      expect({ url, ok: ok(withField(message, ['serviceUrl'], url)) }).toEqual({ url, ok: true });
    }
    for (const url of [
      'javascript:alert(1)',
      'ftp://host/x',
      'not a url',
      'https://',
      `https://x.nl/${'a'.repeat(2040)}`,
      undefined,
      42,
    ]) {
      expect({ url, ok: ok(withField(message, ['serviceUrl'], url)) }).toEqual({ url, ok: false });
    }
  });

  it('names the first field that is wrong (for the log, never for the client)', () => {
    const [message] = VALID;
    expect(checkEnvelope({ ...message, conversation: { id: '   ' } })).toEqual({ ok: false, field: 'conversation.id' });
    expect(checkEnvelope({ ...message, serviceUrl: 'javascript:alert(1)' })).toEqual({
      ok: false,
      field: 'serviceUrl',
    });
    expect(checkEnvelope([message])).toEqual({ ok: false, field: 'body' });
  });
});
