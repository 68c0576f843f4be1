import type { Activity, TurnContext } from 'botbuilder';
import type { AnswerViews } from '../cards/answerViews';
import type { AdaptiveCardJson } from '../cards/render';
import type { CardViews } from '../cards/views';
import { advise } from '../domain/advisor';
import { emptyIntake, type Intake } from '../domain/intake';
import type { Knowledge } from '../knowledge/load';
import type { Interpreter, Verdict } from '../understanding/interpreter';
import type { GroupChat } from './bpvBot';
import type { TurnInsights } from './insightsActions';
import { PERSONAL_ONLY, sendCard } from './replies';
import { getTurnInput, setCardUpdate } from './turnInput';

/**
 * Deep link that opens the personal chat with the bot. Teams gives the bot's id as "28:<app id>" in
 * `recipient.id`; `/l/chat/0/0?users=28:<app id>` is the documented way to start a chat with a bot,
 * and it works from any client without knowing the app's install id.
 */
export function personalChatUrl(botId: string | undefined): string {
  const id = botId && botId.startsWith('28:') ? botId : `28:${botId ?? ''}`;
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(id)}`;
}

/** True when the activity carries a mention entity for the bot itself (not just any mention). */
function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => {
    if (e.type !== 'mention') return false;
    const mentioned = (e as { mentioned?: { id?: unknown } }).mentioned;
    return botId !== undefined && mentioned?.id === botId;
  });
}

/** How many options of the advice a channel answer names. */
const CHANNEL_OPTIONS = 3;

/**
 * Channels and group chats: answers only when @mentioned, in the same thread, with a compact card.
 * The interpreter decides what the message is; an advice request gets the first options for what was
 * understood and the offer to continue in personal chat (no intake here).
 */
export class QuickAnswerGroupHandler implements GroupChat {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly interpreter: Interpreter,
    private readonly views: AnswerViews,
    private readonly cardViews: CardViews,
    /** Questions without a sure answer are counted for content owners, once the turn is saved. */
    private readonly insights: TurnInsights,
  ) {}

  async onMention(context: TurnContext, text: string): Promise<void> {
    if (!mentionsBot(context.activity)) return;
    const chatUrl = personalChatUrl(context.activity.recipient?.id);
    // The reply goes to the activity's conversation and replyToId: for a channel that conversation id
    // carries ";messageid=<root>", so the Bot Connector posts it in the same thread.
    const verdict = this.interpreter.interpret(text, { where: 'channel' });
    this.insights.forTurn(context).understood(text, verdict);
    await sendCard(context, this.cardFor(verdict, chatUrl));
  }

  /** "Bedoel je ... of ...?" pressed in a channel: that answer, compact, in place of the question. */
  async showAnswer(context: TurnContext, key: string): Promise<void> {
    const entry = this.interpreter.engine.entry(key);
    if (!entry || entry.kind === 'topic') {
      await context.sendActivity(PERSONAL_ONLY);
      return;
    }
    const card = this.views.channel(
      {
        results: [{ key: entry.key, kind: entry.kind, title: entry.title, score: 1, matched: 1, specific: 1 }],
        confident: true,
      },
      personalChatUrl(context.activity.recipient?.id),
    );
    const input = getTurnInput(context);
    if (input.kind === 'action' && input.via === 'execute') setCardUpdate(context, card);
    else await sendCard(context, card);
  }

  private cardFor(verdict: Verdict, chatUrl: string): AdaptiveCardJson {
    switch (verdict.kind) {
      case 'empty':
        return this.views.channelHelp(chatUrl, 'empty');
      case 'command':
        switch (verdict.command.name) {
          case 'start':
          case 'restart':
          case 'advice':
          case 'answers':
          case 'change':
            return this.views.channelHelp(chatUrl, 'intake');
          default:
            return this.views.channelHelp(chatUrl, verdict.command.name === 'help' ? 'help' : 'empty');
        }
      case 'small-talk':
        return this.views.smallTalk(verdict.intent, { chatUrl });
      case 'advice':
        return this.adviceCard(verdict.intake, chatUrl);
      case 'question':
        return this.views.channel(verdict.answer, chatUrl);
      case 'clarify':
        return this.views.clarify(verdict.candidates, chatUrl);
      case 'out-of-scope':
        return this.views.outOfScope(verdict.topic, chatUrl);
      case 'notice':
        return this.views.notice(chatUrl);
      case 'intake-answer':
        return this.views.channelHelp(chatUrl, 'intake');
    }
  }

  /** The short answer to an advice request: what was understood and the first options that fit it. */
  private adviceCard(facts: Partial<Intake>, chatUrl: string): AdaptiveCardJson {
    const intake: Intake = { ...emptyIntake(), ...facts, situations: facts.situations ?? [] };
    const understood = this.cardViews.situationLine(intake);
    const line = understood ? `Ik begrijp: ${understood}.` : 'Je vraagt om advies voor je eigen situatie.';
    const advice = advise(this.knowledge, intake);
    const first = advice.steps.find((s) => s.number === advice.startStep)?.options.slice(0, CHANNEL_OPTIONS) ?? [];
    return this.views.channelAdvice(line, understood ? first : [], chatUrl);
  }
}
