import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from './support/botClient';
import { createBotApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/host/logger';
import { ChildBot } from './support/childBot';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * Bot Framework authentication with an app id configured. Tokens are signed with our own keys, served
 * as OpenID metadata + JWKS on 127.0.0.1 (the app option `openIdMetadataUrl`), so the library's real validation
 * runs offline: only a token signed by a published key, for this bot's app id, passes.
 */

const APP_ID = '00000000-0000-4000-8000-00000000b0b0';
const ISSUER = 'https://api.botframework.com';
const KID = 'test-key-1';

let metadata: http.Server;
let metadataUrl: string;
let trustedKey: CryptoKey;
let rogueKey: CryptoKey;
let connector: FakeConnector;
let botUrl: string;
let stopBot: () => Promise<void>;

async function startMetadata(publicJwk: JWK): Promise<void> {
  metadata = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: ISSUER,
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/v1/keys') {
      res.end(
        JSON.stringify({ keys: [{ ...publicJwk, kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
}

beforeAll(async () => {
  const trusted = await generateKeyPair('RS256');
  const rogue = await generateKeyPair('RS256');
  trustedKey = trusted.privateKey;
  rogueKey = rogue.privateKey;
  await startMetadata(await exportJWK(trusted.publicKey));
  connector = new FakeConnector();
  await connector.start();
  const started = await startBot(
    {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-offline',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: '00000000-0000-4000-8000-0000000000aa',
    },
    { openIdMetadataUrl: metadataUrl },
  );
  botUrl = started.url;
  stopBot = () => started.app.stop();
});

afterAll(async () => {
  await stopBot();
  await connector.stop();
  metadata.closeAllConnections();
  await new Promise<void>((resolve) => metadata.close(() => resolve()));
});

interface TokenOptions {
  key?: CryptoKey;
  audience?: string;
  issuer?: string;
  serviceUrl?: string;
  /** null: no `exp` claim at all. */
  expiresIn?: string | number | null;
}

async function token(options: TokenOptions = {}): Promise<string> {
  const jwt = new SignJWT({ serviceurl: options.serviceUrl ?? connector.url })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? APP_ID)
    .setIssuedAt()
    .setNotBefore('0s');
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '5m');
  return jwt.sign(options.key ?? trustedKey);
}

/** A typing activity: the bot runs a turn but sends nothing, so no outbound token (network) is needed. */
async function post(authorization: string | undefined): Promise<{ status: number; body: string }> {
  const client = new BotClient(botUrl, connector);
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify(client.activity({ type: 'typing' })),
  });
  return { status: res.status, body: await res.text() };
}

const SHORT_401 = /^\{"error":"Niet geautoriseerd\."\}$/;

describe('Bot Framework authentication', () => {
  it.each([
    ['no Authorization header', async () => undefined],
    ['an empty bearer', async () => 'Bearer '],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['a token that is not a JWT at all', async () => 'Bearer ' + 'x'.repeat(300)],
    ['another scheme', async () => `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['a token signed with the wrong key', async () => `Bearer ${await token({ key: rogueKey })}`],
    [
      'a token for another audience',
      async () => `Bearer ${await token({ audience: '11111111-1111-4111-8111-111111111111' })}`,
    ],
    ['a token from another issuer', async () => `Bearer ${await token({ issuer: 'https://sts.example.invalid' })}`],
    [
      'a token for another service URL',
      async () => `Bearer ${await token({ serviceUrl: 'https://smba.trafficmanager.net/evil/' })}`,
    ],
    ['an expired token', async () => `Bearer ${await token({ expiresIn: Math.floor(Date.now() / 1000) - 3600 })}`],
    ['a correctly signed token without expiry', async () => `Bearer ${await token({ expiresIn: null })}`],
  ])('refuses %s with a short 401', async (_name, header) => {
    const res = await post(await header());
    expect(res.status).toBe(401);
    expect(res.body).toMatch(SHORT_401);
  });

  it('accepts a valid token for this bot', async () => {
    const res = await post(`Bearer ${await token()}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });
});

describe('when the signing keys cannot be fetched', () => {
  it('answers 503 with a short body (the bot is unwell), not 401, and logs what failed', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unreachable = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const lines: string[] = [];
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      STORAGE: 'memory',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-offline',
      MicrosoftAppTenantId: '00000000-0000-4000-8000-0000000000aa',
    });
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const app = await createBotApp(config, logger, { openIdMetadataUrl: unreachable });
    const url = `http://127.0.0.1:${await app.start()}`;
    try {
      const client = new BotClient(url, connector);
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        body: JSON.stringify(client.activity({ type: 'typing' })),
      });
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/^\{"error":"[^"]{5,80}"\}$/);
      expect(lines.some((l) => l.includes('authentication could not be checked'))).toBe(true);
    } finally {
      await app.stop();
    }
  });
});

describe('forged tokens and the logs', () => {
  it('write nothing but JSON log lines, however many come (the library prints nothing of its own)', async () => {
    const bot = await ChildBot.start(
      {
        STORAGE: 'memory',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-used-offline',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: '00000000-0000-4000-8000-0000000000aa',
        TEST_OPENID_METADATA_URL: metadataUrl,
      },
      60_000,
      'test/support/authBotProcess.ts',
    );
    try {
      const forged = [
        await token({ key: rogueKey }),
        await token({ expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
        await token({ expiresIn: null }),
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: ISSUER, aud: APP_ID })).toString('base64url')}.`,
      ];
      const client = new BotClient(bot.url, connector);
      for (const jwt of forged) {
        const res = await fetch(`${bot.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
          body: JSON.stringify(client.activity({ type: 'typing' })),
        });
        expect(res.status).toBe(401);
      }
      await new Promise((r) => setTimeout(r, 200));
      const notJson = bot.logs.filter((line) => {
        try {
          JSON.parse(line);
          return false;
        } catch {
          return true;
        }
      });
      expect(notJson).toEqual([]);
      expect(bot.logs.filter((l) => l.includes('request refused: not authenticated'))).toHaveLength(forged.length);
    } finally {
      await bot.stop('SIGKILL');
    }
  }, 90_000);
});
