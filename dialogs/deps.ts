import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { CardViews } from '../src/cards/views';
import type { IntakeParser } from '../src/domain/intakeParser';
import { deepFreeze } from '../src/domain/freeze';
import { type Profile, readProfile } from '../src/domain/profile';
import type { Knowledge } from '../src/knowledge/load';
import type { CoordinatorDeps } from './coordinator';
import type { PrivacyDeps } from './forgetDialog';
import type { UnderstandingDeps } from './understanding';

/** What the dialogs need, passed in through their constructors by the composition root. */
export interface DialogDeps {
  knowledge: Knowledge;
  views: CardViews;
  parser: IntakeParser;
  profiles: ProfileStore;
  /** The interpreter of typed messages and the cards that answer its verdicts. */
  understanding: UnderstandingDeps;
  /** Plan, referral and feedback; absent in tests that do not need them. */
  coordinator?: CoordinatorDeps;
  /** "wis mijn gegevens": erases the user's state; absent in tests that do not need it. */
  privacy?: PrivacyDeps;
}

/**
 * Typed access to the coordinator's profile in user state, validated on every read. Validating with
 * zod is a visible share of a turn (docs/performance.md), so results are remembered: per stored object
 * within a turn (a write is validated again on its next read), and across turns by the stored data
 * itself, as text. A remembered profile is frozen and may be shared: change it only through `update`.
 */
export class ProfileStore {
  private readonly validated = new WeakMap<object, Profile>();
  private readonly recent = new Map<string, Profile>();
  static readonly MAX_RECENT = 1_000;

  constructor(private readonly accessor: StatePropertyAccessor<unknown>) {}

  /** The profile; `reset` is true when stored data no longer fitted and was replaced by a fresh profile. */
  async load(context: TurnContext): Promise<{ profile: Profile; reset: boolean }> {
    const stored = await this.accessor.get(context);
    if (typeof stored !== 'object' || stored === null) return this.checked(context, stored);
    const known = this.validated.get(stored);
    if (known) return { profile: known, reset: false };
    const text = JSON.stringify(stored);
    let profile = this.recent.get(text);
    if (!profile) {
      const loaded = await this.checked(context, stored);
      if (loaded.reset) return loaded;
      profile = deepFreeze(loaded.profile);
      if (this.recent.size >= ProfileStore.MAX_RECENT) this.recent.delete(this.recent.keys().next().value as string);
      this.recent.set(text, profile);
    }
    this.validated.set(stored, profile);
    return { profile, reset: false };
  }

  /** Validates stored data; what no longer fits is replaced by a fresh profile (and `reset`). */
  private async checked(context: TurnContext, stored: unknown): Promise<{ profile: Profile; reset: boolean }> {
    const loaded = readProfile(stored);
    if (loaded.reset) await this.accessor.set(context, loaded.profile);
    return loaded;
  }

  async get(context: TurnContext): Promise<Profile> {
    return (await this.load(context)).profile;
  }

  async update(context: TurnContext, change: (profile: Profile) => Profile): Promise<Profile> {
    const next = change(await this.get(context));
    await this.accessor.set(context, next);
    return next;
  }
}
