import { ActionTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from './framework';
import { fold } from '../src/common/text';
import { FORGET_DIALOG } from './dialogIds';
import { getTurnInput } from '../src/teams/turnInput';

/** Deletes everything the bot keeps about the user in this conversation (user and conversation state). */
export interface PrivacyDeps {
  erase(context: TurnContext): Promise<void>;
}

export const FORGET_CONFIRM =
  'Weet je het zeker? Ik wis dan alles wat ik van je bewaar: je antwoorden, je advies en je plannen. Dat kan ik niet terugdraaien. Typ "ja, wis alles" om te wissen of "nee" om niets te doen.';
export const FORGET_DONE = 'Klaar: ik heb je gegevens gewist. Als je me weer iets stuurt, beginnen we opnieuw.';
export const FORGET_CANCELLED = 'Oké, ik heb niets gewist. Typ "advies" of "start" om verder te gaan.';

/** A confirmation older than this no longer counts: a late "ja" must not wipe anything. */
const CONFIRM_WINDOW_MS = 10 * 60 * 1000;

interface ForgetState {
  askedAt: number;
}

/**
 * "wis mijn gegevens" (AVG): asks for confirmation (buttons or typed), then erases the user's state.
 * Anything but a timely "ja" cancels.
 */
export class ForgetDialog extends Dialog {
  constructor(
    private readonly privacy: PrivacyDeps,
    private readonly now: () => number = Date.now,
  ) {
    super(FORGET_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    (dc.activeDialog as { state: ForgetState }).state = { askedAt: this.now() };
    await dc.context.sendActivity(
      MessageFactory.suggestedActions(
        [
          { type: ActionTypes.ImBack, title: 'Ja, wis alles', value: 'ja, wis alles' },
          { type: ActionTypes.ImBack, title: 'Nee', value: 'nee' },
        ],
        FORGET_CONFIRM,
      ),
    );
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const input = getTurnInput(dc.context);
    const text = input.kind === 'text' ? fold(input.text) : '';
    const askedAt = (dc.activeDialog?.state as Partial<ForgetState> | undefined)?.askedAt ?? 0;
    const confirmed = /^(ja|jazeker|ja graag|zeker)\b/.test(text) && this.now() - askedAt <= CONFIRM_WINDOW_MS;
    if (!confirmed) {
      await dc.context.sendActivity(FORGET_CANCELLED);
      return dc.endDialog();
    }
    await this.privacy.erase(dc.context);
    await dc.context.sendActivity(FORGET_DONE);
    return dc.endDialog();
  }
}
