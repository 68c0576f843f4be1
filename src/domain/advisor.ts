import type { Knowledge } from '../knowledge/load';
import { stepOf } from '../knowledge/load';
import type { Condition, Document, Option } from '../knowledge/schema';
import { type ResolvedContact, resolveContact } from './contacts';
import type { Intake } from './intake';

/** A fit rule of this weight or more makes an option one of the first things to do. */
export const STRONG_WEIGHT = 3;

interface RankedOption {
  key: string;
  step: 1 | 2 | 3;
  title: string;
  summary: string;
  /** One line: why this option fits this situation or, for an option left out, why it was left out. */
  reason: string;
  /** 1 plus the weights of every fit rule that holds. */
  score: number;
  /**
   * The weight of the strongest rule that holds (0 when none): a rule about the situation itself outranks many small
   * ones.
   */
  bestWeight: number;
  strong: boolean;
  /** Strong because of a rule on the situation the coordinator described (not only on places, leerweg or sector). */
  calledFor: boolean;
}

export interface AdviceStep {
  number: 1 | 2 | 3;
  title: string;
  intro: string;
  /** Options that fit, best first. */
  options: RankedOption[];
  /** Options of this step left out for this situation (reason: why); still reachable. */
  others: RankedOption[];
  /** The situation says to start after this step (for example: no places at all). */
  skipped: boolean;
}

export interface Advice {
  startStep: 1 | 2 | 3;
  steps: AdviceStep[];
  /**
   * Options of other steps worth knowing about from the first card on: the strong ones of a step the
   * advice skipped, and those of later steps that the situation itself calls for.
   */
  highlights: RankedOption[];
  /** The contact routes of the advised options, the most relevant first, resolved for the sector. */
  contacts: ResolvedContact[];
  documents: Document[];
}

export function matches(condition: Condition, intake: Intake): boolean {
  const { situations, places, leerweg, niveau, sectors } = condition;
  if (situations && !situations.some((s) => intake.situations.includes(s))) return false;
  if (places && !(intake.places && places.includes(intake.places))) return false;
  if (leerweg && !(intake.leerweg && leerweg.includes(intake.leerweg))) return false;
  if (niveau && !(intake.niveau && niveau.includes(intake.niveau))) return false;
  if (sectors && !(intake.sector && sectors.includes(intake.sector))) return false;
  return true;
}

function rankOption(option: Option, intake: Intake): RankedOption {
  const matched = option.fit.filter((rule) => matches(rule.when, intake));
  const best = matched.reduce<(typeof matched)[number] | undefined>(
    (top, rule) => (!top || rule.weight > top.weight ? rule : top),
    undefined,
  );
  return {
    key: option.key,
    step: stepOf(option),
    title: option.title,
    summary: option.summary,
    reason: best?.reason ?? option.defaultReason,
    score: 1 + matched.reduce((sum, rule) => sum + rule.weight, 0),
    bestWeight: best?.weight ?? 0,
    strong: (best?.weight ?? 0) >= STRONG_WEIGHT,
    calledFor: matched.some((rule) => rule.when.situations !== undefined && rule.weight >= STRONG_WEIGHT),
  };
}

/** An option left out for this intake: its reason is the first exclusion that holds. */
function leftOut(option: Option, reason: string, intake: Intake): RankedOption {
  return { ...rankOption(option, intake), reason, strong: false, calledFor: false };
}

/**
 * Strongest matching rule first, then the total; Array.prototype.sort is stable, so ties keep the handreiking's order.
 */
const byRank = (a: RankedOption, b: RankedOption) => b.bestWeight - a.bestWeight || b.score - a.score;

/**
 * Walks the handreiking for one situation: the three steps in their order, the options of each ranked
 * for the intake, where to start, and the contacts and documents that apply.
 */
export function advise(knowledge: Knowledge, intake: Intake): Advice {
  const steps: AdviceStep[] = knowledge.steps.map((step) => {
    const options: RankedOption[] = [];
    const others: RankedOption[] = [];
    for (const option of knowledge.options.filter((o) => stepOf(o) === step.number)) {
      const exclusion = option.exclude.find((rule) => matches(rule.when, intake));
      if (exclusion) others.push(leftOut(option, exclusion.reason, intake));
      else options.push(rankOption(option, intake));
    }
    return {
      number: step.number,
      title: step.title,
      intro: step.intro,
      options: options.sort(byRank),
      others,
      skipped: step.skipWhen.some((c) => matches(c, intake)),
    };
  });

  const start = steps.find((s) => !s.skipped && s.options.length > 0) ?? steps[steps.length - 1];
  const startStep = start?.number ?? 3;
  // A skipped step still has first moves (no places here: look beyond the region, at other schools);
  // a later step comes after the earlier ones have been tried (the handreiking's step 3: "wanneer de
  // verschillende acties onvoldoende stages en leerbanen opleveren"), unless the situation calls for it.
  const highlights = steps
    .filter((s) => s.number !== startStep)
    .flatMap((s) => s.options.filter((o) => (s.number < startStep ? o.strong : o.calledFor)));

  // The start step's best options lead; its contact route comes first.
  const advised = [
    ...(start?.options.slice(0, 3) ?? []),
    ...highlights,
    ...steps.filter((s) => s.number > startStep).flatMap((s) => s.options.slice(0, 3)),
  ];
  const routeIds = unique(advised.map((o) => knowledge.optionsByKey.get(o.key)?.contact).filter(isDefined));
  for (const route of knowledge.contactRoutes.keys()) if (!routeIds.includes(route)) routeIds.push(route);
  const documentIds = unique(advised.flatMap((o) => knowledge.optionsByKey.get(o.key)?.documents ?? []));

  return {
    startStep,
    steps,
    highlights,
    contacts: routeIds.map((route) => resolveContact(knowledge, route, intake.sector)),
    documents: documentIds.map((id) => knowledge.documents.get(id)).filter(isDefined),
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
