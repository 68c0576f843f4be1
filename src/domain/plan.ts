import { z } from 'zod';
import { cleanUserText, withoutFormatCharacters } from '../common/unicodeText';

/**
 * "Mijn bpv-plan": the options a coordinator chose to work on, each with a status and a short note.
 * A coordinator may keep several named plans (one per cohort or programme); one of them is active.
 * Pure: every operation returns new data and a result the dialog can put into words.
 */

export const PLAN_STATUSES = ['te-doen', 'bezig', 'gedaan'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PlanStatusSchema = z.enum(PLAN_STATUSES);

export const STATUS_LABELS: Record<PlanStatus, string> = { 'te-doen': 'te doen', bezig: 'bezig', gedaan: 'gedaan' };

export const MAX_NOTE = 280;
const MAX_PLAN_NAME = 60;
const MAX_PLANS = 10;
const MAX_ITEMS = 30;
const DEFAULT_PLAN_NAME = 'Mijn bpv-plan';

export const OptionKeySchema = z.string().regex(/^[1-3]\.\d{1,2}$/);
export const PlanIdSchema = z.string().regex(/^p\d{1,4}$/);
/**
 * A note: one short line or a few, composed (NFC), without control characters, bidi controls or
 * zero-width characters (they would let "cohort U+202E fdp.exe" show as "cohort exe.pdf").
 */
export const NoteSchema = z
  .string()
  .transform((s) =>
    cleanUserText(s)
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
      .trim(),
  )
  .pipe(z.string().max(MAX_NOTE));
export const PlanNameSchema = z
  .string()
  .transform((s) =>
    cleanUserText(s)
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
  .pipe(z.string().min(1).max(MAX_PLAN_NAME));

// Stored plans: texts saved before format characters were stripped are cleaned when read.
const PlanItemSchema = z.object({
  key: OptionKeySchema,
  status: PlanStatusSchema.default('te-doen'),
  note: z.string().max(MAX_NOTE).default('').transform(cleanUserText),
});

const PlanSchema = z.object({
  id: PlanIdSchema,
  name: z
    .string()
    .min(1)
    .max(MAX_PLAN_NAME)
    .transform((s) => cleanUserText(s).trim() || DEFAULT_PLAN_NAME),
  items: z.array(PlanItemSchema).max(MAX_ITEMS).default([]),
});

export const PlansSchema = z.object({
  /** Id of the plan that "zet in mijn plan" adds to; empty until the first plan exists. */
  active: z.string().default(''),
  plans: z.array(PlanSchema).max(MAX_PLANS).default([]),
});

export type PlanItem = z.infer<typeof PlanItemSchema>;
export type Plan = z.infer<typeof PlanSchema>;
export type Plans = z.infer<typeof PlansSchema>;

export function emptyPlans(): Plans {
  return { active: '', plans: [] };
}

/** The active plan, if any. */
export function activePlan(plans: Plans): Plan | undefined {
  return plans.plans.find((p) => p.id === plans.active) ?? plans.plans[0];
}

export function findPlan(plans: Plans, planId: string | undefined): Plan | undefined {
  return planId ? plans.plans.find((p) => p.id === planId) : activePlan(plans);
}

function nextId(plans: Plans): string {
  const numbers = plans.plans.map((p) => Number(p.id.slice(1)));
  return `p${Math.max(0, ...numbers) + 1}`;
}

function replacePlan(plans: Plans, plan: Plan): Plans {
  return { ...plans, plans: plans.plans.map((p) => (p.id === plan.id ? plan : p)) };
}

export type PlanResult<R extends string> = { plans: Plans; plan?: Plan; result: R };

/** Makes a new named plan and makes it the active one. */
export function createPlan(plans: Plans, name: string): PlanResult<'created' | 'exists' | 'full'> {
  const same = plans.plans.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (same) return { plans: { ...plans, active: same.id }, plan: same, result: 'exists' };
  if (plans.plans.length >= MAX_PLANS) return { plans, result: 'full' };
  const plan: Plan = { id: nextId(plans), name, items: [] };
  return { plans: { active: plan.id, plans: [...plans.plans, plan] }, plan, result: 'created' };
}

/** Makes an existing plan the active one. */
export function selectPlan(plans: Plans, planId: string): PlanResult<'selected' | 'unknown'> {
  const plan = plans.plans.find((p) => p.id === planId);
  return plan ? { plans: { ...plans, active: plan.id }, plan, result: 'selected' } : { plans, result: 'unknown' };
}

/** Adds an option to a plan (the active one by default; a first plan is made when there is none). */
export function addOption(
  plans: Plans,
  key: string,
  planId?: string,
): PlanResult<'added' | 'exists' | 'full' | 'unknown'> {
  let current = plans;
  if (current.plans.length === 0) current = createPlan(current, DEFAULT_PLAN_NAME).plans;
  const plan = findPlan(current, planId);
  if (!plan) return { plans, result: 'unknown' };
  if (plan.items.some((i) => i.key === key)) return { plans: current, plan, result: 'exists' };
  if (plan.items.length >= MAX_ITEMS) return { plans: current, plan, result: 'full' };
  const updated: Plan = { ...plan, items: [...plan.items, { key, status: 'te-doen', note: '' }] };
  return { plans: replacePlan(current, updated), plan: updated, result: 'added' };
}

type ItemChange = (item: PlanItem) => PlanItem;

function changeItem(plans: Plans, planId: string, key: string, change: ItemChange): PlanResult<'changed' | 'unknown'> {
  const plan = plans.plans.find((p) => p.id === planId);
  if (!plan || !plan.items.some((i) => i.key === key)) return { plans, ...(plan ? { plan } : {}), result: 'unknown' };
  const updated: Plan = { ...plan, items: plan.items.map((i) => (i.key === key ? change(i) : i)) };
  return { plans: replacePlan(plans, updated), plan: updated, result: 'changed' };
}

export function setStatus(
  plans: Plans,
  planId: string,
  key: string,
  status: PlanStatus,
): PlanResult<'changed' | 'unknown'> {
  return changeItem(plans, planId, key, (i) => ({ ...i, status }));
}

export function setNote(plans: Plans, planId: string, key: string, note: string): PlanResult<'changed' | 'unknown'> {
  return changeItem(plans, planId, key, (i) => ({ ...i, note: note.slice(0, MAX_NOTE) }));
}

export function removeOption(plans: Plans, planId: string, key: string): PlanResult<'removed' | 'unknown'> {
  const plan = plans.plans.find((p) => p.id === planId);
  if (!plan || !plan.items.some((i) => i.key === key)) return { plans, result: 'unknown' };
  const updated: Plan = { ...plan, items: plan.items.filter((i) => i.key !== key) };
  return { plans: replacePlan(plans, updated), plan: updated, result: 'removed' };
}

/** Items grouped for display: in progress first, then to do, then done; within a group in the order added. */
export function orderedItems(plan: Plan): PlanItem[] {
  const rank: Record<PlanStatus, number> = { bezig: 0, 'te-doen': 1, gedaan: 2 };
  return plan.items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank[a.item.status] - rank[b.item.status] || a.index - b.index)
    .map((x) => x.item);
}

/**
 * The plan as plain text, for pasting into a mail or a document. `titleOf` gives an option's title
 * (from the knowledge); keys are kept so that a reader can look the option up in the handreiking.
 */
export function exportPlanText(
  plan: Plan,
  titleOf: (key: string) => string | undefined,
  context: {
    situation?: string;
    date?: string;
    /** The closing source line, with the date of the guidance. */ source?: string;
  } = {},
): string {
  const lines: string[] = [plan.name];
  if (context.situation) lines.push(`Situatie: ${context.situation}`);
  if (context.date) lines.push(`Stand van zaken op ${context.date}`);
  lines.push('');
  if (plan.items.length === 0) {
    lines.push('Nog geen oplossingen in dit plan.');
  } else {
    for (const status of ['bezig', 'te-doen', 'gedaan'] as const) {
      const items = plan.items.filter((i) => i.status === status);
      if (items.length === 0) continue;
      lines.push(`${capitalise(STATUS_LABELS[status])}:`);
      for (const item of items) {
        lines.push(`- ${titleOf(item.key) ?? 'Onbekende oplossing'} (handreiking ${item.key})`);
        if (item.note) lines.push(`  Notitie: ${item.note}`);
      }
      lines.push('');
    }
  }
  lines.push(context.source ?? 'Bron: Handreiking beroepspraktijkvorming in tijden van corona (MBO Raad en SBB).');
  // Text pasted into a mail or document: no bidi control or invisible character, whatever was stored.
  return withoutFormatCharacters(lines.join('\n')).replace(/\n{3,}/g, '\n\n');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
