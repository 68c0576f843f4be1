import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './framework';
import type { CardAction } from '../src/cards/actions';
import type { Intake, IntakeField } from '../src/domain/intake';
import type { Knowledge } from '../src/knowledge/load';
import type { DialogDeps } from './deps';
import { sendCard } from '../src/teams/replies';
import { getTurnInput } from '../src/teams/turnInput';
import { answerVerdict, verdictOf } from './understanding';

export type IntakeUpdate = Partial<Intake>;

export interface IntakePromptOptions {
  field: IntakeField;
}

interface PromptState {
  field: IntakeField;
}

const HINTS: Record<IntakeField, string> = {
  sector:
    'Die sector herken ik niet. Kies er een in de lijst, of typ bijvoorbeeld "zorg", "horeca", "techniek" of "ict".',
  situations:
    'Dat herken ik niet als situatie. Vink aan wat past, of typ bijvoorbeeld "geen stage", "werkt thuis" of "leerdoelen behaald maar uren niet".',
  places: 'Dat begrijp ik niet. Kies een antwoord, of typ "geen plekken", "te weinig" of "weet ik niet".',
  details: 'Dat begrijp ik niet. Typ bijvoorbeeld "bbl, niveau 2, ongeveer 12", of "overslaan".',
};

/**
 * Asks one intake question as a card and understands the answer from the card (validated action, from
 * Action.Execute invokes as well as Action.Submit messages) or typed Dutch, read by the interpreter. A
 * typed message may answer later questions too ("horeca, geen plekken"): those answers are kept. A
 * typed question, small talk or "is dit nog actueel?" is answered, and the question asked again. A
 * wrong answer gets the card again with a short hint, never a dead end. (botbuilder's Prompt ignores
 * invokes, hence a Dialog.)
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
    const { context } = dc;
    const input = getTurnInput(context);
    if (input.kind === 'action' && input.action.verb === 'intake.answer') {
      const update = updateFromCard(this.deps.knowledge, input.action.answer);
      if (update) return dc.endDialog(update);
    }
    const verdict =
      input.kind === 'text'
        ? verdictOf(context, this.deps.understanding, { where: 'personal', during: 'intake', asking: field })
        : undefined;
    switch (verdict?.kind) {
      case 'intake-answer':
        return dc.endDialog(verdict.update);
      case 'advice':
        // More about the situation than was asked: keep it, and ask what is still missing.
        if (Object.keys(verdict.intake).length > 0) return dc.endDialog(verdict.intake);
        break;
      case 'question':
      case 'clarify':
      case 'notice':
      case 'small-talk':
      case 'out-of-scope': {
        // Answered, then the intake goes on where it was; an unsure guess is most likely a failed answer.
        const answered =
          (verdict.kind !== 'question' || verdict.answer.confident) &&
          (verdict.kind !== 'out-of-scope' || verdict.topic !== undefined);
        if (answered) {
          const { intake } = await this.deps.profiles.get(context);
          await answerVerdict(context, this.deps.understanding, verdict, intake.sector);
          await this.ask(context, field, false);
          return Dialog.EndOfTurn;
        }
        break;
      }
      default:
        break;
    }
    await this.ask(context, field, true);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as PromptState).field, false);
  }

  private async ask(context: TurnContext, field: IntakeField, isRetry: boolean): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    const card = this.deps.views.intakeQuestion(field, profile.intake, isRetry ? HINTS[field] : '');
    await sendCard(context, card);
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
