import { z } from 'zod';
import { INTAKE_FIELDS } from '../domain/intake';
import { CONTACT_ROUTES, LeerwegSchema, NiveauSchema } from '../knowledge/schema';
import { NoteSchema, OptionKeySchema, PlanIdSchema, PlanNameSchema, PlanStatusSchema } from '../domain/plan';
import { FEEDBACK_KINDS, FEEDBACK_REASONS, MAX_STORED_QUESTION } from '../domain/feedback';
import { MAX_QUESTION, MAX_SUMMARY } from '../domain/referral';

/** Every verb a card can send. Cards send them as Action.Execute verbs, or in Action.Submit data. */
export const Verb = {
  startIntake: 'intake.start',
  answer: 'intake.answer',
  changeAnswer: 'intake.change',
  showAnswers: 'intake.answers',
  showStep: 'advice.step',
  enough: 'advice.enough',
  showAdvice: 'advice.show',
  optionDetails: 'option.details',
  /** A clarification button: show this answer ("1.3", "doc:faq", "contact:sbb"). */
  pickAnswer: 'answer.show',
  documents: 'documents.show',
  contacts: 'contacts.show',
  help: 'help',
  restart: 'restart',
  // Mijn bpv-plan
  planAdd: 'plan.add',
  planShow: 'plan.show',
  planStatus: 'plan.status',
  planEdit: 'plan.edit',
  planNote: 'plan.note',
  planRemove: 'plan.remove',
  planSelect: 'plan.select',
  planNew: 'plan.new',
  planExport: 'plan.export',
  // Vraag een adviseur
  referralStart: 'referral.start',
  referralSend: 'referral.send',
  referralClaim: 'referral.claim',
  // Nuttig / niet nuttig
  feedbackRate: 'feedback.rate',
  feedbackReason: 'feedback.reason',
} as const;

const short = z.string().trim().max(80);
const step = z.coerce.number().int().min(1).max(3) as z.ZodType<1 | 2 | 3>;
/** Input.Number sends a number (Execute) or a string (Submit); an empty field is "not answered". */
const optionalCount = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce.number().int().min(1).max(100_000).optional(),
);
const optionalEnum = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

const AnswerSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('sector'), sector: short.min(1) }),
  // Input.ChoiceSet with isMultiSelect sends "a,b,c".
  z.object({
    field: z.literal('situations'),
    situations: z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z.array(short).min(1).max(20),
    ),
  }),
  z.object({ field: z.literal('places'), places: short.min(1) }),
  z.object({
    field: z.literal('details'),
    skip: z.coerce.boolean().optional(),
    leerweg: optionalEnum(LeerwegSchema),
    niveau: optionalEnum(NiveauSchema),
    students: optionalCount,
  }),
]);

const planId = PlanIdSchema;
const optionalPlanId = z.preprocess((v) => (v === '' || v === null ? undefined : v), PlanIdSchema.optional());
const emptyAsUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
/** "1.1,doc:faq" (a card's data) or an array: the option, document or contact keys a rating is about. */
const keyList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(z.string().regex(/^(?:[1-3]\.\d{1,2}|doc:[a-z-]{1,30}|contact:[a-z-]{1,30})$/))
    .max(30)
    .default([]),
);

const PLAN_ACTIONS = [
  z.object({ verb: z.literal(Verb.planAdd), key: OptionKeySchema, planId: optionalPlanId }),
  z.object({ verb: z.literal(Verb.planShow), planId: optionalPlanId }),
  z.object({ verb: z.literal(Verb.planStatus), planId, key: OptionKeySchema, status: PlanStatusSchema }),
  z.object({ verb: z.literal(Verb.planEdit), planId, key: OptionKeySchema }),
  z.object({
    verb: z.literal(Verb.planNote),
    planId,
    key: OptionKeySchema,
    note: z.preprocess((v) => v ?? '', NoteSchema),
  }),
  z.object({ verb: z.literal(Verb.planRemove), planId, key: OptionKeySchema }),
  z.object({ verb: z.literal(Verb.planSelect), planId }),
  z.object({ verb: z.literal(Verb.planNew), name: PlanNameSchema }),
  z.object({ verb: z.literal(Verb.planExport), planId: optionalPlanId }),
] as const;

