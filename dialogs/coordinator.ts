import type { DialogContext } from 'botbuilder-dialogs';
import type { PlanViews } from '../src/cards/planViews';
import { PlanNameSchema } from '../src/domain/plan';
import type { Command } from './commands';
import type { DialogDeps } from './deps';
import { type PlanAction, PlanActions } from './planActions';

/** What the plan, referral and feedback features need besides the common dialog deps. */
export interface CoordinatorDeps {
  planViews: PlanViews;
}

export type CoordinatorAction = PlanAction;
export type CoordinatorCommand = Extract<Command, { name: 'plan' | 'plan-export' | 'plan-new' | 'referral' | 'insights' }>;

/** The coordinator's extras in personal chat: one entry point for the main dialog's router. */
export class CoordinatorActions {
  readonly plan: PlanActions;

  constructor(deps: DialogDeps, extras: CoordinatorDeps) {
    this.plan = new PlanActions(deps, extras.planViews);
  }

  async handleAction(dc: DialogContext, action: CoordinatorAction): Promise<void> {
    await this.plan.handle(dc.context, action);
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
      case 'insights':
        return false;
    }
  }
}
