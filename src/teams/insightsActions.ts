import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/render';
import type { InsightsRecorder } from '../insights/recorder';
import { isAdmin } from './adviserChannel';
import { sendCard } from './replies';

/**
 * Where advice, feedback and what the interpreter understood are counted (no user ids): through the
 * turn (`forTurn`), so that a count is made once, after the turn is saved (src/host/turnPipeline.ts).
 */
export interface TurnInsights {
  forTurn(context: TurnContext): InsightsRecorder;
  /** The admin card: the last 30 days in a few figures (src/insights/summaryCard.ts). */
  card(): Promise<AdaptiveCardJson>;
}

/** "inzichten" typed by an admin (ADMIN_IDS) in personal chat: a short card; the full report is `npm run insights`. */
export class InsightsActions {
  constructor(
    private readonly insights: TurnInsights,
    private readonly adminIds: readonly string[],
  ) {}

  async show(context: TurnContext): Promise<void> {
    if (!isAdmin(context, this.adminIds)) {
      await context.sendActivity('Inzichten zijn alleen voor beheerders van de Bpv-wegwijzer.');
      return;
    }
    await sendCard(context, await this.insights.card());
  }
}