const REFERRAL_ACTIONS = [
  z.object({
    verb: z.literal(Verb.referralStart),
    key: z.preprocess(emptyAsUndefined, OptionKeySchema.optional()),
    question: z.preprocess(emptyAsUndefined, z.string().trim().max(MAX_QUESTION).optional()),
  }),
  z.object({
    verb: z.literal(Verb.referralSend),
    route: z.enum(CONTACT_ROUTES),
    summary: z.string().trim().min(1).max(MAX_SUMMARY),
    question: z.preprocess((v) => v ?? '', z.string().trim().max(MAX_QUESTION)),
  }),
  z.object({ verb: z.literal(Verb.referralClaim), referralId: z.uuid() }),
] as const;

const FEEDBACK_ACTIONS = [
  z.object({
    verb: z.literal(Verb.feedbackRate),
    kind: z.enum(FEEDBACK_KINDS),
    keys: keyList,
    useful: z.enum(['ja', 'nee']),
    /** The question of an answer card (normalised); counted with "niet nuttig" for content owners. */
    question: z.preprocess(emptyAsUndefined, z.string().max(MAX_STORED_QUESTION).optional()),
  }),
  z.object({
    verb: z.literal(Verb.feedbackReason),
    kind: z.enum(FEEDBACK_KINDS),
    keys: keyList,
    reason: z.enum(FEEDBACK_REASONS),
  }),
] as const;

/** A card action after validation: the only shape the dialogs ever see. */
const CardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(Verb.startIntake) }),
  z.object({ verb: z.literal(Verb.answer), answer: AnswerSchema }),
  z.object({ verb: z.literal(Verb.changeAnswer), field: z.enum(INTAKE_FIELDS) }),
  z.object({ verb: z.literal(Verb.showAnswers) }),
  z.object({ verb: z.literal(Verb.showStep), step }),
  z.object({ verb: z.literal(Verb.enough), step: step.optional() }),
  z.object({ verb: z.literal(Verb.showAdvice) }),
  z.object({ verb: z.literal(Verb.optionDetails), key: z.string().regex(/^[1-3]\.\d{1,2}$/) }),
  z.object({
    verb: z.literal(Verb.pickAnswer),
    key: z.string().regex(/^(?:[1-3]\.\d{1,2}|doc:[a-z]{1,20}|contact:[a-z-]{1,20})$/),
  }),
  z.object({ verb: z.literal(Verb.documents) }),
  z.object({ verb: z.literal(Verb.contacts) }),
  z.object({ verb: z.literal(Verb.help) }),
  z.object({ verb: z.literal(Verb.restart) }),
  ...PLAN_ACTIONS,
  ...REFERRAL_ACTIONS,
  ...FEEDBACK_ACTIONS,
]);

export type CardAction = z.infer<typeof CardActionSchema>;
export type VerbName = CardAction['verb'];

/** Limits what a client may send us at all before zod looks at it (a tampered card can send anything). */
const MAX_ACTION_JSON = 8 * 1024;

export type ParsedAction =
  { ok: true; action: CardAction } | { ok: false; reason: 'unknown-verb' | 'invalid' | 'too-large' };

/**
 * Validates the verb and data of a card action. `data` is the merged action data and input values,
 * as both Action.Execute (`value.action.data`) and Action.Submit (`value`) deliver them.
 */
export function parseCardAction(verb: unknown, data: unknown): ParsedAction {
  if (typeof verb !== 'string' || !(Object.values(Verb) as string[]).includes(verb))
    return { ok: false, reason: 'unknown-verb' };
  const raw = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  // Cards carry an option key as `option`: the Agents Playground drops a data field named `key`.
  // `key` stays accepted (cards sent before this change, tests).
  const { option, ...rest } = raw;
  const record = option !== undefined && rest.key === undefined ? { ...rest, key: option } : raw;
  if (JSON.stringify(record).length > MAX_ACTION_JSON) return { ok: false, reason: 'too-large' };
  const candidate = verb === Verb.answer ? { verb, answer: record } : { ...record, verb };
  const result = CardActionSchema.safeParse(candidate);
  return result.success ? { ok: true, action: result.data } : { ok: false, reason: 'invalid' };
}
