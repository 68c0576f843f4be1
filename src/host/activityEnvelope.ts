import { z } from 'zod';

/**
 * The minimum an incoming activity must carry before the bot looks at it. botbuilder itself accepts
 * activities without conversation, sender or service URL and then fails mid-turn (or waits seconds on
 * a default service URL); we refuse those up front with 400, and so the lists botbuilder and the Teams
 * handler walk (entities, attachments, members added or removed) when they are no list: Teams never
 * sends them so, and a turn would fail halfway. Everything else passes through untouched.
 */
const NOT_BLANK = /\S/;
const Id = z.string().min(1).max(1024).regex(NOT_BLANK);
const Account = z.object({ id: Id });

const ActivityEnvelopeSchema = z.object({
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
  entities: z.array(z.unknown()).nullish(),
  attachments: z.array(z.unknown()).nullish(),
  membersAdded: z.array(Account).nullish(),
  membersRemoved: z.array(Account).nullish(),
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export type EnvelopeCheck = { ok: true } | { ok: false; field: string };

/** Checks the envelope; on failure names the first offending field (for logs, never for the client). */
export function checkEnvelope(body: unknown): EnvelopeCheck {
  const result = ActivityEnvelopeSchema.safeParse(body);
  if (result.success) return { ok: true };
  return { ok: false, field: result.error.issues[0]?.path.join('.') || 'body' };
}

/**
 * An `adaptiveCard/action` invoke needs `value.action` as an object, and a compose-box (`composeExtension/...`)
 * invoke its `value` as an object; botbuilder would answer with its own English error or fail mid-turn.
 */
export function isBrokenCardInvoke(body: { type?: unknown; name?: unknown; value?: unknown }): boolean {
  if (body.type !== 'invoke' || typeof body.name !== 'string') return false;
  const value = body.value;
  const isObject = !!value && typeof value === 'object' && !Array.isArray(value);
  if (body.name.startsWith('composeExtension/')) return !isObject;
  if (body.name !== 'adaptiveCard/action') return false;
  if (!isObject) return true;
  const action = (value as { action?: unknown }).action;
  return !action || typeof action !== 'object' || Array.isArray(action);
}
