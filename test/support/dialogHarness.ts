import { type Activity, TestAdapter } from 'botbuilder';
import { createBot } from '../../src/app';
import { KNOWLEDGE_DIR } from '../../src/common/paths';
import { SqliteInsightsStore } from '../../src/host/insightsStore';
import { createLogger } from '../../src/host/logger';
import { MemoryStore, type StateStore } from '../../src/host/stateStore';
import type { TurnPipeline } from '../../src/host/turnPipeline';
import { loadKnowledge } from '../../src/knowledge/load';
import { loadInterpreter } from '../../src/understanding/interpreter';
import { cardOf, cardText } from './botClient';

const knowledge = loadKnowledge(KNOWLEDGE_DIR);

/**
 * The bot as the app builds it (its real dialogs, features and interpreter) on Bot Framework's
 * TestAdapter (no HTTP), for dialog tests. The turn pipeline loads and saves the state, as in the app.
 */
export async function dialogHarness(store: StateStore = new MemoryStore()) {
  const run = { pipeline: undefined as TurnPipeline | undefined };
  const adapter = new TestAdapter(async (context) => run.pipeline?.run(context));
  ({ pipeline: run.pipeline } = createBot({
    knowledge,
    interpreter: await loadInterpreter(knowledge),
    store,
    adapter,
    insights: new SqliteInsightsStore(':memory:'),
    logger: createLogger('silent'),
    adminIds: [],
    teamsAppId: '6f1d2c3b-8a4e-4b7f-9c21-5d3e8f0a7b64',
    botAppId: '',
  }));
  // Record in-place card updates (Action.Submit path) so tests see what replaced the pressed card.
  const updates: Array<Partial<Activity>> = [];
  adapter.updateActivity = async (_context, activity) => {
    updates.push(activity);
  };

  /** Sends text or a card submit; returns what the bot replied as readable text, one entry per activity. */
  async function send(input: string | { verb: string; [key: string]: unknown }): Promise<string[]> {
    const activity: Partial<Activity> =
      typeof input === 'string'
        ? { type: 'message', text: input }
        : { type: 'message', value: input, replyToId: 'card' };
    await adapter.receiveActivity(activity);
    const sent = [...adapter.activeQueue.splice(0), ...updates.splice(0)];
    return sent.map((a) => (a.text ? a.text : cardText(cardOf(a))));
  }
  return { adapter, send, store };
}
