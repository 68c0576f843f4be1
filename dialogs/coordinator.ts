import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { PlanViews } from '../src/cards/planViews';
import type { FeedbackViews } from '../src/cards/feedbackViews';
import type { ReferralViews } from '../src/cards/referralViews';
import { type InsightsRecorder, NO_INSIGHTS } from '../src/domain/insights';
import { isAdmin } from '../src/teams/adviserChannel';
import type { ReferralService } from '../src/teams/referralService';
import { PlanNameSchema } from '../src/domain/plan';
import type { Command } from '../src/understanding/commands';
import type { DialogDeps } from './deps';
import { type FeedbackAction, FeedbackActions } from './feedbackActions';
import { cardAttachment } from './interruptibleDialog';
import { type PlanAction, PlanActions } from './planActions';
import { type ReferralAction, ReferralDialog } from './referralDialog';

/** What the plan, referral and feedback features need besides the common dialog deps. */
export interface CoordinatorDeps {
  planViews: PlanViews;
  referralViews: ReferralViews;
  /** Stores referrals and posts them to the advisers' channel; without it, mail and Teams links only. */
  referrals?: ReferralService;
  feedbackViews: FeedbackViews;
  /**
   * Where advice, feedback and not-sure questions are counted (no user ids): through the turn
   * (`forTurn`), so that a count is made once, after the turn is saved.
   */
  insights?: { forTurn(context: TurnContext): InsightsRecorder; card(): Promise<object> };
  /** Who may run "inzichten" (ADMIN_IDS). */
  adminIds: readonly string[];
}

export type CoordinatorAction = PlanAction | ReferralAction | FeedbackAction;
export type CoordinatorCommand = Extract<Command, { name: 'plan' | 'plan-export' | 'plan-new' | 'referral' | 'insights' }>;

/** The coordinator's extras in personal chat: one entry point for the main dialog's router. */
export class CoordinatorActions {
  readonly plan: PlanActions;
  readonly referral: ReferralDialog;

  constructor(
    private readonly deps: DialogDeps,
    private readonly extras: CoordinatorDeps,
  ) {
    this.plan = new PlanActions(deps, extras.planViews);
    this.referral = new ReferralDialog(deps, extras.referralViews, extras.referrals);
  }

  async handleAction(dc: DialogContext, action: CoordinatorAction): Promise<void> {
    if (isPlanAction(action)) await this.plan.handle(dc.context, action);
    else if (isFeedbackAction(action)) {
      // Counts go through this turn: made once it is saved.
      const insights = this.extras.insights?.forTurn(dc.context) ?? NO_INSIGHTS;
      await new FeedbackActions(this.deps, this.extras.feedbackViews, insights).handle(dc.context, action);
    } else await this.referral.handle(dc.context, action);
  }

  /** Typed commands; returns false for a command this deployment does not offer. */
  async handleCommand(dc: DialogContext, command: CoordinatorCommand): Promise<boolean> {
    const { context } = dc;
    switch (command.name) {
      case 'plan':
        await this.plan.show(context);
        return true;
      case 'plan-export':
        await this.plan.exportPlan(context);
        return true;
      case 'plan-new': {
        const name = PlanNameSchema.safeParse(command.planName);
        if (!name.success) {
          await context.sendActivity('Geef het plan een korte naam (hoogstens 60 tekens), bijvoorbeeld: nieuw plan bbl zorg 2026.');
          return true;
        }
        await this.plan.create(context, name.data);
        return true;
      }
      case 'referral':
        await this.referral.start(context);
        return true;
      case 'insights': {
        if (!isAdmin(context, this.extras.adminIds)) {
          await context.sendActivity('Inzichten zijn alleen voor beheerders van de Bpv-wegwijzer.');
          return true;
        }
        // The last 30 days in a short card (src/insights/summaryCard.ts); the full report is `npm run insights`.
        const card = await this.extras.insights?.card();
        if (card) await context.sendActivity({ attachments: [cardAttachment(card)] });
        else await context.sendActivity('Inzichten staan in deze omgeving niet aan.');
        return true;
      }
    }
  }
}

function isPlanAction(action: CoordinatorAction): action is PlanAction {
  return action.verb.startsWith('plan.');
}

function isFeedbackAction(action: CoordinatorAction): action is FeedbackAction {
  return action.verb.startsWith('feedback.');
}
