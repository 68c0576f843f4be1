import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * Bot Framework authentication with an app id configured. Tokens are signed with our own keys, served
 * as OpenID metadata + JWKS on 127.0.0.1 (BOT_OPENID_METADATA_URL), so the library's real validation
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
      res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/keys') {
      res.end(JSON.stringify({ keys: [{ ...publicJwk, kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
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
  const started = await startBot({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-used-offline',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: '00000000-0000-4000-8000-0000000000aa',
    BOT_OPENID_METADATA_URL: metadataUrl,
  });
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
  expiresIn?: string | number;
}

async function token(options: TokenOptions = {}): Promise<string> {
  return new SignJWT({ serviceurl: options.serviceUrl ?? connector.url })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? APP_ID)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(options.key ?? trustedKey);
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
    ['a token for another audience', async () => `Bearer ${await token({ audience: '11111111-1111-4111-8111-111111111111' })}`],
    ['a token from another issuer', async () => `Bearer ${await token({ issuer: 'https://sts.example.invalid' })}`],
    ['a token for another service URL', async () => `Bearer ${await token({ serviceUrl: 'https://smba.trafficmanager.net/evil/' })}`],
    ['an expired token', async () => `Bearer ${await token({ expiresIn: Math.floor(Date.now() / 1000) - 3600 })}`],
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
