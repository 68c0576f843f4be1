import { z } from 'zod';
import { RatedSchema } from './feedback';
import { IntakeSchema, emptyIntake } from './intake';
import { PlansSchema, emptyPlans } from './plan';

/**
 * What the bot keeps per coordinator (user state): the intake answers and which advice step was shown
 * last. Versioned so that state written by an older release is recognised and reset, not crashed on.
 */
const PROFILE_VERSION = 1;

export const MAX_REFERRAL_IDS = 50;

const ProfileSchema = z.object({
  version: z.literal(PROFILE_VERSION),
  intake: IntakeSchema,
  lastStep: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** The welcome card was shown once; a later "hallo" gets a short greeting. */
  welcomed: z.boolean().default(false),
  /** "Mijn bpv-plan" (one or more named plans). Added later: older stored profiles load with none. */
  plans: PlansSchema.default(emptyPlans),
  /** Ids of the referrals this coordinator sent (so that "wis mijn gegevens" can delete them too). */
  referrals: z.array(z.uuid()).max(MAX_REFERRAL_IDS).default([]),
  /** Cards this coordinator rated lately, so that a repeat is not counted again (feedback.ts). */
  // A broken list is dropped, not the whole profile.
  rated: RatedSchema.default([]).catch([]),
});

export type Profile = z.infer<typeof ProfileSchema>;

export function newProfile(): Profile {
  return {
    version: PROFILE_VERSION,
    intake: emptyIntake(),
    welcomed: false,
    plans: emptyPlans(),
    referrals: [],
    rated: [],
  };
}

export type LoadedProfile = { profile: Profile; reset: boolean };

/** Reads stored profile data; anything that no longer fits the schema gives a fresh profile and `reset`. */
export function readProfile(stored: unknown): LoadedProfile {
  if (stored === undefined || stored === null) return { profile: newProfile(), reset: false };
  const parsed = ProfileSchema.safeParse(stored);
  return parsed.success ? { profile: parsed.data, reset: false } : { profile: newProfile(), reset: true };
}
