import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import { CONTACT_ROUTES } from '../knowledge/schema';
import { isETagConflict, type StateStore } from '../host/stateStore';

/**
 * Referrals and the advisers' channel in the bot's store (the same store as the conversations' state,
 * so the retention purge applies). Records hold no names of students or of the coordinator: the
 * coordinator is reachable only through a conversation reference without a display name.
 *
 * Every referral is its own item, created once (only if absent), and changed only over the version
 * that was read (its eTag): two instances cannot create it twice or overwrite each other's change.
 * A referral with a post or message still to do also has a small marker item of its own under
 * `bpv/referral-pending/`, so that no shared list has to be read and rewritten.
 */

const ReferenceSchema = z
  .object({
    serviceUrl: z.string(),
    channelId: z.string(),
    conversation: z.object({ id: z.string() }).loose(),
    bot: z.object({ id: z.string() }).loose().optional(),
    user: z.object({ id: z.string() }).loose().optional(),
    locale: z.string().optional(),
  })
  .loose();

const ReferralRecordSchema = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  route: z.enum(CONTACT_ROUTES),
  routeTitle: z.string(),
  sector: z.string().optional(),
  subject: z.string(),
  body: z.string(),
  status: z.enum(['open', 'claimed']),
  /** Who pressed "ik pak dit op", when, and in which turn (`turn`: a re-run of that turn is the same claim). */
  claimedBy: z.object({ name: z.string(), at: z.string(), turn: z.string().optional() }).optional(),
  /** Where the referral card was posted in the advisers' channel. */
  channelPost: z.object({ conversationId: z.string(), activityId: z.string() }).optional(),
  /** none: no advisers' channel; posted; pending: the post is still to do. */
  delivery: z.enum(['none', 'posted', 'pending']),
  /** The message to the coordinator after a claim. */
  notify: z.enum(['none', 'sent', 'pending']),
  /** When an instance last started on what is pending (others leave it alone for a while). */
  attemptAt: z.string().optional(),
  coordinator: ReferenceSchema,
  eTag: z.string().optional(),
});

export type ReferralRecord = z.infer<typeof ReferralRecordSchema>;

const AdviserChannelSchema = z.object({
  reference: ReferenceSchema,
  /** The advisers' team (channelData.team.id); a claim from another team is refused. Absent in setups stored before. */
  teamId: z.string().optional(),
  setAt: z.string(),
});
export type AdviserChannel = z.infer<typeof AdviserChannelSchema>;

const CHANNEL_KEY = 'bpv/adviser-channel';
const PENDING_PREFIX = 'bpv/referral-pending/';
const referralKey = (id: string) => `bpv/referral/${id}`;

/** A reference without display names: enough to continue the conversation, nothing to identify anyone by name. */
export function anonymousReference(reference: Partial<ConversationReference>): z.infer<typeof ReferenceSchema> {
  return ReferenceSchema.parse({
    serviceUrl: reference.serviceUrl,
    channelId: reference.channelId,
    conversation: {
      id: reference.conversation?.id,
      ...(reference.conversation?.conversationType
        ? { conversationType: reference.conversation.conversationType }
        : {}),
      ...(reference.conversation?.tenantId ? { tenantId: reference.conversation.tenantId } : {}),
      ...(reference.conversation?.isGroup !== undefined ? { isGroup: reference.conversation.isGroup } : {}),
    },
    ...(reference.bot?.id ? { bot: { id: reference.bot.id } } : {}),
    ...(reference.user?.id ? { user: { id: reference.user.id } } : {}),
    ...(reference.locale ? { locale: reference.locale } : {}),
  });
}

export class ReferralStore {
  constructor(private readonly store: StateStore) {}

  /** The referral with the eTag it was read with. */
  async get(id: string): Promise<ReferralRecord | undefined> {
    const items = await this.store.read([referralKey(id)]);
    const parsed = ReferralRecordSchema.safeParse(items[referralKey(id)]);
    return parsed.success ? parsed.data : undefined;
  }

  /** Stores a new referral; false when one with this id exists already (it is never created twice). */
  async create(record: ReferralRecord): Promise<boolean> {
    try {
      await this.store.writeIf(referralKey(record.id), record, null);
      return true;
    } catch (err) {
      if (isETagConflict(err)) return false;
      throw err;
    }
  }

  /**
   * Changes a referral: `change` gets the stored version and returns the new one (or undefined: leave
   * it). Written over the version read; when another instance wrote first, read again and retried.
   * Returns the referral as it now is and whether this call changed it; undefined when it does not exist.
   */
  async change(
    id: string,
    change: (record: ReferralRecord) => ReferralRecord | undefined,
  ): Promise<{ record: ReferralRecord; changed: boolean } | undefined> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(id);
      if (!current) return undefined;
      const next = change(current);
      if (!next) return { record: current, changed: false };
      try {
        const eTag = await this.store.writeIf(referralKey(id), next, current.eTag ?? null);
        return { record: { ...next, eTag }, changed: true };
      } catch (err) {
        if (!isETagConflict(err) || attempt >= 4) throw err;
      }
    }
  }

  /** Deletes referrals (for "wis mijn gegevens"); the posted channel card itself holds no personal data. */
  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.store.delete(ids.flatMap((id) => [referralKey(id), PENDING_PREFIX + id]));
  }

  async channel(): Promise<AdviserChannel | undefined> {
    const items = await this.store.read([CHANNEL_KEY]);
    const parsed = AdviserChannelSchema.safeParse(items[CHANNEL_KEY]);
    return parsed.success ? parsed.data : undefined;
  }

  async setChannel(channel: AdviserChannel): Promise<void> {
    await this.store.write({ [CHANNEL_KEY]: { ...channel, eTag: '*' } });
  }

  /** Ids of referrals with a post or message still to do. */
  async pending(): Promise<string[]> {
    return (await this.store.keys(PENDING_PREFIX)).map((key) => key.slice(PENDING_PREFIX.length));
  }

  async markPending(id: string, pending: boolean): Promise<void> {
    if (pending) await this.store.write({ [PENDING_PREFIX + id]: { since: new Date().toISOString(), eTag: '*' } });
    else await this.store.delete([PENDING_PREFIX + id]);
  }
}

/** A stored reference in the shape botbuilder expects (display names empty: they were never stored). */
export function toConversationReference(stored: z.infer<typeof ReferenceSchema>): Partial<ConversationReference> {
  const conversation = stored.conversation as {
    id: string;
    conversationType?: unknown;
    tenantId?: unknown;
    isGroup?: unknown;
  };
  return {
    serviceUrl: stored.serviceUrl,
    channelId: stored.channelId,
    conversation: {
      id: conversation.id,
      name: '',
      isGroup: conversation.isGroup === true,
      conversationType: typeof conversation.conversationType === 'string' ? conversation.conversationType : 'personal',
      ...(typeof conversation.tenantId === 'string' ? { tenantId: conversation.tenantId } : {}),
    },
    ...(stored.bot ? { bot: { id: stored.bot.id, name: '' } } : {}),
    ...(stored.user ? { user: { id: stored.user.id, name: '' } } : {}),
    ...(stored.locale ? { locale: stored.locale } : {}),
  };
}
