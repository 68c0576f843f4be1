import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { fold } from '../common/text';
import type { Logger } from '../host/logger';
import type { GroupChat } from './bpvBot';
import type { QuickAnswerGroupHandler } from './quickAnswers';
import type { ReferralService } from './referralService';
import { setCardUpdate } from './turnInput';

const SETUP_COMMANDS = new Set([
  'adviseurskanaal instellen',
  'stel adviseurskanaal in',
  'stel het adviseurskanaal in',
  'dit is het adviseurskanaal',
  'maak dit het adviseurskanaal',
]);

function isSetupCommand(text: string): boolean {
  return SETUP_COMMANDS.has(fold(text));
}

/** A claim pressed anywhere but the advisers' channel (a group chat, another channel, another team). */
const CLAIM_REFUSED =
  'Een vraag oppakken kan alleen in het adviseurskanaal, met "Ik pak dit op" op de kaart daar. Hier verandert er niets.';

/** The parts of Teams' channelData that say where an activity comes from; anything else is ignored. */
const TeamsChannelDataSchema = z.object({
  channel: z.object({ id: z.string() }).optional().catch(undefined),
  team: z.object({ id: z.string() }).optional().catch(undefined),
  tenant: z.object({ id: z.string() }).optional().catch(undefined),
});

interface ChannelPlace {
  /** The channel's conversation id without ";messageid=..." (the thread). */
  channelId?: string;
  teamId?: string;
  tenantId?: string;
}

/** Where a channel activity comes from: its channel, team and tenant as Teams sends them. */
export function channelPlace(activity: Partial<Activity>): ChannelPlace {
  const data = TeamsChannelDataSchema.safeParse(activity.channelData ?? {});
  const channelData = data.success ? data.data : {};
  const channelId = channelData.channel?.id ?? activity.conversation?.id?.split(';')[0];
  const tenantId = activity.conversation?.tenantId ?? channelData.tenant?.id;
  return {
    ...(channelId ? { channelId } : {}),
    ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/** True when the sender is listed in ADMIN_IDS (by Entra object id or by Teams user id). */
export function isAdmin(context: TurnContext, adminIds: readonly string[]): boolean {
  const from = context.activity.from;
  if (!from) return false;
  return [from.aadObjectId, from.id].some((id) => typeof id === 'string' && id !== '' && adminIds.includes(id));
}

/**
 * The advisers' side in channels: "@Bpv-wegwijzer adviseurskanaal instellen" (admins only) makes the
 * channel the place where referrals are posted, and "ik pak dit op" on a referral card claims it, only
 * in that channel (or in the channel a card was posted to before the advisers' channel moved, in the
 * same team). Everything else goes to the quick-question group handler.
 */
export class AdviserChannelHandler implements GroupChat {
  constructor(
    private readonly referrals: ReferralService,
    private readonly adminIds: readonly string[],
    private readonly logger: Logger,
    private readonly quickAnswers: QuickAnswerGroupHandler,
  ) {}

  async onMention(context: TurnContext, text: string): Promise<void> {
    if (isSetupCommand(text)) {
      await this.setup(context);
      return;
    }
    await this.quickAnswers.onMention(context, text);
  }

  /** "Ik pak dit op" on a referral card in a channel or group chat: only in the advisers' channel. */
  async claim(context: TurnContext, referralId: string): Promise<void> {
    const verb = 'referral.claim';
    const refusal = await this.claimRefusal(context, referralId);
    if (refusal) {
      const conversationType = context.activity.conversation?.conversationType;
      this.logger.warn({ verb, conversationType, reason: refusal }, 'referral claim refused');
      await context.sendActivity(CLAIM_REFUSED);
      return;
    }
    const outcome = await this.referrals.claim(context, referralId);
    if (outcome.result === 'unknown') {
      await context.sendActivity('Deze vraag kan ik niet meer vinden; hij is mogelijk verlopen.');
      return;
    }
    setCardUpdate(context, outcome.card);
    if (outcome.result === 'already') this.logger.info({ verb }, 'referral already claimed');
  }

  /**
   * Why a claim may not be accepted here, or undefined when it may. The same answer whether or not the
   * referral exists, so that nobody outside the channel learns anything from it.
   */
  private async claimRefusal(context: TurnContext, referralId: string): Promise<string | undefined> {
    if (context.activity.conversation?.conversationType !== 'channel') return 'not a channel';
    const here = channelPlace(context.activity);
    const configured = await this.referrals.store.channel();
    if (!configured || !here.channelId) return 'no advisers channel';
    const tenant = configured.reference.conversation.tenantId;
    if (typeof tenant === 'string' && here.tenantId !== tenant) return 'other tenant';
    if (configured.teamId !== undefined && here.teamId !== configured.teamId) return 'other team';
    if (here.channelId === configured.reference.conversation.id) return undefined;
    // A card posted before the advisers' channel moved stays claimable in the channel it was posted to.
    const record = await this.referrals.store.get(referralId);
    return record?.channelPost?.conversationId === here.channelId ? undefined : 'other channel';
  }

  private async setup(context: TurnContext): Promise<void> {
    if (context.activity.conversation?.conversationType !== 'channel') {
      await context.sendActivity('Een adviseurskanaal stel je in vanuit een kanaal van het team van de adviseurs.');
      return;
    }
    if (!isAdmin(context, this.adminIds)) {
      this.logger.warn({ reason: 'not admin' }, 'adviser channel setup refused');
      await context.sendActivity('Alleen een beheerder van de Bpv-wegwijzer kan het adviseurskanaal instellen.');
      return;
    }
    await this.referrals.setChannel(context);
    this.logger.info({}, 'adviser channel set');
    await context.sendActivity(
      'Dit kanaal is nu het adviseurskanaal. Vragen die bpv-coördinatoren aan een adviseur stellen, verschijnen hier als kaart. Met "Ik pak dit op" laat je weten dat jij de vraag oppakt.',
    );
  }
}
