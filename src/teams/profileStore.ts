import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { type Profile, readProfile } from '../domain/profile';

/**
 * Typed access to the coordinator's profile in the conversation's state (personal chat: one per user),
 * validated with zod on every read.
 */
export class ProfileStore {
  constructor(private readonly accessor: StatePropertyAccessor<unknown>) {}

  /** The profile; `reset` is true when stored data no longer fitted and was replaced by a fresh profile. */
  async load(context: TurnContext): Promise<{ profile: Profile; reset: boolean }> {
    return this.checked(context, await this.accessor.get(context));
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
