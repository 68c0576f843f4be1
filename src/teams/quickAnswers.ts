import type { Activity, TurnContext } from 'botbuilder';
import type { FreeTextHandler } from '../../dialogs/mainDialog';
import { parseCommand } from '../../dialogs/commands';
import type { AnswerViews } from '../cards/answerViews';
import type { AdaptiveCardJson } from '../cards/render';
import { fold } from '../domain/text';
import type { AnswerEngine } from '../search/engine';
import type { GroupHandler } from './bpvBot';

/** Results fetched per question: the best answer, two alternatives, or three guesses when unsure. */
const RESULTS = 3;

/**
 * Deep link that opens the personal chat with the bot. Teams gives the bot's id as "28:<app id>" in
 * `recipient.id`; `/l/chat/0/0?users=28:<app id>` is the documented way to start a chat with a bot,
 * and it works from any client without knowing the app's install id.
 */
export function personalChatUrl(botId: string | undefined): string {
  const id = botId && botId.startsWith('28:') ? botId : `28:${botId ?? ''}`;
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(id)}`;
}

function attachment(card: AdaptiveCardJson): Partial<Activity> {
  return { attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}

/** Personal chat: free text that is no command and no intake answer gets an answer card (or the honest fallback). */
export function createFreeTextHandler(
  engine: AnswerEngine,
  views: AnswerViews,
  sectorOf?: (context: TurnContext) => Promise<string | undefined>,
): FreeTextHandler {
  return async (context, text) => {
    if (!text.trim()) return false;
    const answer = engine.answer(text, { limit: RESULTS });
    const sector = sectorOf ? await sectorOf(context) : undefined;
    await context.sendActivity(attachment(views.personal(answer, sector)));
    return true;
  };
}

/** True when the activity carries a mention entity for the bot itself (not just any mention). */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => {
    if (e.type !== 'mention') return false;
    const mentioned = (e as { mentioned?: { id?: unknown } }).mentioned;
    return botId !== undefined && mentioned?.id === botId;
  });
}

const INTAKE_WORDS = /\b(intake|advies op maat|mijn situatie|situatie doorlopen|loop .* door)\b/;

/**
 * Channels and group chats: answers only when @mentioned, in the same thread, with a compact card.
 * No intake here: requests for one get an offer to continue in personal chat.
 */
export class QuickAnswerGroupHandler implements GroupHandler {
  constructor(
    private readonly engine: AnswerEngine,
    private readonly views: AnswerViews,
  ) {}

  async onMention(context: TurnContext, text: string): Promise<void> {
    if (!mentionsBot(context.activity)) return;
    const chatUrl = personalChatUrl(context.activity.recipient?.id);
    // The reply goes to the activity's conversation and replyToId: for a channel that conversation id
    // carries ";messageid=<root>", so the Bot Connector posts it in the same thread.
    await context.sendActivity(attachment(this.cardFor(text, chatUrl)));
  }

  private cardFor(text: string, chatUrl: string): AdaptiveCardJson {
    if (!fold(text)) return this.views.channelHelp(chatUrl, 'empty');
    const command = parseCommand(text);
    switch (command?.name) {
      case 'help':
      case 'greeting':
      case 'stop':
        return this.views.channelHelp(chatUrl, command.name === 'help' ? 'help' : 'empty');
      case 'start':
      case 'restart':
      case 'advice':
      case 'answers':
      case 'change':
        return this.views.channelHelp(chatUrl, 'intake');
      default:
        break;
    }
    if (INTAKE_WORDS.test(fold(text))) return this.views.channelHelp(chatUrl, 'intake');
    return this.views.channel(this.engine.answer(text, { limit: RESULTS }), chatUrl);
  }
}
