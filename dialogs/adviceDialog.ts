import { type DialogContext, type DialogTurnResult, DialogTurnStatus, WaterfallDialog } from './framework';
import type { TurnContext } from 'botbuilder';
import { advise } from '../src/domain/advisor';
import { resolveContact } from '../src/domain/contacts';
import { fold } from '../src/domain/text';
import type { DialogDeps } from './deps';
import { ADVICE_DIALOG } from './dialogIds';
import { type ChildResult, InterruptibleDialog, cardAttachment } from './interruptibleDialog';
import { getTurnInput, setCardUpdate } from './turnInput';

export interface AdviceDialogOptions {
  step?: 1 | 2 | 3;
}

const NEXT = ['nee', 'nee hoor', 'niet genoeg', 'volgende', 'volgende stap', 'verder', 'meer', 'door', 'ga door', 'nee toon volgende stap'];
const ENOUGH = ['ja', 'ja hoor', 'genoeg', 'dit is genoeg', 'klaar', 'top', 'dank', 'dank je', 'bedankt', 'dankjewel', 'prima', 'ok', 'oke'];

/**
 * The advice walk: shows one step of the handreiking for the coordinator's situation and waits.
 * "nee"/"volgende" goes to the next step, "ja"/"genoeg" closes, a number opens that option's detail.
 * Anything else ends the walk and goes back to the main dialog (a free question, say).
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
    const input = getTurnInput(innerDc.context);
    if (input.kind !== 'text') return { status: DialogTurnStatus.waiting };
    const text = fold(input.text);
    const profile = await this.deps.profiles.get(innerDc.context);
    const current = profile.lastStep ?? 1;
    if (NEXT.includes(text) || /^stap [123]$/.test(text)) {
      const target = /^stap ([123])$/.exec(text)?.[1];
      const step = target ? (Number(target) as 1 | 2 | 3) : current < 3 ? ((current + 1) as 2 | 3) : undefined;
      if (!step) {
        await innerDc.context.sendActivity('Dit was de laatste stap van de handreiking. Typ "contact" om een adviseur te vragen, of "advies" om het overzicht nog eens te zien.');
        return { status: DialogTurnStatus.waiting };
      }
      await this.show(innerDc.context, step);
      return { status: DialogTurnStatus.waiting };
    }
    if (ENOUGH.includes(text)) {
      await sendEnough(innerDc.context);
      return { status: DialogTurnStatus.complete, result: { kind: 'stopped' } satisfies ChildResult };
    }
    const number = /^(?:details?\s+|optie\s+)?(\d{1,2})$/.exec(text)?.[1];
    if (number) {
      const advice = advise(this.deps.knowledge, profile.intake);
      const ranked = advice.steps.find((s) => s.number === current)?.options[Number(number) - 1];
      const option = ranked ? this.deps.knowledge.optionsByKey.get(ranked.key) : undefined;
      if (option) {
        const contact = resolveContact(this.deps.knowledge, option.contact, profile.intake.sector);
        await innerDc.context.sendActivity({ attachments: [cardAttachment(this.deps.views.optionDetail(option, profile.intake.sector, contact, true))] });
        return { status: DialogTurnStatus.waiting };
      }
    }
    return { status: DialogTurnStatus.complete, result: { kind: 'unhandled-text', text: input.text } satisfies ChildResult };
  }

  /** Shows a step of the advice (the start step when none is given); replaces the pressed card where possible. */
  private async show(context: TurnContext, requested?: 1 | 2 | 3): Promise<1 | 2 | 3> {
    const profile = await this.deps.profiles.get(context);
    const advice = advise(this.deps.knowledge, profile.intake);
    const step = requested ?? advice.startStep;
    const card = this.deps.views.adviceStep(advice, step, profile.intake);
    this.deps.coordinator?.insights?.forTurn(context).advised(advice.steps.find((s) => s.number === step)?.options.map((o) => o.key) ?? []);
    await this.deps.profiles.update(context, (p) => ({ ...p, lastStep: step }));
    const input = getTurnInput(context);
    // "Nee, toon stap 2" on an advice card turns that card into step 2; otherwise a new card.
    if (input.kind === 'action' && input.action.verb === 'advice.step') setCardUpdate(context, card);
    else await context.sendActivity({ attachments: [cardAttachment(card)] });
    return step;
  }
}

export async function sendEnough(context: TurnContext): Promise<void> {
  await context.sendActivity(
    'Fijn, succes ermee! Je advies blijft bewaard: typ "advies" om het terug te zien, "wijzig sector" om één antwoord aan te passen of "contact" als je wilt sparren.',
  );
}
