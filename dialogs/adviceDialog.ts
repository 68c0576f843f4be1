import { type DialogContext, type DialogTurnResult, DialogTurnStatus, WaterfallDialog } from './framework';
import type { TurnContext } from 'botbuilder';
import { advise } from '../src/domain/advisor';
import { resolveContact } from '../src/domain/contacts';
import type { DialogDeps } from './deps';
import { ADVICE_DIALOG } from './dialogIds';
import { type ChildResult, InterruptibleDialog } from './interruptibleDialog';
import { sendCard } from '../src/teams/replies';
import { getTurnInput, setCardUpdate } from '../src/teams/turnInput';
import { answerVerdict, verdictOf } from './understanding';

export interface AdviceDialogOptions {
  step?: 1 | 2 | 3;
}

/**
 * The advice walk: shows one step of the handreiking for the coordinator's situation and waits.
 * "nee"/"volgende" goes to the next step, "ja"/"genoeg" closes, a number opens that option's detail
 * (the words are in knowledge/commands.yaml). A question, small talk or "is dit nog actueel?" is
 * answered and the walk stays where it was; a thank-you closes it; a new advice request ends it and
 * goes back to the main dialog.
 */
export class AdviceDialog extends InterruptibleDialog {
  constructor(deps: DialogDeps) {
    super(ADVICE_DIALOG, deps);
    // ComponentDialog needs an inner dialog; the walk itself lives in onBegin/onContinue.
    this.addDialog(new WaterfallDialog('adviceIdle', []));
  }

  override async onBeginDialog(innerDc: DialogContext, options?: AdviceDialogOptions): Promise<DialogTurnResult> {
    await this.show(innerDc.context, options?.step);
    return { status: DialogTurnStatus.waiting };
  }

  protected override async continueChild(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const input = getTurnInput(context);
    const verdict = verdictOf(context, this.deps.understanding, { where: 'personal', during: 'advice' });
    if (input.kind !== 'text' || !verdict) return { status: DialogTurnStatus.waiting };
    const profile = await this.deps.profiles.get(context);
    const current = profile.lastStep ?? 1;
    const command = verdict.kind === 'command' ? verdict.command : undefined;
    switch (command?.name) {
      case 'next-step':
      case 'show-step': {
        const step = command.name === 'show-step' ? command.step : current < 3 ? ((current + 1) as 2 | 3) : undefined;
        if (!step) {
          await context.sendActivity(
            'Dit was de laatste stap van de handreiking. Typ "contact" om een adviseur te vragen, of "advies" om het overzicht nog eens te zien.',
          );
          return { status: DialogTurnStatus.waiting };
        }
        await this.show(context, step);
        return { status: DialogTurnStatus.waiting };
      }
      case 'enough':
        await sendEnough(context);
        return { status: DialogTurnStatus.complete, result: { kind: 'done' } satisfies ChildResult };
      case 'show-option': {
        const advice = advise(this.deps.knowledge, profile.intake);
        const ranked = advice.steps.find((s) => s.number === current)?.options[command.number - 1];
        const option = ranked ? this.deps.knowledge.optionsByKey.get(ranked.key) : undefined;
        if (option) {
          const contact = resolveContact(this.deps.knowledge, option.contact, profile.intake.sector);
          await sendCard(context, this.deps.views.optionDetail(option, profile.intake.sector, contact, true));
          this.deps.insights.forTurn(context).opened(option.key);
          return { status: DialogTurnStatus.waiting };
        }
        break;
      }
      default:
        break;
    }
    if (verdict.kind === 'small-talk' && verdict.intent.id === 'thanks') {
      await answerVerdict(context, this.deps.understanding, verdict);
      return { status: DialogTurnStatus.complete, result: { kind: 'done' } satisfies ChildResult };
    }
    if (
      verdict.kind !== 'advice' &&
      verdict.kind !== 'command' &&
      (await answerVerdict(context, this.deps.understanding, verdict, profile.intake.sector))
    ) {
      return { status: DialogTurnStatus.waiting };
    }
    return {
      status: DialogTurnStatus.complete,
      result: { kind: 'unhandled-text', text: input.text } satisfies ChildResult,
    };
  }

  /** Shows a step of the advice (the start step when none is given); replaces the pressed card where possible. */
  private async show(context: TurnContext, requested?: 1 | 2 | 3): Promise<1 | 2 | 3> {
    const profile = await this.deps.profiles.get(context);
    const advice = advise(this.deps.knowledge, profile.intake);
    const step = requested ?? advice.startStep;
    const card = this.deps.views.adviceStep(advice, step, profile.intake);
    this.deps.insights
      .forTurn(context)
      .advised(step, advice.steps.find((s) => s.number === step)?.options.map((o) => o.key) ?? []);
    await this.deps.profiles.update(context, (p) => ({ ...p, lastStep: step }));
    const input = getTurnInput(context);
    // "Nee, toon stap 2" on an advice card turns that card into step 2; otherwise a new card.
    if (input.kind === 'action' && input.action.verb === 'advice.step') setCardUpdate(context, card);
    else await sendCard(context, card);
    return step;
  }
}

export async function sendEnough(context: TurnContext): Promise<void> {
  await context.sendActivity(
    'Fijn, succes ermee! Je advies blijft bewaard: typ "advies" om het terug te zien, "wijzig sector" om één antwoord aan te passen of "contact" als je wilt sparren.',
  );
}
