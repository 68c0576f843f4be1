import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';
import type { FeedbackViews } from '../cards/feedbackViews';
import { isKnownFeedbackKey, ratingDay, recordRating, recordReason } from '../domain/feedback';
import type { Knowledge } from '../knowledge/load';
import type { TurnInsights } from './insightsActions';
import type { ProfileStore } from './profileStore';
import { sendCard } from './replies';
import { setCardUpdate } from './turnInput';

type FeedbackAction<V extends `feedback.${string}`> = Extract<CardAction, { verb: V }>;

/**
 * "Nuttig / niet nuttig" on advice, detail and answer cards, and the optional reason. Recorded as
 * counts without any user id; the card the coordinator pressed stays as it was. Only keys of the loaded
 * knowledge count, and one user's rating of a card counts once: the user's own state remembers for a
 * while which cards they rated (never the insights store).
 */
export class FeedbackActions {
  constructor(
    private readonly deps: { knowledge: Knowledge; profiles: ProfileStore },
    private readonly views: FeedbackViews,
    /** Counts go through the turn: made once it is saved. */
    private readonly insights: TurnInsights,
  ) {}

  /** "Nuttig" or "Niet nuttig" (then the card with the reasons). */
  async rate(context: TurnContext, action: FeedbackAction<'feedback.rate'>): Promise<void> {
    const keys = await this.knownKeys(context, action.keys);
    if (keys.length === 0) return;
    const useful = action.useful === 'ja';
    let counted: string[] = [];
    await this.deps.profiles.update(context, (p) => {
      const next = recordRating(p.rated, action.kind, keys, useful, ratingDay());
      counted = next.counted;
      return { ...p, rated: next.rated };
    });
    if (counted.length === 0) {
      await context.sendActivity('Je had deze kaart al beoordeeld. Dank je!');
      return;
    }
    const recorder = this.insights.forTurn(context);
    recorder.rated(action.kind, counted, useful);
    // An answer card's "Niet nuttig" carries its question: content owners see which question got which answer.
    if (!useful && action.question) for (const key of counted) recorder.notUsefulAnswer(action.question, key);
    if (useful) await context.sendActivity('Dank je, fijn dat het hielp!');
    else await sendCard(context, this.views.reason(action.kind, counted));
  }

  /** One of the five reasons after "Niet nuttig": the reason card turns into a thank-you. */
  async reason(context: TurnContext, action: FeedbackAction<'feedback.reason'>): Promise<void> {
    const keys = await this.knownKeys(context, action.keys);
    if (keys.length === 0) return;
    let counted: string[] = [];
    await this.deps.profiles.update(context, (p) => {
      const next = recordReason(p.rated, action.kind, keys, ratingDay());
      counted = next.counted;
      return { ...p, rated: next.rated };
    });
    if (counted.length > 0) this.insights.forTurn(context).reason(action.kind, counted, action.reason);
    else await context.sendActivity('Je had al een reden bij deze kaart gegeven. Dank je!');
    setCardUpdate(context, this.views.thanks());
  }

  /** The keys the loaded knowledge has; none: the user is told and nothing counts. */
  private async knownKeys(context: TurnContext, keys: readonly string[]): Promise<string[]> {
    const known = keys.filter((key) => isKnownFeedbackKey(this.deps.knowledge, key));
    if (known.length === 0) {
      await context.sendActivity('Deze kaart ken ik niet (meer), dus ik kan je beoordeling niet bewaren. Dank je wel!');
    }
    return known;
  }
}
