import { z } from 'zod';

/**
 * The minimum an incoming activity must carry before the bot looks at it. botbuilder itself accepts
 * activities without conversation, sender or service URL and then fails mid-turn (or waits seconds on
 * a default service URL); we refuse those up front with 400. Everything else passes through untouched.
 */
const NOT_BLANK = /\S/;
const Id = z.string().min(1).max(1024).regex(NOT_BLANK);
const Account = z.object({ id: Id });

export const ActivityEnvelopeSchema = z.object({
  type: z.string().min(1).max(64).regex(NOT_BLANK),
  id: z.string().max(1024).optional(),
  name: z.string().max(256).optional(),
  channelId: z.string().max(64).optional(),
  serviceUrl: z.string().max(2048).refine(isHttpUrl),
  conversation: z.object({ id: Id, conversationType: z.string().max(64).optional() }),
  from: Account,
  recipient: Account,
  text: z.string().nullish(),
  replyToId: z.string().max(1024).nullish(),
});

/** Service URLs seen to be valid (Teams uses a few regional ones): bounded, cleared when full. */
const acceptedServiceUrls = new Set<string>();

function isHttpUrl(value: string): boolean {
  if (acceptedServiceUrls.has(value)) return true;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  } catch {
    return false;
  }
  if (acceptedServiceUrls.size >= 64) acceptedServiceUrls.clear();
  acceptedServiceUrls.add(value);
  return true;
}

type Fields = Record<string, unknown>;
const isRecord = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isOptional = (v: unknown, max: number) => v === undefined || isString(v, max);
const isNullish = (v: unknown, max: number) => v === undefined || v === null || isString(v, max);
const isId = (v: unknown) => isString(v, 1024) && v.length > 0 && NOT_BLANK.test(v);

/**
 * The schema's rules written out, for the valid activities nearly every request carries: the schema
 * parse took about 3% of a turn (docs/performance.md). It may only say yes where the schema does
 * (a test holds the two together); anything it does not accept goes to the schema for the verdict.
 */
export function envelopeLooksValid(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const { type, conversation, from, recipient } = body;
  return (
    isString(type, 64) &&
    type.length > 0 &&
    NOT_BLANK.test(type) &&
    isOptional(body.id, 1024) &&
    isOptional(body.name, 256) &&
    isOptional(body.channelId, 64) &&
    isString(body.serviceUrl, 2048) &&
    isHttpUrl(body.serviceUrl) &&
    isRecord(conversation) &&
    isId(conversation.id) &&
    isOptional(conversation.conversationType, 64) &&
    isRecord(from) &&
    isId(from.id) &&
    isRecord(recipient) &&
    isId(recipient.id) &&
    isNullish(body.text, Infinity) &&
    isNullish(body.replyToId, 1024)
  );
}

export type EnvelopeCheck = { ok: true } | { ok: false; field: string };

/** Checks the envelope; on failure names the first offending field (for logs, never for the client). */
export function checkEnvelope(body: unknown): EnvelopeCheck {
  if (envelopeLooksValid(body)) return { ok: true };
  const result = ActivityEnvelopeSchema.safeParse(body);
  if (result.success) return { ok: true };
  return { ok: false, field: result.error.issues[0]?.path.join('.') || 'body' };
}

/** An `adaptiveCard/action` invoke needs `value.action` as an object; botbuilder would answer with its own English error. */
export function isBrokenCardInvoke(body: { type?: unknown; name?: unknown; value?: unknown }): boolean {
  if (body.type !== 'invoke' || body.name !== 'adaptiveCard/action') return false;
  const value = body.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return true;
  const action = (value as { action?: unknown }).action;
  return !action || typeof action !== 'object' || Array.isArray(action);
}
