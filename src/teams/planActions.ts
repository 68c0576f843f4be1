import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';
import { handreikingSource } from '../cards/attribution';
import type { PlanViews } from '../cards/planViews';
import {
  type Plan,
  type Plans,
  STATUS_LABELS,
  addOption,
  createPlan,
  exportPlanText,
  findPlan,
  removeOption,
  selectPlan,
  setNote,
  setStatus,
} from '../domain/plan';
import type { CardViews } from '../cards/views';
import type { Knowledge } from '../knowledge/load';
import type { TurnInsights } from './insightsActions';
import type { ProfileStore } from './profileStore';
import { sendCard } from './replies';
import { setCardUpdate } from './turnInput';

/** The data of a plan verb's card action. */
type PlanAction<V extends `plan.${string}`> = Extract<CardAction, { verb: V }>;

/**
 * "Mijn bpv-plan" in the personal chat: adding options from advice and detail cards, status and note
 * changes on the plan card (the card is replaced in place), several named plans, and a plain-text export.
 */
export class PlanActions {
  constructor(
    private readonly deps: {
      knowledge: Knowledge;
      views: CardViews;
      profiles: ProfileStore;
      insights: Pick<TurnInsights, 'forTurn'>;
    },
    private readonly views: PlanViews,
  ) {}

  /** "Zet in mijn plan" on an advice or detail card. */
  async add(context: TurnContext, { key, planId }: PlanAction<'plan.add'>): Promise<void> {
    const title = this.views.titleOf(key);
    if (!title) {
      await context.sendActivity('Die oplossing ken ik niet (meer).');
      return;
    }
    const { plans, plan, result } = addOption(await this.plans(context), key, planId);
    await this.save(context, plans);
    const name = plan ? `"${plan.name}"` : 'je plan';
    const lines: Record<typeof result, string> = {
      added: `"${title}" staat nu in ${name}. Typ "mijn plan" om je plan te zien en bij te houden.`,
      exists: `"${title}" stond al in ${name}. Typ "mijn plan" om het te bekijken.`,
      full: `${name} is vol. Haal eerst een oplossing weg of maak een nieuw plan.`,
      unknown: 'Dat plan bestaat niet meer. Typ "mijn plan" om je plannen te zien.',
    };
    await context.sendActivity(lines[result]);
    if (result === 'added') this.deps.insights.forTurn(context).planned(key);
  }

  /** A plan chosen on the plan card: shown in place of the card. */
  async showOnCard(context: TurnContext, { planId }: PlanAction<'plan.show'>): Promise<void> {
    const plans = await this.plans(context);
    const plan = findPlan(plans, planId);
    if (!plan) await this.show(context);
    else setCardUpdate(context, this.views.plan(plans, plan));
  }

  async setStatus(context: TurnContext, { planId, key, status }: PlanAction<'plan.status'>): Promise<void> {
    const message = `"${this.title(key)}" staat nu op "${STATUS_LABELS[status]}".`;
    await this.change(context, planId, (p) => setStatus(p, planId, key, status), message);
  }

  /** "Notitie" on an item: the card turns into the note form. */
  async editNote(context: TurnContext, { planId, key }: PlanAction<'plan.edit'>): Promise<void> {
    const plan = findPlan(await this.plans(context), planId);
    if (!plan || !plan.items.some((i) => i.key === key)) {
      await this.gone(context);
      return;
    }
    setCardUpdate(context, this.views.note(plan, key));
  }

  async saveNote(context: TurnContext, { planId, key, note }: PlanAction<'plan.note'>): Promise<void> {
    await this.change(
      context,
      planId,
      (p) => setNote(p, planId, key, note),
      note ? 'Notitie bewaard.' : 'Notitie gewist.',
    );
  }

  async remove(context: TurnContext, { planId, key }: PlanAction<'plan.remove'>): Promise<void> {
    await this.change(
      context,
      planId,
      (p) => removeOption(p, planId, key),
      `"${this.title(key)}" is uit het plan gehaald.`,
    );
  }

  async select(context: TurnContext, { planId }: PlanAction<'plan.select'>): Promise<void> {
    await this.change(
      context,
      planId,
      (p) => selectPlan(p, planId),
      'Dit is nu je actieve plan: nieuwe oplossingen komen hierin.',
    );
  }

  /** "mijn plan": the active plan as a new card. */
  async show(context: TurnContext): Promise<void> {
    const plans = await this.plans(context);
    const plan = findPlan(plans, undefined);
    if (!plan) {
      await context.sendActivity(
        'Je hebt nog geen plan. Tik in je advies op een oplossing en kies "Zet in mijn plan", of typ "nieuw plan" met een naam erachter.',
      );
      return;
    }
    await sendCard(context, this.views.plan(plans, plan));
  }

  /** "nieuw plan bbl zorg 2026" typed, or the card's "Nieuw plan" (then the card shows the new plan). */
  async create(context: TurnContext, name: string, fromCard = false): Promise<void> {
    const { plans, plan, result } = createPlan(await this.plans(context), name);
    if (result === 'full' || !plan) {
      await context.sendActivity(
        'Je hebt al het maximum aantal plannen. Gebruik een bestaand plan of haal er eerst een weg.',
      );
      return;
    }
    await this.save(context, plans);
    const message =
      result === 'created'
        ? `Plan "${plan.name}" gemaakt; nieuwe oplossingen komen hierin.`
        : `Je had al een plan "${plan.name}"; dat is nu je actieve plan.`;
    const card = this.views.plan(plans, plan, message);
    if (fromCard) setCardUpdate(context, card);
    else await sendCard(context, card);
  }

  /** "exporteer plan" typed, or "Exporteer als tekst" on the plan card: the plan as plain text. */
  async exportPlan(context: TurnContext, planId?: string): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    const plan = findPlan(profile.plans, planId);
    if (!plan) {
      await context.sendActivity('Er is nog geen plan om te exporteren.');
      return;
    }
    const text = exportPlanText(plan, this.views.titleOf, {
      situation: this.deps.views.situationLine(profile.intake) || undefined,
      date: new Date().toLocaleDateString('nl-NL', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/Amsterdam',
      }),
      source: `Bron: ${handreikingSource(this.deps.knowledge)}. ${this.deps.knowledge.notice.short}`,
    });
    await context.sendActivity('Hieronder staat je plan als tekst. Kopieer het naar een mail of document.');
    await context.sendActivity({ type: 'message', text, textFormat: 'plain' });
  }

  private async change(
    context: TurnContext,
    planId: string,
    op: (plans: Plans) => { plans: Plans; plan?: Plan; result: string },
    message: string,
  ): Promise<void> {
    const { plans, plan, result } = op(await this.plans(context));
    if (result === 'unknown' || !plan) {
      await this.gone(context);
      return;
    }
    await this.save(context, plans);
    const shown = findPlan(plans, planId) ?? plan;
    setCardUpdate(context, this.views.plan(plans, shown, message));
  }

  /** The option's title for a message, or "Oplossing 1.3" for a key the knowledge no longer has. */
  private title(key: string): string {
    return this.views.titleOf(key) ?? `Oplossing ${key}`;
  }

  private async gone(context: TurnContext): Promise<void> {
    await context.sendActivity('Dit onderdeel staat niet (meer) in je plan. Typ "mijn plan" voor de nieuwste stand.');
  }

  private async plans(context: TurnContext): Promise<Plans> {
    return (await this.deps.profiles.get(context)).plans;
  }

  private async save(context: TurnContext, plans: Plans): Promise<void> {
    await this.deps.profiles.update(context, (p) => ({ ...p, plans }));
  }
}
