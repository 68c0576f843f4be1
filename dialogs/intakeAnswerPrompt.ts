import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './framework';
import type { CardAction } from '../src/cards/actions';
import type { Intake, IntakeField } from '../src/domain/intake';
import type { Knowledge } from '../src/knowledge/load';
import type { DialogDeps } from './deps';
import { cardAttachment } from './interruptibleDialog';
import { getTurnInput } from './turnInput';

export type IntakeUpdate = Partial<Intake>;

export interface IntakePromptOptions {
  field: IntakeField;
}

interface PromptState {
  field: IntakeField;
}

const HINTS: Record<IntakeField, string> = {
  sector: 'Die sector herken ik niet. Kies er een in de lijst, of typ bijvoorbeeld "zorg", "horeca", "techniek" of "ict".',
  situations: 'Dat herken ik niet als situatie. Vink aan wat past, of typ bijvoorbeeld "geen stage", "werkt thuis" of "leerdoelen behaald maar uren niet".',
  places: 'Dat begrijp ik niet. Kies een antwoord, of typ "geen plekken", "te weinig" of "weet ik niet".',
  details: 'Dat begrijp ik niet. Typ bijvoorbeeld "bbl, niveau 2, ongeveer 12", of "overslaan".',
};

/**
 * Asks one intake question as a card and understands the answer from the card (validated action, from
 * Action.Execute invokes as well as Action.Submit messages) or typed Dutch. A typed message may answer
 * later questions too ("horeca, geen plekken"): those answers are kept. A wrong answer gets the card
 * again with a short hint, never a dead end. (botbuilder's Prompt ignores invokes, hence a Dialog.)
 */
export class IntakeAnswerPrompt extends Dialog<IntakePromptOptions> {
  constructor(
    id: string,
    private readonly deps: DialogDeps,
  ) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: IntakePromptOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('IntakeAnswerPrompt needs the field to ask');
    (dc.activeDialog?.state as PromptState).field = options.field;
    await this.ask(dc.context, options.field, false);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { field } = dc.activeDialog?.state as PromptState;
    const update = this.recognize(dc.context, field);
    if (update) return dc.endDialog(update);
    await this.ask(dc.context, field, true);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as PromptState).field, false);
  }

  private async ask(context: TurnContext, field: IntakeField, isRetry: boolean): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    const card = this.deps.views.intakeQuestion(field, profile.intake, isRetry ? HINTS[field] : '');
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  private recognize(context: TurnContext, field: IntakeField): IntakeUpdate | undefined {
    const input = getTurnInput(context);
    if (input.kind === 'action' && input.action.verb === 'intake.answer') return this.fromCard(input.action.answer);
    if (input.kind === 'text') return this.fromText(field, input.text);
    return undefined;
  }

  private fromCard(answer: CardAnswer): IntakeUpdate | undefined {
    return updateFromCard(this.deps.knowledge, answer);
  }

  private fromText(field: IntakeField, text: string): IntakeUpdate | undefined {
    const p = this.deps.parser;
    const extra = p.all(text, field === 'details' ? undefined : field);
    switch (field) {
      case 'sector':
        return extra.sector ? extra : undefined;
      case 'situations':
        return extra.situations ? extra : undefined;
      case 'places':
        return extra.places ? extra : undefined;
      case 'details': {
        if (p.isSkip(text)) return { detailsDone: true };
        const students = p.students(text);
        const details: IntakeUpdate = {
          ...(extra.leerweg ? { leerweg: extra.leerweg } : {}),
          ...(extra.niveau ? { niveau: extra.niveau } : {}),
          ...(students ? { students } : {}),
        };
        return Object.keys(details).length > 0 ? { ...details, detailsDone: true } : undefined;
      }
    }
  }
}

type CardAnswer = Extract<CardAction, { verb: 'intake.answer' }>['answer'];

/** A validated card answer as an intake update; undefined when it names something the knowledge does not have. */
export function updateFromCard(knowledge: Knowledge, answer: CardAnswer): IntakeUpdate | undefined {
  switch (answer.field) {
    case 'sector':
      return knowledge.sectors.some((s) => s.id === answer.sector) ? { sector: answer.sector } : undefined;
    case 'situations': {
      const known = answer.situations.filter((id) => knowledge.situations.some((s) => s.id === id));
      return known.length === answer.situations.length ? { situations: known } : undefined;
    }
    case 'places':
      return knowledge.places.some((p) => p.id === answer.places) ? { places: answer.places } : undefined;
    case 'details':
      return answer.skip
        ? { detailsDone: true }
        : {
            detailsDone: true,
            ...(answer.leerweg ? { leerweg: answer.leerweg } : {}),
            ...(answer.niveau ? { niveau: answer.niveau } : {}),
            ...(answer.students ? { students: answer.students } : {}),
          };
  }
}
