import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { CardViews } from '../src/cards/views';
import type { IntakeParser } from '../src/domain/intakeParser';
import { type Profile, readProfile } from '../src/domain/profile';
import type { Knowledge } from '../src/knowledge/load';
import type { CoordinatorDeps } from './coordinator';

/** What the dialogs need, passed in through their constructors by the composition root. */
export interface DialogDeps {
  knowledge: Knowledge;
  views: CardViews;
  parser: IntakeParser;
  profiles: ProfileStore;
  /** Plan, referral and feedback (issue 4); absent in tests that do not need them. */
  coordinator?: CoordinatorDeps;
}

/** Typed access to the coordinator's profile in user state, validated on every read. */
export class ProfileStore {
  constructor(private readonly accessor: StatePropertyAccessor<unknown>) {}

  /** The profile; `reset` is true when stored data no longer fitted and was replaced by a fresh profile. */
  async load(context: TurnContext): Promise<{ profile: Profile; reset: boolean }> {
    const loaded = readProfile(await this.accessor.get(context));
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
