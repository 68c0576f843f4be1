import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { type CardAction, parseCardAction } from '../cards/actions';
import type { Logger } from '../host/logger';
import { pseudonym } from '../host/logger';
import type { MainDialog } from '../../dialogs/mainDialog';
import { getCardUpdate, setTurnInput, type TurnInput } from './turnInput';

/** Handles a turn outside personal chat (channels and group chats), e.g. the quick-question engine. */
export interface GroupHandler {
  onMention(context: TurnContext, text: string): Promise<void>;
  /** A card action pressed outside personal chat (e.g. "ik pak dit op" in the advisers' channel); true when handled. */
  onAction?(context: TurnContext, action: CardAction): Promise<boolean>;
}

/** Answers the messaging extension's search command (composeExtension/query). */
export interface ComposeSearchHandler {
  query(context: TurnContext, query: MessagingExtensionQuery): MessagingExtensionResponse | Promise<MessagingExtensionResponse>;
}

const MAX_TEXT = 2_000;

/**
 * The Teams edge: turns activities into a `TurnInput` (validated card action or text without the bot's
 * mention), runs the main dialog in personal chat and answers Action.Execute invokes with the updated
 * card. Loading and saving state is the turn pipeline's (src/host/turnPipeline.ts).
 */
export class BpvBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    conversationState: ConversationState,
    private readonly mainDialog: MainDialog,
    private readonly logger: Logger,
    private readonly group?: GroupHandler,
    private readonly composeSearch?: ComposeSearchHandler,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');

    this.onMessage(async (context, next) => {
      const started = Date.now();
      const input = classifyMessage(context);
      setTurnInput(context, input);
      if (isPersonal(context)) {
        await this.mainDialog.run(context, this.dialogState);
        await this.applyCardUpdate(context);
      } else if (input.kind === 'text') {
        if (this.group) await this.group.onMention(context, input.text);
        else await context.sendActivity('Ik werk nu alleen in een persoonlijke chat. Open een chat met mij om je situatie door te lopen.');
      } else if (input.kind === 'action' && this.group?.onAction) {
        await this.group.onAction(context, input.action);
      }
      this.logTurn(context, input, started);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      if (botAdded && isPersonal(context)) await this.mainDialog.sendWelcome(context);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const started = Date.now();
    const parsed = parseCardAction(value.action?.verb, value.action?.data);
    const input: TurnInput = parsed.ok ? { kind: 'action', action: parsed.action, via: 'execute' } : { kind: 'invalid-action', via: 'execute' };
    setTurnInput(context, input);
    if (isPersonal(context)) {
      await this.mainDialog.run(context, this.dialogState);
    } else if (!(parsed.ok && this.group?.onAction && (await this.group.onAction(context, parsed.action)))) {
      await context.sendActivity('Deze knop werkt in een persoonlijke chat met mij.');
    }
    this.logTurn(context, input, started);
    const card = getCardUpdate(context);
    return card
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card }
      : messageResponse(parsed.ok ? 'Verwerkt' : 'Deze knop kan ik niet verwerken.');
  }

  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    if (!this.composeSearch) return super.handleTeamsMessagingExtensionQuery(context, query);
    return this.composeSearch.query(context, query);
  }

  /** Action.Submit has no response card: replace the pressed card by updating its message. */
  private async applyCardUpdate(context: TurnContext): Promise<void> {
    const card = getCardUpdate(context);
    const replyToId = context.activity.replyToId;
    if (!card || !replyToId) return;
    await context
      .updateActivity({
        id: replyToId,
        type: 'message',
        conversation: context.activity.conversation,
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
      })
      .catch((err: unknown) => this.logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'card update failed'));
  }

  private logTurn(context: TurnContext, input: TurnInput, started: number): void {
    this.logger.info(
      {
        activityType: context.activity.type,
        conversationType: context.activity.conversation?.conversationType ?? 'personal',
        conversation: pseudonym(context.activity.conversation?.id),
        input: input.kind,
        ...(input.kind === 'action' ? { verb: input.action.verb, via: input.via } : {}),
        ms: Date.now() - started,
      },
      'turn',
    );
  }
}

export function isPersonal(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}

/** Text without the bot's @mention (and `<at>` leftovers), trimmed and capped. */
export function questionText(context: TurnContext): string {
  const withoutMention = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return withoutMention
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
}

function classifyMessage(context: TurnContext): TurnInput {
  const value: unknown = context.activity.value;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'verb' in value) {
    const { verb, ...data } = value as { verb: unknown } & Record<string, unknown>;
    const parsed = parseCardAction(verb, data);
    return parsed.ok ? { kind: 'action', action: parsed.action, via: 'submit' } : { kind: 'invalid-action', via: 'submit' };
  }
  if (value !== undefined && value !== null && !context.activity.text) return { kind: 'invalid-action', via: 'submit' };
  return { kind: 'text', text: questionText(context) };
}

/** Universal Actions' message response carries a string; botbuilder's type only allows an object. */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
}
