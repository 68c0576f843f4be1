import {
  type ConversationState,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { type CardAction, parseCardAction } from '../cards/actions';
import { cardInvokeResponse, messageInvokeResponse } from '../host/invokeResponse';
import type { Logger } from '../host/logger';
import { errorMessage } from '../common/errors';
import { pseudonym } from '../host/logger';
import { PERSONAL_ONLY, cardMessage } from './replies';
import { getCardUpdate, setTurnInput, type TurnInput } from './turnInput';
import { type VerbTable, routeOf } from './verbs';

/** The personal chat: the main dialog (dialogs/mainDialog.ts). */
export interface PersonalChat {
  run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void>;
  /** The welcome card, when the bot is added to a personal chat. */
  welcome(context: TurnContext): Promise<void>;
}

/** A message in a channel or group chat that @mentions the bot. */
export interface GroupChat {
  onMention(context: TurnContext, text: string): Promise<void>;
}

/** Answers the messaging extension's search command (composeExtension/query). */
interface ComposeSearch {
  query(context: TurnContext, query: MessagingExtensionQuery): MessagingExtensionResponse;
}

export interface BpvBotParts {
  conversationState: ConversationState;
  personal: PersonalChat;
  /** Who handles a card verb (verbs.ts); here for cards pressed in a channel or group chat. */
  verbs: VerbTable;
  group: GroupChat;
  composeSearch: ComposeSearch;
  logger: Logger;
}

const MAX_TEXT = 2_000;

/**
 * The Teams edge: turns activities into a `TurnInput` (validated card action or text without the bot's
 * mention), runs the main dialog in personal chat and answers Action.Execute invokes with the updated
 * card. Loading and saving state is the turn pipeline's (src/host/turnPipeline.ts).
 */
export class BpvBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(private readonly parts: BpvBotParts) {
    super();
    this.dialogState = parts.conversationState.createProperty<DialogState>('dialogState');

    this.onMessage(async (context, next) => {
      const started = Date.now();
      const input = classifyMessage(context);
      setTurnInput(context, input);
      if (isPersonal(context)) {
        await this.parts.personal.run(context, this.dialogState);
        await this.applyCardUpdate(context);
      } else if (input.kind === 'text') {
        await this.parts.group.onMention(context, input.text);
      } else if (input.kind === 'action') {
        await this.channelAction(context, input.action);
      }
      this.logTurn(context, input, started);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      if (botAdded && isPersonal(context)) await this.parts.personal.welcome(context);
      await next();
    });
  }

  /**
   * Action.Execute (`adaptiveCard/action`): answered with the card that replaces the pressed one, or a
   * short message. (The server refused invokes without an action before they got here.)
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const started = Date.now();
    const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    const parsed = parseCardAction(action?.verb, action?.data);
    const input: TurnInput = parsed.ok
      ? { kind: 'action', action: parsed.action, via: 'execute' }
      : { kind: 'invalid-action', via: 'execute' };
    setTurnInput(context, input);
    if (isPersonal(context)) await this.parts.personal.run(context, this.dialogState);
    else if (parsed.ok) await this.channelAction(context, parsed.action);
    else await context.sendActivity(PERSONAL_ONLY);
    this.logTurn(context, input, started);
    const card = getCardUpdate(context);
    return card
      ? cardInvokeResponse(card)
      : messageInvokeResponse(parsed.ok ? 'Verwerkt' : 'Deze knop kan ik niet verwerken.');
  }

  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return this.parts.composeSearch.query(context, query);
  }

  /** A card pressed in a channel or group chat: only the verbs with a channel handler do something there. */
  private async channelAction(context: TurnContext, action: CardAction): Promise<void> {
    const route = routeOf(this.parts.verbs, action);
    if (route.channel) await route.channel(context, action);
    else await context.sendActivity(PERSONAL_ONLY);
  }

  /** Action.Submit has no response card: replace the pressed card by updating its message. */
  private async applyCardUpdate(context: TurnContext): Promise<void> {
    const card = getCardUpdate(context);
    const replyToId = context.activity.replyToId;
    if (!card || !replyToId) return;
    await context
      .updateActivity({ ...cardMessage(card), id: replyToId, conversation: context.activity.conversation })
      .catch((err: unknown) => this.parts.logger.warn({ err: { message: errorMessage(err) } }, 'card update failed'));
  }

  private logTurn(context: TurnContext, input: TurnInput, started: number): void {
    this.parts.logger.info(
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
function questionText(context: TurnContext): string {
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
    return parsed.ok
      ? { kind: 'action', action: parsed.action, via: 'submit' }
      : { kind: 'invalid-action', via: 'submit' };
  }
  if (value !== undefined && value !== null && !context.activity.text) return { kind: 'invalid-action', via: 'submit' };
  return { kind: 'text', text: questionText(context) };
}
