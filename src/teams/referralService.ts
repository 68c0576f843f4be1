import { randomUUID } from 'node:crypto';
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { ReferralViews } from '../cards/referralViews';
import { channelPlace } from './adviserChannel';
import type { AdaptiveCardJson } from '../cards/render';
import type { Logger } from '../host/logger';
import { pseudonym } from '../host/logger';
import type { ContactRouteId } from '../knowledge/schema';
import { type AdviserChannel, type ReferralRecord, ReferralStore, anonymousReference, toConversationReference } from './referralStore';

/** The part of CloudAdapter the referral needs: sending into a conversation outside the current turn. */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

export interface ProactiveOptions {
  /** Attempts in total for throttled (429) or transient (412/502/504) failures. */
  attempts: number;
  /** Cap on one wait, also when Retry-After asks for more (a turn must finish well within 15 s). */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The connector client already retries throttled requests with backoff; one more round here would only add waiting. */
const DEFAULT_PROACTIVE: ProactiveOptions = { attempts: 1, maxWaitMs: 2_000 };
const TRANSIENT = new Set([412, 429, 502, 504]);

/** The connector client CloudAdapter keeps in turn state (only the call needed here). */
interface ConversationsClient {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
}

export type SendOutcome = { ok: true; id?: string } | { ok: false; status?: number };

export interface NewReferral {
  route: ContactRouteId;
  routeTitle: string;
  sector?: string;
  subject: string;
  body: string;
}

export type ClaimOutcome =
  | { result: 'claimed'; record: ReferralRecord; card: AdaptiveCardJson }
  | { result: 'already'; record: ReferralRecord; card: AdaptiveCardJson }
  | { result: 'unknown' };

function cardActivity(card: AdaptiveCardJson) {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}

function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  return [e.statusCode, e.status, e.response?.status].find((c): c is number => typeof c === 'number');
}

function retryAfter(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (n: string) => unknown } } } | undefined)?.response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  const seconds = typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * Referrals to advisers: stores each referral, posts it to the advisers' channel when one is set up,
 * lets an adviser claim it (the channel card is updated for everyone) and tells the coordinator in
 * their personal chat. Every proactive send survives 403 (bot removed) and 429 (throttled): the
 * referral stays stored, the failure is logged without content and the send is marked pending.
 */
export class ReferralService {
  readonly store: ReferralStore;

  constructor(
    store: ReferralStore,
    private readonly adapter: ProactiveAdapter,
    private readonly botAppId: string,
    private readonly views: ReferralViews,
    private readonly logger: Logger,
    private readonly options: ProactiveOptions = DEFAULT_PROACTIVE,
  ) {
    this.store = store;
  }

  /** Stores a referral from the coordinator's personal chat, then posts it to the advisers' channel. */
  async submit(context: TurnContext, input: NewReferral): Promise<ReferralRecord> {
    const channel = await this.store.channel();
    let record: ReferralRecord = {
      id: randomUUID(),
      createdAt: new Date().toISOString(),
      ...input,
      status: 'open',
      delivery: channel ? 'pending' : 'none',
      notify: 'none',
      coordinator: anonymousReference(TurnContext.getConversationReference(context.activity)),
    };
    // Stored before anything is sent: a failed post never loses the referral.
    await this.store.put(record);
    if (channel) {
      record = await this.post(record, channel);
      if (record.delivery === 'posted') await this.retryPending();
    }
    return record;
  }

  private async post(record: ReferralRecord, channel: AdviserChannel): Promise<ReferralRecord> {
    const card = this.views.channel({ referralId: record.id, routeTitle: record.routeTitle, subject: record.subject, body: record.body, createdAt: record.createdAt });
    const outcome = await this.send(toConversationReference(channel.reference), cardActivity(card), 'referral post');
    const next: ReferralRecord =
      outcome.ok && outcome.id
        ? { ...record, delivery: 'posted', channelPost: { conversationId: channel.reference.conversation.id, activityId: outcome.id } }
        : { ...record, delivery: 'pending' };
    await this.store.put({ ...next, eTag: '*' });
    await this.store.markPending(record.id, next.delivery === 'pending');
    return next;
  }

  /** Retries referrals whose post to the channel or message to the coordinator failed earlier. */
  async retryPending(): Promise<number> {
    const ids = await this.store.pending();
    if (ids.length === 0) return 0;
    const channel = await this.store.channel();
    let done = 0;
    for (const id of ids) {
      const record = await this.store.get(id);
      if (!record) {
        await this.store.markPending(id, false);
        continue;
      }
      let next = record;
      if (record.delivery === 'pending' && channel) next = await this.post(record, channel);
      if (next.delivery !== 'pending' && next.notify === 'pending') next = await this.notify(next);
      if (next.delivery !== 'pending' && next.notify !== 'pending') {
        await this.store.markPending(id, false);
        done += 1;
      } else {
        // A failure now (403, 429) ends this round; the rest waits for the next one.
        break;
      }
    }
    return done;
  }

