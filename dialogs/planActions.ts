import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../src/cards/actions';
import { handreikingSource } from '../src/cards/attribution';
import type { PlanViews } from '../src/cards/planViews';
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
} from '../src/domain/plan';
import type { DialogDeps } from './deps';
import { cardAttachment } from './interruptibleDialog';
import { setCardUpdate } from './turnInput';

export type PlanAction = Extract<CardAction, { verb: `plan.${string}` }>;

/**
 * "Mijn bpv-plan" in the personal chat: adding options from advice and detail cards, status and note
 * changes on the plan card (the card is replaced in place), several named plans, and a plain-text export.
 */
export class PlanActions {
  constructor(
    private readonly deps: DialogDeps,
    private readonly views: PlanViews,
  ) {}

  async handle(context: TurnContext, action: PlanAction): Promise<void> {
    switch (action.verb) {
      case 'plan.add':
        await this.add(context, action.key, action.planId);
        return;
      case 'plan.show': {
        const plans = await this.plans(context);
        const plan = findPlan(plans, action.planId);
        if (!plan) await this.show(context);
        else setCardUpdate(context, this.views.plan(plans, plan));
        return;
      }
      case 'plan.status':
        await this.change(context, action.planId, (p) => setStatus(p, action.planId, action.key, action.status), `"${this.title(action.key)}" staat nu op "${STATUS_LABELS[action.status]}".`);
        return;
      case 'plan.edit': {
        const plan = findPlan(await this.plans(context), action.planId);
        if (!plan || !plan.items.some((i) => i.key === action.key)) {
          await this.gone(context);
          return;
        }
        setCardUpdate(context, this.views.note(plan, action.key));
        return;
      }
      case 'plan.note':
        await this.change(context, action.planId, (p) => setNote(p, action.planId, action.key, action.note), action.note ? 'Notitie bewaard.' : 'Notitie gewist.');
        return;
      case 'plan.remove':
        await this.change(context, action.planId, (p) => removeOption(p, action.planId, action.key), `"${this.title(action.key)}" is uit het plan gehaald.`);
        return;
      case 'plan.select':
        await this.change(context, action.planId, (p) => selectPlan(p, action.planId), 'Dit is nu je actieve plan: nieuwe oplossingen komen hierin.');
        return;
      case 'plan.new':
        await this.create(context, action.name, true);
        return;
      case 'plan.export':
        await this.exportPlan(context, action.planId);
        return;
    }
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
    await context.sendActivity({ attachments: [cardAttachment(this.views.plan(plans, plan))] });
  }

  /** "nieuw plan bbl zorg 2026" typed, or the card's "Nieuw plan". */
  async create(context: TurnContext, name: string, fromCard = false): Promise<void> {
    const { plans, plan, result } = createPlan(await this.plans(context), name);
    if (result === 'full' || !plan) {
      await context.sendActivity('Je hebt al het maximum aantal plannen. Gebruik een bestaand plan of haal er eerst een weg.');
      return;
    }
    await this.save(context, plans);
    const message = result === 'created' ? `Plan "${plan.name}" gemaakt; nieuwe oplossingen komen hierin.` : `Je had al een plan "${plan.name}"; dat is nu je actieve plan.`;
    const card = this.views.plan(plans, plan, message);
    if (fromCard) setCardUpdate(context, card);
    else await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  async exportPlan(context: TurnContext, planId?: string): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    const plan = findPlan(profile.plans, planId);
    if (!plan) {
      await context.sendActivity('Er is nog geen plan om te exporteren.');
      return;
    }
    const text = exportPlanText(plan, this.views.titleOf, {
      situation: this.deps.views.situationLine(profile.intake) || undefined,
      date: new Date().toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }),
      source: `Bron: ${handreikingSource(this.deps.knowledge)}. ${this.deps.knowledge.notice.short}`,
    });
    await context.sendActivity('Hieronder staat je plan als tekst. Kopieer het naar een mail of document.');
    await context.sendActivity({ type: 'message', text, textFormat: 'plain' });
  }

  private async add(context: TurnContext, key: string, planId?: string): Promise<void> {
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
    if (result === 'added') this.deps.coordinator?.insights?.forTurn(context).planned(key);
  }

  private async change(context: TurnContext, planId: string, op: (plans: Plans) => { plans: Plans; plan?: Plan; result: string }, message: string): Promise<void> {
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
