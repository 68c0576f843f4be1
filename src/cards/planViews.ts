import { type Plan, type PlanStatus, type Plans, PLAN_STATUSES, STATUS_LABELS, orderedItems } from '../domain/plan';
import type { Knowledge } from '../knowledge/load';
import type { AdaptiveCardJson, CardRenderer } from './render';
import { cardSafe } from './userText';

const STATUS_BUTTONS: Record<PlanStatus, string> = {
  'te-doen': 'Nog te doen',
  bezig: 'Ik ben bezig',
  gedaan: 'Gedaan',
};

/** Card data for "mijn bpv-plan". Pure: no botbuilder. */
export class PlanViews {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly renderer: CardRenderer,
  ) {}

  titleOf = (key: string): string | undefined => this.knowledge.optionsByKey.get(key)?.title;

  plan(plans: Plans, plan: Plan, message = ''): AdaptiveCardJson {
    const counts = PLAN_STATUSES.map((s) => ({ s, n: plan.items.filter((i) => i.status === s).length })).filter(
      (c) => c.n > 0,
    );
    return this.renderer.render('plan', {
      planId: plan.id,
      name: cardSafe(plan.name),
      message: cardSafe(message),
      empty: plan.items.length === 0,
      countsText:
        plan.items.length === 0
          ? 'Nog geen oplossingen.'
          : `${plan.items.length} oplossing${plan.items.length === 1 ? '' : 'en'}: ${counts.map((c) => `${c.n} ${STATUS_LABELS[c.s]}`).join(', ')}.`,
      items: orderedItems(plan).map((item) => ({
        planId: plan.id,
        key: item.key,
        title: this.titleOf(item.key) ?? `Oplossing ${item.key}`,
        statusLabel: STATUS_LABELS[item.status],
        note: cardSafe(item.note),
        statusActions: PLAN_STATUSES.filter((s) => s !== item.status).map((status) => ({
          planId: plan.id,
          key: item.key,
          status,
          title: STATUS_BUTTONS[status],
        })),
      })),
      others: plans.plans.filter((p) => p.id !== plan.id).map((p) => ({ id: p.id, name: p.name })),
    });
  }

  note(plan: Plan, key: string): AdaptiveCardJson {
    const item = plan.items.find((i) => i.key === key);
    return this.renderer.render('plan-note', {
      planId: plan.id,
      planName: cardSafe(plan.name),
      key,
      title: this.titleOf(key) ?? `Oplossing ${key}`,
      statusLabel: STATUS_LABELS[item?.status ?? 'te-doen'],
      note: item?.note ?? '',
    });
  }
}
