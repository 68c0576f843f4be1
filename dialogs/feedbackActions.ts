import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../src/cards/actions';
import type { FeedbackViews } from '../src/cards/feedbackViews';
import type { InsightsRecorder } from '../src/domain/insights';
import { cardAttachment } from './interruptibleDialog';
import { setCardUpdate } from './turnInput';

export type FeedbackAction = Extract<CardAction, { verb: `feedback.${string}` }>;

/**
 * "Nuttig / niet nuttig" on advice, detail and answer cards, and the optional reason. Recorded as
 * counts without any user id; the card the coordinator pressed stays as it was.
 */
export class FeedbackActions {
  constructor(
    private readonly views: FeedbackViews,
    private readonly insights: InsightsRecorder,
  ) {}

  async handle(context: TurnContext, action: FeedbackAction): Promise<void> {
    switch (action.verb) {
      case 'feedback.rate':
        this.insights.rated(action.kind, action.keys, action.useful === 'ja');
        if (action.useful === 'ja') await context.sendActivity('Dank je, fijn dat het hielp!');
        else await context.sendActivity({ attachments: [cardAttachment(this.views.reason(action.kind, action.keys))] });
        return;
      case 'feedback.reason':
        this.insights.reason(action.kind, action.keys, action.reason);
        setCardUpdate(context, this.views.thanks());
        return;
    }
  }
}
