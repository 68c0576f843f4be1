import type { ConversationReference, Storage } from 'botbuilder';
import { z } from 'zod';
import { CONTACT_ROUTES } from '../knowledge/schema';

/**
 * Referrals and the advisers' channel in Bot Framework Storage (the same store as user state, so the
 * retention purge applies). A referral is written BEFORE anything is sent, so a failed send never
 * loses it. Records hold no names of students or of the coordinator: the coordinator is reachable only
 * through a conversation reference without a display name.
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

export const ReferralRecordSchema = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  route: z.enum(CONTACT_ROUTES),
  routeTitle: z.string(),
  sector: z.string().optional(),
  subject: z.string(),
  body: z.string(),
  status: z.enum(['open', 'claimed']),
  claimedBy: z.object({ name: z.string(), at: z.string() }).optional(),
  /** Where the referral card was posted in the advisers' channel. */
  channelPost: z.object({ conversationId: z.string(), activityId: z.string() }).optional(),
  /** none: no advisers' channel; posted; pending: the post failed and is retried later. */
  delivery: z.enum(['none', 'posted', 'pending']),
  /** The message to the coordinator after a claim. */
  notify: z.enum(['none', 'sent', 'pending']),
  coordinator: ReferenceSchema,
  eTag: z.string().optional(),
});

export type ReferralRecord = z.infer<typeof ReferralRecordSchema>;

export const AdviserChannelSchema = z.object({
  reference: ReferenceSchema,
  /** The advisers' team (channelData.team.id); a claim from another team is refused. Absent in setups stored before. */
  teamId: z.string().optional(),
  setAt: z.string(),
});
export type AdviserChannel = z.infer<typeof AdviserChannelSchema>;

const CHANNEL_KEY = 'bpv/adviser-channel';
const PENDING_KEY = 'bpv/referrals-pending';
const MAX_PENDING = 200;
const referralKey = (id: string) => `bpv/referral/${id}`;

/** A reference without display names: enough to continue the conversation, nothing to identify anyone by name. */
export function anonymousReference(reference: Partial<ConversationReference>): z.infer<typeof ReferenceSchema> {
  return ReferenceSchema.parse({
    serviceUrl: reference.serviceUrl,
    channelId: reference.channelId,
    conversation: {
      id: reference.conversation?.id,
      ...(reference.conversation?.conversationType ? { conversationType: reference.conversation.conversationType } : {}),
      ...(reference.conversation?.tenantId ? { tenantId: reference.conversation.tenantId } : {}),
      ...(reference.conversation?.isGroup !== undefined ? { isGroup: reference.conversation.isGroup } : {}),
    },
    ...(reference.bot?.id ? { bot: { id: reference.bot.id } } : {}),
    ...(reference.user?.id ? { user: { id: reference.user.id } } : {}),
    ...(reference.locale ? { locale: reference.locale } : {}),
  });
}

export class ReferralStore {
  constructor(private readonly storage: Storage) {}

  async get(id: string): Promise<ReferralRecord | undefined> {
    const items = await this.storage.read([referralKey(id)]);
    const parsed = ReferralRecordSchema.safeParse(items[referralKey(id)]);
    return parsed.success ? parsed.data : undefined;
  }

  /** Writes the record; with `eTag` set, only when nobody changed it in between (throws otherwise). */
  async put(record: ReferralRecord): Promise<void> {
    await this.storage.write({ [referralKey(record.id)]: record });
  }

  /** Deletes referrals (for "wis mijn gegevens"); the posted channel card itself holds no personal data. */
  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.storage.delete(ids.map(referralKey));
    for (const id of ids) await this.markPending(id, false);
  }

  async channel(): Promise<AdviserChannel | undefined> {
    const items = await this.storage.read([CHANNEL_KEY]);
    const parsed = AdviserChannelSchema.safeParse(items[CHANNEL_KEY]);
    return parsed.success ? parsed.data : undefined;
  }

  async setChannel(channel: AdviserChannel): Promise<void> {
    await this.storage.write({ [CHANNEL_KEY]: { ...channel, eTag: '*' } });
  }

  async pending(): Promise<string[]> {
    const items = await this.storage.read([PENDING_KEY]);
    const ids = (items[PENDING_KEY] as { ids?: unknown } | undefined)?.ids;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  }

  async markPending(id: string, pending: boolean): Promise<void> {
    const ids = new Set(await this.pending());
    if (pending) ids.add(id);
    else ids.delete(id);
    await this.storage.write({ [PENDING_KEY]: { ids: [...ids].slice(-MAX_PENDING), eTag: '*' } });
  }
}

/** A stored reference in the shape botbuilder expects (display names empty: they were never stored). */
export function toConversationReference(stored: z.infer<typeof ReferenceSchema>): Partial<ConversationReference> {
  const conversation = stored.conversation as { id: string; conversationType?: unknown; tenantId?: unknown; isGroup?: unknown };
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
