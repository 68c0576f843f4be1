import type restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../host/logger';
import type { Knowledge } from '../knowledge/load';
import { type AnswerQuestion, describeResults } from './answer';
import { loadTabAssets, type TabAsset } from './assets';
import { TAB_PATH } from './deepLink';
import { handreikingPage } from './handreikingPage';
import { errorMessage } from '../common/errors';

/**
 * The handreiking tab on the bot's own server: `GET /handreiking/` (the page, built once from the
 * knowledge), its script and stylesheet, and `GET /handreiking/api/zoek?vraag=...` (read-only search:
 * the question is neither stored nor logged, and nothing about the user goes in or out).
 *
 * Security headers: a content security policy that allows only this server's own script, style and
 * fetches (no inline script, no other hosts) and lets only Teams and Microsoft 365 frame the page
 * (the hosts Microsoft documents for tabs); no sniffing, no referrer, no device features.
 */

/** The hosts that may show the page in a frame: Teams, Microsoft 365 and Outlook (Microsoft's tab requirements). */
export const FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
] as const;

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'strict-transport-security': 'max-age=31536000',
  'cross-origin-resource-policy': 'same-origin',
};

const QuestionSchema = z.string().trim().min(1).max(500);

interface TabOptions {
  knowledge: Knowledge;
  /** Ranked results for a typed question (today the answer engine; later the message interpreter). */
  answer: AnswerQuestion;
  logger: Logger;
}

interface Built {
  page: string;
  assets: Map<string, TabAsset>;
}

/** Adds the tab's routes to the bot's restify server. */
export function registerTab(server: restify.Server, options: TabOptions): void {
  const { knowledge, answer, logger } = options;
  let built: Promise<Built | undefined> | undefined;
  // Built on the first request, so the bot's start-up is not held up by bundling or page rendering.
  const ready = () =>
    (built ??= loadTabAssets().then(
      ({ script, style, icon }) => ({
        page: handreikingPage(knowledge, { script: script.name, style: style.name, icon: icon.name }),
        assets: new Map([script, style, icon].map((a) => [a.name, a])),
      }),
      (err: unknown) => {
        logger.error({ err: { message: errorMessage(err) } }, 'tab page could not be built');
        return undefined;
      },
    ));

  const send = (
    res: restify.Response,
    status: number,
    type: string,
    body: string | Buffer,
    headers: Record<string, string>,
  ) => {
    res.writeHead(status, { ...COMMON_HEADERS, 'content-type': type, ...headers });
    res.end(body);
  };
  const sendJson = (res: restify.Response, status: number, body: object) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
  const unavailable = (res: restify.Response) =>
    sendJson(res, 503, { error: 'De handreiking is even niet beschikbaar.' });

  server.get(TAB_PATH.slice(0, -1), async (_req, res) => {
    res.writeHead(308, { ...COMMON_HEADERS, location: TAB_PATH });
    res.end();
  });

  server.get(TAB_PATH, async (_req, res) => {
    const tab = await ready();
    if (!tab) return unavailable(res);
    send(res, 200, 'text/html; charset=utf-8', tab.page, {
      'cache-control': 'no-cache',
      'content-security-policy': PAGE_POLICY,
    });
  });

  server.get(`${TAB_PATH}api/zoek`, async (req, res) => {
    const question = QuestionSchema.safeParse(
      new URL(req.url ?? '', 'http://localhost').searchParams.get('vraag') ?? '',
    );
    if (!question.success) return sendJson(res, 400, { error: 'Stel een vraag van 1 tot 500 tekens.' });
    const response = describeResults(knowledge, answer(question.data));
    logger.debug({ results: response.results.length, sure: response.sure }, 'tab search');
    sendJson(res, 200, response);
  });

  server.get(`${TAB_PATH}:asset`, async (req, res) => {
    const tab = await ready();
    if (!tab) return unavailable(res);
    const params: unknown = req.params;
    const name = params && typeof params === 'object' ? (params as { asset?: unknown }).asset : undefined;
    const found = typeof name === 'string' ? tab.assets.get(name) : undefined;
    if (!found) return sendJson(res, 404, { error: 'Niet gevonden.' });
    send(res, 200, found.contentType, found.body, {
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': "default-src 'none'",
    });
  });
}
