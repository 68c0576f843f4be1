import type { CardViews } from '../src/cards/views';
import type { Knowledge } from '../src/knowledge/load';
import type { InsightsActions, TurnInsights } from '../src/teams/insightsActions';
import type { ProfileStore } from '../src/teams/profileStore';
import type { FeatureHandlers } from '../src/teams/verbs';
import type { PrivacyDeps } from './forgetDialog';
import type { UnderstandingDeps } from './understanding';

/** What the dialogs need, passed in through their constructors by the composition root (src/app.ts). */
export interface DialogDeps {
  knowledge: Knowledge;
  views: CardViews;
  profiles: ProfileStore;
  /** The interpreter of typed messages and the cards that answer its verdicts. */
  understanding: UnderstandingDeps;
  /** Advice shown is counted for content owners, once the turn is saved. */
  insights: TurnInsights;
  /** Plan, referral, feedback, channels: the handlers of the verb table (src/teams/verbs.ts). */
  features: FeatureHandlers;
  /** "inzichten" for admins. */
  insightsCommand: InsightsActions;
  /** "wis mijn gegevens": erases the user's state. */
  privacy: PrivacyDeps;
}
