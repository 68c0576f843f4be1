import { ComponentDialog, type DialogContext, type DialogTurnResult, DialogTurnStatus } from './framework';
import type { DialogDeps } from './deps';
import { ADVICE_DIALOG } from './dialogIds';
import { verdictOf } from './understanding';
import { sendCard } from '../src/teams/replies';

/** How a child dialog ended, for the main dialog to act on ("done": it already said goodbye). */
export type ChildResult =
  | { kind: 'intake-done' }
  | { kind: 'stopped' }
  | { kind: 'done' }
  | { kind: 'restart' }
  | { kind: 'unhandled-text'; text: string };

/**
 * Base class for the conversation's child dialogs (after core-bot's CancelAndHelpDialog): "help" shows
 * help and keeps the dialog where it was, "stop" ends it, "opnieuw" ends it asking for a fresh intake.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected constructor(
    id: string,
    protected readonly deps: DialogDeps,
  ) {
    super(id);
  }

  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? this.continueChild(innerDc);
  }

  /** The dialog's own handling of a turn that was no interruption; by default the inner dialogs run. */
  protected continueChild(innerDc: DialogContext): Promise<DialogTurnResult> {
    return super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const during = this.id === ADVICE_DIALOG ? 'advice' : 'intake';
    const verdict = verdictOf(innerDc.context, this.deps.understanding, { where: 'personal', during });
    switch (verdict?.kind === 'command' ? verdict.command.name : undefined) {
      case 'help': {
        const profile = await this.deps.profiles.get(innerDc.context);
        await sendCard(
          innerDc.context,
          this.deps.views.help({ inIntake: this.id !== ADVICE_DIALOG, hasAdvice: profile.lastStep !== undefined }),
        );
        return { status: DialogTurnStatus.waiting };
      }
      case 'stop':
        await innerDc.cancelAllDialogs();
        // A non-waiting result makes ComponentDialog end this dialog and hand the result to the parent.
        return { status: DialogTurnStatus.complete, result: { kind: 'stopped' } satisfies ChildResult };
      case 'restart':
        await innerDc.cancelAllDialogs();
        return { status: DialogTurnStatus.complete, result: { kind: 'restart' } satisfies ChildResult };
      default:
        return undefined;
    }
  }
}