  /** Retries pending sends every `intervalMs` (unref'd: never keeps the process alive); returns a stop function. */
  startRetryTimer(intervalMs = 10 * 60 * 1000): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.retryPending()
        .catch((err: unknown) => this.logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'referral retry failed'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** An adviser pressed "ik pak dit op" in the channel. */
  async claim(context: TurnContext, referralId: string): Promise<ClaimOutcome> {
    const record = await this.store.get(referralId);
    if (!record) return { result: 'unknown' };
    if (record.status === 'claimed') return { result: 'already', record, card: this.channelCard(record) };
    const claimed: ReferralRecord = {
      ...record,
      status: 'claimed',
      claimedBy: { name: (context.activity.from?.name ?? '').trim() || 'een adviseur', at: new Date().toISOString() },
      notify: 'pending',
    };
    try {
      // The eTag from the read: when two advisers press at once, only the first write wins.
      await this.store.put(claimed);
    } catch {
      const now = await this.store.get(referralId);
      return now ? { result: 'already', record: now, card: this.channelCard(now) } : { result: 'unknown' };
    }
    const card = this.channelCard(claimed);
    // Everyone in the channel sees who picked it up: update the posted card (PUT to the connector).
    const activityId = claimed.channelPost?.activityId ?? context.activity.replyToId;
    if (activityId) {
      await context
        .updateActivity({ id: activityId, ...cardActivity(card) })
        .catch((err: unknown) => this.logger.warn({ status: statusOf(err), referral: pseudonym(referralId) }, 'referral card update failed'));
    }
    const notified = await this.notify(claimed);
    return { result: 'claimed', record: notified, card };
  }

  private async notify(record: ReferralRecord): Promise<ReferralRecord> {
    const who = record.claimedBy;
    if (!who) return record;
    const text = `Goed nieuws: ${who.name} heeft je vraag "${record.subject}" opgepakt. Je hoort van hem of haar; wil je zelf contact, zoek ${who.name} dan op in Teams.`;
    const outcome = await this.send(toConversationReference(record.coordinator), { type: 'message', text }, 'coordinator message');
    const next: ReferralRecord = { ...record, notify: outcome.ok ? 'sent' : 'pending', eTag: '*' };
    await this.store.put(next);
    await this.store.markPending(record.id, !outcome.ok || next.delivery === 'pending');
    return next;
  }

  channelCard(record: ReferralRecord): AdaptiveCardJson {
    return this.views.channel({
      referralId: record.id,
      routeTitle: record.routeTitle,
      subject: record.subject,
      body: record.body,
      createdAt: record.createdAt,
      ...(record.claimedBy ? { claimedBy: record.claimedBy } : {}),
    });
  }

  /** Remembers the channel a setup command came from as the advisers' channel. */
  async setChannel(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    const { channelId, teamId } = channelPlace(context.activity);
    if (!channelId || !reference.conversation) throw new Error('no channel id');
    await this.store.setChannel({
      // The channel itself (not this thread): each referral starts a new thread.
      reference: anonymousReference({ ...reference, conversation: { ...reference.conversation, id: channelId } }),
      ...(teamId ? { teamId } : {}),
      setAt: new Date().toISOString(),
    });
    await this.retryPending();
  }

  /** One proactive send with a bounded retry for throttling; never throws. */
  private async send(reference: Partial<ConversationReference>, activity: Partial<Activity>, what: string): Promise<SendOutcome> {
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await this.sendOnce(reference, activity);
        return { ok: true, ...(id ? { id } : {}) };
      } catch (err) {
        const status = statusOf(err);
        const retry = status !== undefined && TRANSIENT.has(status) && attempt < this.options.attempts;
        this.logger.warn({ status, attempt, what, conversation: pseudonym(reference.conversation?.id), willRetry: retry }, 'proactive send failed');
        if (!retry) return { ok: false, ...(status !== undefined ? { status } : {}) };
        await sleep(Math.min(this.options.maxWaitMs, retryAfter(err) ?? 250 * attempt));
      }
    }
  }

  /** Sends one activity as a new message in the referenced conversation; returns its id; throws on failure. */
  private async sendOnce(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string | undefined> {
    let id: string | undefined;
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (ctx) => {
      // Errors are caught here, not by the adapter: its onTurnError would apologise into this conversation.
      try {
        // A new message (in a channel: a new thread), not a reply to the continuation's made-up activity id.
        const client = ctx.turnState.get<ConversationsClient | undefined>(ctx.adapter.ConnectorClientKey);
        const conversationId = reference.conversation?.id;
        if (client && conversationId) {
          const full = { ...activity, from: ctx.activity.recipient, recipient: ctx.activity.from, conversation: ctx.activity.conversation, channelId: ctx.activity.channelId, serviceUrl: ctx.activity.serviceUrl };
          id = (await client.conversations.sendToConversation(conversationId, full)).id;
        } else {
          id = (await ctx.sendActivity(activity))?.id;
        }
      } catch (err) {
        failure = err;
      }
    });
    if (failure !== undefined) throw failure;
    return id;
  }
}
