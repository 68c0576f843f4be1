import { hash, randomUUID } from 'node:crypto';
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { ReferralViews } from '../cards/referralViews';
import { channelPlace } from './adviserChannel';
import type { AdaptiveCardJson } from '../cards/render';
import { errorMessage } from '../common/errors';
import { budgetOf, shareBudget } from '../host/adapter';
import { every } from '../host/every';
import type { Logger } from '../host/logger';
import { pseudonym } from '../host/logger';
import { TurnBudget, statusOf } from '../host/retry';
import { activityKey, afterSave } from '../host/turnPipeline';
import type { ContactRouteId } from '../knowledge/schema';
import { cardMessage } from './replies';
import {
  type AdviserChannel,
  type ReferralRecord,
  type ReferralStore,
  anonymousReference,
  toConversationReference,
} from './referralStore';

/** The part of CloudAdapter the referral needs: sending into a conversation outside the current turn. */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

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

/** What the coordinator reads when the advisers' channel could not take the referral now. */
export const POST_PENDING_MESSAGE =
  'Ik kon je vraag nu niet in het adviseurskanaal zetten. Hij is bewaard en ik probeer het later opnieuw; stuur hem intussen gerust per mail.';

/** Another instance (or turn) that started on a referral this recently is left to finish it. */
const ATTEMPT_LEASE_MS = 60_000;

function isPending(record: ReferralRecord): boolean {
  return record.delivery === 'pending' || record.notify === 'pending';
}

/**
 * The id of the referral an activity creates: the same for every run of that activity (a re-run or a
 * redelivery cannot make a second referral), shaped as a UUID (version 8, from SHA-256).
 */
function referralIdFor(activity: Partial<Activity>): string {
  if (!activity.id) return randomUUID();
  const h = hash('sha256', `${activity.conversation?.id ?? ''}\n${activity.id}`, 'hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Referrals to advisers: a referral is stored and posted to the advisers' channel when one is set up;
 * an adviser claims it (the channel card is updated for everyone) and the coordinator hears so in
 * their personal chat. All of it after the coordinator's (or adviser's) turn is saved (`afterSave`),
 * within that turn's budget for connector calls. A post or message that fails (403: bot removed,
 * 429: throttled, a connector down) is logged without content and kept pending: retried at start-up,
 * every 10 minutes, and after a new setup of the channel.
 */
export class ReferralService {
  readonly store: ReferralStore;
  private round: Promise<number> | undefined;

  constructor(
    store: ReferralStore,
    private readonly adapter: ProactiveAdapter,
    private readonly botAppId: string,
    private readonly views: ReferralViews,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = store;
  }

  /**
   * A coordinator sends a referral from the personal chat. Returns it as it will be stored; storing it
   * and posting it to the advisers' channel happen once the turn is saved.
   */
  async submit(context: TurnContext, input: NewReferral): Promise<ReferralRecord> {
    const channel = await this.store.channel();
    const record: ReferralRecord = {
      id: referralIdFor(context.activity),
      createdAt: this.now().toISOString(),
      ...input,
      status: 'open',
      delivery: channel ? 'pending' : 'none',
      notify: 'none',
      ...(channel ? { attemptAt: this.now().toISOString() } : {}),
      coordinator: anonymousReference(TurnContext.getConversationReference(context.activity)),
    };
    const budget = budgetOf(context);
    afterSave(context, 'referral', async () => {
      if (!(await this.store.create(record)) || !channel) return;
      // Marked before the post: if this process stops now, a retry round finds it.
      await this.store.markPending(record.id, true);
      const done = await this.work(record.id, channel, budget, true);
      if (done?.delivery === 'pending') await context.sendActivity(POST_PENDING_MESSAGE);
    });
    return record;
  }

  /**
   * An adviser pressed "ik pak dit op" in the channel: recorded now; the card and the coordinator are told after the
   * turn.
   */
  async claim(context: TurnContext, referralId: string): Promise<ClaimOutcome> {
    const turn = context.activity.id ? activityKey(context.activity.id) : undefined;
    const now = this.now().toISOString();
    const name = (context.activity.from?.name ?? '').trim() || 'een adviseur';
    let ours = false;
    const outcome = await this.store.change(referralId, (record) => {
      if (record.status === 'claimed') {
        // Claimed in an earlier run of this same turn: still ours.
        ours = turn !== undefined && record.claimedBy?.turn === turn;
        return undefined;
      }
      ours = true;
      return {
        ...record,
        status: 'claimed',
        claimedBy: { name, at: now, ...(turn ? { turn } : {}) },
        notify: 'pending',
        attemptAt: now,
      };
    });
    if (!outcome) return { result: 'unknown' };
    const card = this.channelCard(outcome.record);
    if (!ours) return { result: 'already', record: outcome.record, card };
    // Marked now: if the turn goes no further, a retry round still tells the coordinator.
    await this.store.markPending(referralId, true);
    const budget = budgetOf(context);
    afterSave(context, 'referral claim', async () => {
      // Everyone in the channel sees who picked it up: the posted card is updated (PUT to the connector).
      const activityId = outcome.record.channelPost?.activityId ?? context.activity.replyToId;
      if (activityId) {
        await context
          .updateActivity({ id: activityId, ...cardMessage(card) })
          .catch((err: unknown) =>
            this.logger.warn({ status: statusOf(err), referral: pseudonym(referralId) }, 'referral card update failed'),
          );
      }
      await this.work(referralId, undefined, budget, true);
    });
    return { result: 'claimed', record: outcome.record, card };
  }

