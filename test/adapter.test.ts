import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { CachingBotFrameworkAuthentication, createAdapter } from '../src/host/adapter';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/host/logger';

/** The smallest request/response pair CloudAdapter.process accepts. */
function exchange(body: object) {
  const res = {
    socket: {},
    statusCode: 0,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    header: () => undefined,
    send: () => undefined,
    end: () => undefined,
  };
  return { req: { method: 'POST', headers: {}, body }, res };
}

const message = (serviceUrl: string, n: number) => ({
  type: 'message',
  id: `m${n}`,
  text: 'hallo',
  channelId: 'msteams',
  serviceUrl,
  conversation: { id: `c${n}` },
  from: { id: 'user' },
  recipient: { id: 'bot' },
});

describe('connector clients', () => {
  it('are reused per service URL instead of being rebuilt for every incoming turn', async () => {
    const adapter = createAdapter(loadConfig({}), createLogger('silent'));
    const seen: Array<{ connector: unknown; tokens: unknown }> = [];
    const logic = async (context: TurnContext) => {
      seen.push({ connector: context.turnState.get(adapter.ConnectorClientKey), tokens: context.turnState.get(adapter.UserTokenClientKey) });
    };
    const urls = ['https://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net/amer/'];
    for (const [n, url] of urls.entries()) {
      const { req, res } = exchange(message(url, n));
      await adapter.process(req as never, res as never, logic);
      expect(res.statusCode).toBe(200);
    }
    expect(seen).toHaveLength(3);
    expect(seen[0]?.connector).toBeDefined();
    expect(seen[1]?.connector).toBe(seen[0]?.connector);
    expect(seen[2]?.connector).not.toBe(seen[0]?.connector);
    expect(seen[1]?.tokens).toBe(seen[0]?.tokens);
  });

  it('are shared between incoming turns and proactive messages of the same bot', async () => {
    const auth = new CachingBotFrameworkAuthentication({});
    const url = 'https://smba.trafficmanager.net/emea/';
    const incoming = await auth.authenticateRequest(message(url, 1) as never, '');
    const claims = incoming.claimsIdentity;
    const fromTurn = await incoming.connectorFactory?.create(url, undefined);
    expect(fromTurn).toBeDefined();
    const proactive = await auth.createConnectorFactory(claims).create(url, undefined);
    expect(proactive).toBe(fromTurn);
  });
});
