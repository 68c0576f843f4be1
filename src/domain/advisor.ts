import type { Knowledge } from '../knowledge/load';
import { stepOf } from '../knowledge/load';
import type { Condition, Document, Option } from '../knowledge/schema';
import { type ResolvedContact, resolveContact } from './contacts';
import type { Intake } from './intake';

/** A fit rule of this weight or more makes an option one of the first things to do. */
export const STRONG_WEIGHT = 3;

export interface RankedOption {
  key: string;
  step: 1 | 2 | 3;
  title: string;
  summary: string;
  /** One line: why this option fits this situation. */
  reason: string;
  /** 1 plus the weights of every fit rule that holds. */
  score: number;
  /** The weight of the strongest rule that holds (0 when none): a rule about the situation itself outranks many small ones. */
  bestWeight: number;
  strong: boolean;
}

export interface AdviceStep {
  number: 1 | 2 | 3;
  title: string;
  intro: string;
  /** Options that fit, best first. */
  options: RankedOption[];
  /** Options of this step that do not fit the situation now; still reachable. */
  others: RankedOption[];
  /** The situation says to start after this step (for example: no places at all). */
  skipped: boolean;
}

export interface Advice {
  startStep: 1 | 2 | 3;
  steps: AdviceStep[];
  /** Strong options in later steps, worth knowing about from the first card on. */
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

export function rankOption(option: Option, intake: Intake): RankedOption {
  const matched = option.fit.filter((rule) => matches(rule.when, intake));
  const best = matched.reduce<(typeof matched)[number] | undefined>((top, rule) => (!top || rule.weight > top.weight ? rule : top), undefined);
  return {
    key: option.key,
    step: stepOf(option),
    title: option.title,
    summary: option.summary,
    reason: best?.reason ?? option.defaultReason,
    score: 1 + matched.reduce((sum, rule) => sum + rule.weight, 0),
    bestWeight: best?.weight ?? 0,
    strong: (best?.weight ?? 0) >= STRONG_WEIGHT,
  };
}

/** Strongest matching rule first, then the total; Array.prototype.sort is stable, so ties keep the handreiking's order. */
const byRank = (a: RankedOption, b: RankedOption) => b.bestWeight - a.bestWeight || b.score - a.score;

/**
 * Walks the handreiking for one situation: the three steps in their order, the options of each ranked
 * for the intake, where to start, and the contacts and documents that apply.
 */
export function advise(knowledge: Knowledge, intake: Intake): Advice {
  const steps: AdviceStep[] = knowledge.steps.map((step) => {
    const own = knowledge.options.filter((o) => stepOf(o) === step.number);
    const fitting = own.filter((o) => !o.exclude.some((c) => matches(c, intake)));
    const excluded = own.filter((o) => !fitting.includes(o));
    return {
      number: step.number,
      title: step.title,
      intro: step.intro,
      options: fitting.map((o) => rankOption(o, intake)).sort(byRank),
      others: excluded.map((o) => rankOption(o, intake)),
      skipped: step.skipWhen.some((c) => matches(c, intake)),
    };
  });

  const start = steps.find((s) => !s.skipped && s.options.length > 0) ?? steps[steps.length - 1];
  const startStep = start?.number ?? 3;
  const highlights = steps
    .filter((s) => s.number > startStep)
    .flatMap((s) => s.options.filter((o) => o.strong));

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
