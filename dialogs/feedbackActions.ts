import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../src/cards/actions';
import type { FeedbackViews } from '../src/cards/feedbackViews';
import { isKnownFeedbackKey, ratingDay, recordRating, recordReason } from '../src/domain/feedback';
import type { InsightsRecorder } from '../src/domain/insights';
import type { DialogDeps } from './deps';
import { cardAttachment } from './interruptibleDialog';
import { setCardUpdate } from './turnInput';

export type FeedbackAction = Extract<CardAction, { verb: `feedback.${string}` }>;

/**
 * "Nuttig / niet nuttig" on advice, detail and answer cards, and the optional reason. Recorded as
 * counts without any user id; the card the coordinator pressed stays as it was. Only keys of the loaded
 * knowledge count, and one user's rating of a card counts once: the user's own state remembers for a
 * while which cards they rated (never the insights store).
 */
export class FeedbackActions {
  constructor(
    private readonly deps: Pick<DialogDeps, 'knowledge' | 'profiles'>,
    private readonly views: FeedbackViews,
    private readonly insights: InsightsRecorder,
  ) {}

  async handle(context: TurnContext, action: FeedbackAction): Promise<void> {
    const keys = action.keys.filter((key) => isKnownFeedbackKey(this.deps.knowledge, key));
    if (keys.length === 0) {
      await context.sendActivity('Deze kaart ken ik niet (meer), dus ik kan je beoordeling niet bewaren. Dank je wel!');
      return;
    }
    const today = ratingDay();
    switch (action.verb) {
      case 'feedback.rate': {
        const useful = action.useful === 'ja';
        let counted: string[] = [];
        await this.deps.profiles.update(context, (p) => {
          const next = recordRating(p.rated, action.kind, keys, useful, today);
          counted = next.counted;
          return { ...p, rated: next.rated };
        });
        if (counted.length === 0) {
          await context.sendActivity('Je had deze kaart al beoordeeld. Dank je!');
          return;
        }
        this.insights.rated(action.kind, counted, useful);
        if (!useful && action.question) for (const key of counted) this.insights.notUsefulAnswer(action.question, key);
        if (useful) await context.sendActivity('Dank je, fijn dat het hielp!');
        else await context.sendActivity({ attachments: [cardAttachment(this.views.reason(action.kind, counted))] });
        return;
      }
      case 'feedback.reason': {
        let counted: string[] = [];
        await this.deps.profiles.update(context, (p) => {
          const next = recordReason(p.rated, action.kind, keys, today);
          counted = next.counted;
          return { ...p, rated: next.rated };
        });
        if (counted.length > 0) this.insights.reason(action.kind, counted, action.reason);
        else await context.sendActivity('Je had al een reden bij deze kaart gegeven. Dank je!');
        setCardUpdate(context, this.views.thanks());
        return;
      }
    }
  }
}
