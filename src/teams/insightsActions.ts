import type { TurnContext } from 'botbuilder';
import { type InsightsRecorder, type InsightsReport, formatInsights } from '../domain/insights';
import type { Knowledge } from '../knowledge/load';
import { isAdmin } from './adviserChannel';

/**
 * Where advice, feedback and not-sure questions are counted (no user ids): through the turn
 * (`forTurn`), so that a count is made once, after the turn is saved (src/host/turnPipeline.ts).
 */
export interface TurnInsights {
  forTurn(context: TurnContext): InsightsRecorder;
  report(): InsightsReport;
}

/** "inzichten" typed by an admin (ADMIN_IDS) in personal chat: the insights report as text. */
export class InsightsActions {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly insights: TurnInsights,
    private readonly adminIds: readonly string[],
  ) {}

  async show(context: TurnContext): Promise<void> {
    if (!isAdmin(context, this.adminIds)) {
      await context.sendActivity('Inzichten zijn alleen voor beheerders van de Bpv-wegwijzer.');
      return;
    }
    const text = formatInsights(this.insights.report(), (key) => this.knowledge.optionsByKey.get(key)?.title);
    await context.sendActivity({ type: 'message', text, textFormat: 'plain' });
  }
}