  /**
   * Remembers the channel a setup command came from as the advisers' channel; pending referrals follow after the turn.
   */
  async setChannel(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    const { channelId, teamId } = channelPlace(context.activity);
    if (!channelId || !reference.conversation) throw new Error('no channel id');
    await this.store.setChannel({
      // The channel itself (not this thread): each referral starts a new thread.
      reference: anonymousReference({ ...reference, conversation: { ...reference.conversation, id: channelId } }),
      ...(teamId ? { teamId } : {}),
      setAt: this.now().toISOString(),
    });
    afterSave(context, 'referral retry', async () => void this.startRetryRound());
  }

  /**
   * Retries referrals whose post or message is still to do; a failure ends the round. Returns how many were finished.
   */
  async retryPending(): Promise<number> {
    const ids = await this.store.pending();
    if (ids.length === 0) return 0;
    const channel = await this.store.channel();
    let done = 0;
    for (const id of ids) {
      const record = await this.work(id, channel, new TurnBudget(), false);
      if (!record) continue;
      if (isPending(record)) break;
      done += 1;
    }
    return done;
  }

  /** Starts a retry round in the background unless one runs (e.g. after the channel was set up). */
  startRetryRound(): Promise<number> {
    this.round ??= this.retryPending()
      .catch((err: unknown) => {
        this.logger.warn({ err: { message: errorMessage(err) } }, 'referral retry failed');
        return 0;
      })
      .finally(() => {
        this.round = undefined;
      });
    return this.round;
  }

  /** Retries pending sends every `intervalMs`; returns a stop function. */
  startRetryTimer(intervalMs = 10 * 60 * 1000): () => void {
    return every(
      intervalMs,
      () => this.startRetryRound(),
      () => undefined,
    );
  }

  /** Waits for a retry round in progress (at shutdown). */
  async idle(): Promise<void> {
    await this.round;
  }

  channelCard(record: ReferralRecord): AdaptiveCardJson {
    return this.views.channel({
      referralId: record.id,
      routeTitle: record.routeTitle,
      subject: record.subject,
      body: record.body,
      createdAt: record.createdAt,
      ...(record.claimedBy ? { claimedBy: { name: record.claimedBy.name, at: record.claimedBy.at } } : {}),
    });
  }

  /**
   * Does what is still to do for a referral: the post to the advisers' channel, then the message to
   * the coordinator after a claim. `started`: this turn has just taken it on (created or claimed it);
   * otherwise it is taken on only if nobody started on it within the last minute, by a write over the
   * version read (two instances never both send). Returns the referral as it is afterwards.
   */
  private async work(
    id: string,
    channel: AdviserChannel | undefined,
    budget: TurnBudget,
    started: boolean,
  ): Promise<ReferralRecord | undefined> {
    const now = this.now();
    let record: ReferralRecord | undefined;
    if (started) {
      record = await this.store.get(id);
    } else {
      const taken = await this.store.change(id, (current) => {
        const since = current.attemptAt ? now.getTime() - Date.parse(current.attemptAt) : Infinity;
        return isPending(current) && since >= ATTEMPT_LEASE_MS
          ? { ...current, attemptAt: now.toISOString() }
          : undefined;
      });
      // Someone else started on it a moment ago: theirs to finish.
      if (taken && !taken.changed && isPending(taken.record)) return taken.record;
      record = taken?.record;
    }
    if (!record || !isPending(record)) {
      await this.store.markPending(id, false);
      return record;
    }

    let delivery = record.delivery;
    let channelPost = record.channelPost;
    if (delivery === 'pending' && channel) {
      const posted = await this.send(
        toConversationReference(channel.reference),
        cardMessage(this.channelCard(record)),
        'referral post',
        budget,
      );
      if (posted.id) {
        delivery = 'posted';
        channelPost = { conversationId: channel.reference.conversation.id, activityId: posted.id };
      }
    }
    let notify = record.notify;
    if (delivery !== 'pending' && notify === 'pending' && record.claimedBy) {
      const who = record.claimedBy.name;
      const text =
        `Goed nieuws: ${who} heeft je vraag "${record.subject}" opgepakt. ` +
        `Je hoort van hem of haar; wil je zelf contact, zoek ${who} dan op in Teams.`;
      const told = await this.send(
        toConversationReference(record.coordinator),
        { type: 'message', text },
        'coordinator message',
        budget,
      );
      if (told.ok) notify = 'sent';
    }
    // Merged into the stored version (a claim may have come in meanwhile): only what this call did.
    const claimedAt = record.claimedBy?.at;
    const result = await this.store.change(id, (current) => {
      const { attemptAt: _finished, ...rest } = current;
      return {
        ...rest,
        ...(current.delivery === 'pending' ? { delivery, ...(channelPost ? { channelPost } : {}) } : {}),
        ...(current.notify === 'pending' && current.claimedBy?.at === claimedAt ? { notify } : {}),
      };
    });
    if (result && !isPending(result.record)) await this.store.markPending(id, false);
    return result?.record;
  }

  /** One proactive send (the adapter retries it within `budget`); never throws. Returns the new message's id. */
  private async send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    what: string,
    budget: TurnBudget,
  ): Promise<{ ok: boolean; id?: string }> {
    let id: string | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        shareBudget(context, budget);
        // A new message (in a channel: a new thread), not a reply to the continuation's made-up activity id.
        context.onSendActivities(async (_context, activities, next) => {
          for (const outgoing of activities) delete outgoing.replyToId;
          return next();
        });
        id = (await context.sendActivity(activity))?.id;
      });
      return { ok: true, ...(id ? { id } : {}) };
    } catch (err) {
      this.logger.warn(
        { status: statusOf(err), what, conversation: pseudonym(reference.conversation?.id) },
        'proactive send failed',
      );
      return { ok: false };
    }
  }
}
