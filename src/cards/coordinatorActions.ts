import { z } from 'zod';
import { CONTACT_ROUTES } from '../knowledge/schema';
import { NoteSchema, OptionKeySchema, PlanIdSchema, PlanNameSchema, PlanStatusSchema } from '../domain/plan';
import { FEEDBACK_KINDS, FEEDBACK_REASONS, MAX_STORED_QUESTION } from '../domain/feedback';
import { MAX_QUESTION, MAX_SUMMARY } from '../domain/referral';

/**
 * The card verbs of the coordinator's plan, the referral to an adviser and feedback. They are merged
 * into `Verb` and `CardActionSchema` in actions.ts.
 */
export const CoordinatorVerb = {
  planAdd: 'plan.add',
  planShow: 'plan.show',
  planStatus: 'plan.status',
  planEdit: 'plan.edit',
  planNote: 'plan.note',
  planRemove: 'plan.remove',
  planSelect: 'plan.select',
  planNew: 'plan.new',
  planExport: 'plan.export',
  referralStart: 'referral.start',
  referralSend: 'referral.send',
  referralClaim: 'referral.claim',
  feedbackRate: 'feedback.rate',
  feedbackReason: 'feedback.reason',
} as const;

const planId = PlanIdSchema;
const optionalPlanId = z.preprocess((v) => (v === '' || v === null ? undefined : v), PlanIdSchema.optional());
const emptyAsUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
/** "1.1,doc:faq" (a card's data) or an array: the option, document or contact keys a rating is about. */
const keyList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.string().regex(/^(?:[1-3]\.\d{1,2}|doc:[a-z-]{1,30}|contact:[a-z-]{1,30})$/)).max(30).default([]),
);

export const PLAN_ACTIONS = [
  z.object({ verb: z.literal(CoordinatorVerb.planAdd), key: OptionKeySchema, planId: optionalPlanId }),
  z.object({ verb: z.literal(CoordinatorVerb.planShow), planId: optionalPlanId }),
  z.object({ verb: z.literal(CoordinatorVerb.planStatus), planId, key: OptionKeySchema, status: PlanStatusSchema }),
  z.object({ verb: z.literal(CoordinatorVerb.planEdit), planId, key: OptionKeySchema }),
  z.object({ verb: z.literal(CoordinatorVerb.planNote), planId, key: OptionKeySchema, note: z.preprocess((v) => v ?? '', NoteSchema) }),
  z.object({ verb: z.literal(CoordinatorVerb.planRemove), planId, key: OptionKeySchema }),
  z.object({ verb: z.literal(CoordinatorVerb.planSelect), planId }),
  z.object({ verb: z.literal(CoordinatorVerb.planNew), name: PlanNameSchema }),
  z.object({ verb: z.literal(CoordinatorVerb.planExport), planId: optionalPlanId }),
] as const;

export const REFERRAL_ACTIONS = [
  z.object({
    verb: z.literal(CoordinatorVerb.referralStart),
    key: z.preprocess(emptyAsUndefined, OptionKeySchema.optional()),
    question: z.preprocess(emptyAsUndefined, z.string().trim().max(MAX_QUESTION).optional()),
  }),
  z.object({
    verb: z.literal(CoordinatorVerb.referralSend),
    route: z.enum(CONTACT_ROUTES),
    summary: z.string().trim().min(1).max(MAX_SUMMARY),
    question: z.preprocess((v) => v ?? '', z.string().trim().max(MAX_QUESTION)),
  }),
  z.object({ verb: z.literal(CoordinatorVerb.referralClaim), referralId: z.uuid() }),
] as const;

export const FEEDBACK_ACTIONS = [
  z.object({
    verb: z.literal(CoordinatorVerb.feedbackRate),
    kind: z.enum(FEEDBACK_KINDS),
    keys: keyList,
    useful: z.enum(['ja', 'nee']),
    /** The question of an answer card (normalised); counted with "niet nuttig" for content owners. */
    question: z.preprocess(emptyAsUndefined, z.string().max(MAX_STORED_QUESTION).optional()),
  }),
  z.object({ verb: z.literal(CoordinatorVerb.feedbackReason), kind: z.enum(FEEDBACK_KINDS), keys: keyList, reason: z.enum(FEEDBACK_REASONS) }),
] as const;
