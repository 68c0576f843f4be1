import type { TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import type { CardAction } from '../src/cards/actions';
import type { Intake, IntakeField } from '../src/domain/intake';
import type { Knowledge } from '../src/knowledge/load';
import type { DialogDeps } from './deps';
import { cardAttachment } from './interruptibleDialog';
import { getTurnInput } from './turnInput';

export type IntakeUpdate = Partial<Intake>;

export interface IntakePromptOptions extends PromptOptions {
  validations: { field: IntakeField };
}

const HINTS: Record<IntakeField, string> = {
  sector: 'Die sector herken ik niet. Kies er een in de lijst, of typ bijvoorbeeld "zorg", "horeca", "techniek" of "ict".',
  situations: 'Dat herken ik niet als situatie. Vink aan wat past, of typ bijvoorbeeld "geen stage", "werkt thuis" of "leerdoelen behaald maar uren niet".',
  places: 'Dat begrijp ik niet. Kies een antwoord, of typ "geen plekken", "te weinig" of "weet ik niet".',
  details: 'Dat begrijp ik niet. Typ bijvoorbeeld "bbl, niveau 2, ongeveer 12", of "overslaan".',
};

/**
 * Asks one intake question as a card and understands the answer from the card (validated action) or
 * typed Dutch. A typed message may answer later questions too ("horeca, geen plekken"): those answers
 * are kept. A wrong answer gets the card again with a short hint, never a dead end.
 */
export class IntakeAnswerPrompt extends Prompt<IntakeUpdate> {
  constructor(
    id: string,
    private readonly deps: DialogDeps,
  ) {
    super(id);
  }

  protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const field = (options as IntakePromptOptions).validations.field;
    const profile = await this.deps.profiles.get(context);
    const card = this.deps.views.intakeQuestion(field, profile.intake, isRetry ? HINTS[field] : '');
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  protected async onRecognize(context: TurnContext, _state: object, options: PromptOptions): Promise<PromptRecognizerResult<IntakeUpdate>> {
    const field = (options as IntakePromptOptions).validations.field;
    const input = getTurnInput(context);
    const update =
      input.kind === 'action' && input.action.verb === 'intake.answer'
        ? this.fromCard(input.action.answer)
        : input.kind === 'text'
          ? this.fromText(field, input.text)
          : undefined;
    return update ? { succeeded: true, value: update } : { succeeded: false };
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
