import { ConversationState, TestAdapter, type Activity } from 'botbuilder';
import { AnswerViews } from '../../src/cards/answerViews';
import { CardRenderer } from '../../src/cards/render';
import { CardViews } from '../../src/cards/views';
import { createIntakeParser } from '../../src/domain/intakeParser';
import { createLogger } from '../../src/host/logger';
import { MemoryStore, type StateStore } from '../../src/host/stateStore';
import { TurnPipeline } from '../../src/host/turnPipeline';
import { loadKnowledge } from '../../src/knowledge/load';
import { CARDS_DIR, KNOWLEDGE_DIR } from '../../src/common/paths';
import { BpvBot } from '../../src/teams/bpvBot';
import { ProfileStore } from '../../src/teams/profileStore';
import { MainDialog } from '../../dialogs/mainDialog';
import { loadInterpreter } from '../../src/understanding/interpreter';
import { cardOf, cardText } from './botClient';

export const knowledge = loadKnowledge(KNOWLEDGE_DIR);

/** The bot with its real dialogs and interpreter on Bot Framework's TestAdapter (no HTTP), for dialog tests. */
export async function dialogHarness(store: StateStore = new MemoryStore()) {
  const renderer = new CardRenderer(CARDS_DIR);
  const views = new CardViews(knowledge, renderer);
  const conversationState = new ConversationState(store);
  const understanding = { interpreter: await loadInterpreter(knowledge), answerViews: new AnswerViews(knowledge, renderer) };
  const profiles = new ProfileStore(conversationState.createProperty<unknown>('profile'));
  const deps = { knowledge, views, parser: createIntakeParser(knowledge), profiles, understanding };
  const logger = createLogger('silent');
  const bot = new BpvBot(conversationState, new MainDialog(deps), logger);
  // The turn pipeline loads and saves the state, as in the app.
  const pipeline = new TurnPipeline({ bot, conversationState, store, logger });
  const adapter = new TestAdapter(async (context) => pipeline.run(context));
  // Record in-place card updates (Action.Submit path) so tests see what replaced the pressed card.
  const updates: Array<Partial<Activity>> = [];
  adapter.updateActivity = async (_context, activity) => {
    updates.push(activity);
  };

  /** Sends text or a card submit; returns what the bot replied as readable text, one entry per activity. */
  async function send(input: string | { verb: string; [key: string]: unknown }): Promise<string[]> {
    const activity: Partial<Activity> = typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', value: input, replyToId: 'card' };
    await adapter.receiveActivity(activity);
    const sent = [...adapter.activeQueue.splice(0), ...updates.splice(0)];
    return sent.map((a) => (a.text ? a.text : cardText(cardOf(a as unknown as Record<string, unknown>))));
  }
  return { adapter, send, store };
}
