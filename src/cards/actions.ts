import { z } from 'zod';
import { INTAKE_FIELDS } from '../domain/intake';
import { LeerwegSchema, NiveauSchema } from '../knowledge/schema';
import { FEEDBACK_ACTIONS, PLAN_ACTIONS, REFERRAL_ACTIONS, CoordinatorVerb } from './coordinatorActions';

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
  ...CoordinatorVerb,
} as const;

const short = z.string().trim().max(80);
const step = z.coerce.number().int().min(1).max(3) as z.ZodType<1 | 2 | 3>;
/** Input.Number sends a number (Execute) or a string (Submit); an empty field is "not answered". */
const optionalCount = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce.number().int().min(1).max(100_000).optional(),
);
const optionalEnum = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

const AnswerSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('sector'), sector: short.min(1) }),
  // Input.ChoiceSet with isMultiSelect sends "a,b,c".
  z.object({
    field: z.literal('situations'),
    situations: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(short).min(1).max(20)),
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

/** A card action after validation: the only shape the dialogs ever see. */
export const CardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(Verb.startIntake) }),
  z.object({ verb: z.literal(Verb.answer), answer: AnswerSchema }),
  z.object({ verb: z.literal(Verb.changeAnswer), field: z.enum(INTAKE_FIELDS) }),
  z.object({ verb: z.literal(Verb.showAnswers) }),
  z.object({ verb: z.literal(Verb.showStep), step }),
  z.object({ verb: z.literal(Verb.enough), step: step.optional() }),
  z.object({ verb: z.literal(Verb.showAdvice) }),
  z.object({ verb: z.literal(Verb.optionDetails), key: z.string().regex(/^[1-3]\.\d{1,2}$/) }),
  z.object({ verb: z.literal(Verb.pickAnswer), key: z.string().regex(/^(?:[1-3]\.\d{1,2}|doc:[a-z]{1,20}|contact:[a-z-]{1,20})$/) }),
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

export type ParsedAction = { ok: true; action: CardAction } | { ok: false; reason: 'unknown-verb' | 'invalid' | 'too-large' };

/**
 * Validates the verb and data of a card action. `data` is the merged action data and input values,
 * as both Action.Execute (`value.action.data`) and Action.Submit (`value`) deliver them.
 */
export function parseCardAction(verb: unknown, data: unknown): ParsedAction {
  if (typeof verb !== 'string' || !(Object.values(Verb) as string[]).includes(verb)) return { ok: false, reason: 'unknown-verb' };
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
