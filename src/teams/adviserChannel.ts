import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';
import { fold } from '../domain/text';
import type { Logger } from '../host/logger';
import { setCardUpdate } from '../../dialogs/turnInput';
import type { GroupHandler } from './bpvBot';
import type { ReferralService } from './referralService';

const SETUP_COMMANDS = new Set(['adviseurskanaal instellen', 'stel adviseurskanaal in', 'stel het adviseurskanaal in', 'dit is het adviseurskanaal', 'maak dit het adviseurskanaal']);

export function isSetupCommand(text: string): boolean {
  return SETUP_COMMANDS.has(fold(text));
}

/** True when the sender is listed in ADMIN_IDS (by Entra object id or by Teams user id). */
export function isAdmin(context: TurnContext, adminIds: readonly string[]): boolean {
  const from = context.activity.from;
  if (!from) return false;
  return [from.aadObjectId, from.id].some((id) => typeof id === 'string' && id !== '' && adminIds.includes(id));
}

/**
 * The advisers' side in channels: "@Bpv-wegwijzer adviseurskanaal instellen" (admins only) makes the
 * channel the place where referrals are posted, and "ik pak dit op" on a referral card claims it.
 * Everything else goes to the quick-question group handler.
 */
export class AdviserChannelHandler implements GroupHandler {
  constructor(
    private readonly referrals: ReferralService,
    private readonly adminIds: readonly string[],
    private readonly logger: Logger,
    private readonly inner?: GroupHandler,
  ) {}

  async onMention(context: TurnContext, text: string): Promise<void> {
    if (isSetupCommand(text)) {
      await this.setup(context);
      return;
    }
    if (this.inner) await this.inner.onMention(context, text);
    else await context.sendActivity('Ik werk nu alleen in een persoonlijke chat. Open een chat met mij om je situatie door te lopen.');
  }

  async onAction(context: TurnContext, action: CardAction): Promise<boolean> {
    if (action.verb !== 'referral.claim') return this.inner?.onAction ? this.inner.onAction(context, action) : false;
    const outcome = await this.referrals.claim(context, action.referralId);
    if (outcome.result === 'unknown') {
      await context.sendActivity('Deze vraag kan ik niet meer vinden; hij is mogelijk verlopen.');
      return true;
    }
    setCardUpdate(context, outcome.card);
    if (outcome.result === 'already') {
      this.logger.info({ verb: action.verb }, 'referral already claimed');
    }
    return true;
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
