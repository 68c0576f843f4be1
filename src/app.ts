import { ConversationState, type TurnContext } from 'botbuilder';
import { CardViews } from './cards/views';
import { AnswerViews } from './cards/answerViews';
import { CardRenderer } from './cards/render';
import { FeedbackViews } from './cards/feedbackViews';
import { PlanViews } from './cards/planViews';
import { ReferralViews } from './cards/referralViews';
import type { Config } from './config';
import { createIntakeParser } from './domain/intakeParser';
import type { InsightsRecorder } from './domain/insights';
import { createAdapter } from './host/adapter';
import { openInsightsStore } from './host/insightsStore';
import type { Logger } from './host/logger';
import { startRetentionTimer } from './host/retentionTimer';
import { type BotServer, createServer } from './host/server';
import { createStorage, type StorageHandle } from './host/storage';
import { TurnPipeline, afterSave } from './host/turnPipeline';
import { type Knowledge, loadKnowledge } from './knowledge/load';
import { CARDS_DIR } from './paths';
import { AdviserChannelHandler } from './teams/adviserChannel';
import { BpvBot, isPersonal } from './teams/bpvBot';
import { ReferralService } from './teams/referralService';
import { ReferralStore } from './teams/referralStore';
import { QuickAnswerGroupHandler } from './teams/quickAnswers';
import { loadInterpreter } from './understanding/interpreter';
import { createRecorder, perTurn } from './insights/recorder';
import { summaryCard } from './insights/summaryCard';
import { SearchExtension } from './teams/searchExtension';
import { answerWithInterpreter } from './tab/answer';
import { handreikingDeepLink } from './tab/deepLink';
import { registerTab } from './tab/routes';
import { ProfileStore } from '../dialogs/deps';
import { MainDialog } from '../dialogs/mainDialog';

export interface BotApp {
  knowledge: Knowledge;
  storage: StorageHandle;
  server: BotServer;
  /** Checks the store takes writes (refuses to start otherwise), listens on the configured port (0 = a free one), marks the app ready; returns the port. */
  start(): Promise<number>;
  /** /healthz says 503 from now on, while requests are still served (the first step of a shutdown). */
  drain(): void;
  /** Stops taking requests, lets turns in flight finish, closes storage. */
  stop(): Promise<void>;
}

/**
 * Wires knowledge, cards, dialogs, state, adapter and server. The composition root calls this. Async
 * only because the Dutch stemmer of the interpreter loads as an ES module (src/search/stemmer.ts).
 */
export async function createBotApp(config: Config, logger: Logger): Promise<BotApp> {
  const knowledge = loadKnowledge(config.knowledgeDir, config.contactsFile);
  // Understanding typed messages (src/understanding): one interpreter for chat, channels and the compose box.
  const interpreter = await loadInterpreter(knowledge);
  const renderer = new CardRenderer(CARDS_DIR);
  const views = new CardViews(knowledge, renderer);
  const storage = createStorage(config, logger);
  // One state item per conversation holds everything a turn changes (the coordinator's profile
  // included: in personal chat a conversation is one user), so a turn is saved in one write.
  const conversationState = new ConversationState(storage.store);
  const profiles = new ProfileStore(conversationState.createProperty<unknown>('profile'));
  const adapter = createAdapter(config, logger);
  const referralViews = new ReferralViews(knowledge, renderer);
  const botAppId = config.auth.mode === 'botframework' ? config.auth.appId : '';
  const referrals = new ReferralService(new ReferralStore(storage.store), adapter, botAppId, referralViews, logger);
  // Insight counts (src/insights): SQLite, or with STORAGE=blob the storage account's Table service.
  const insights = openInsightsStore(config, logger);
  const recorder = createRecorder(insights, knowledge);
  // Counts are made once the turn is saved (a turn run again after a conflict counts once).
  const turnInsights = {
    forTurn: (context: TurnContext): InsightsRecorder =>
      perTurn(recorder, (run) => afterSave(context, 'insights', async () => run()), context.turnState),
    card: () => summaryCard(insights, knowledge, renderer),
  };
  const coordinator = { planViews: new PlanViews(knowledge, renderer), referralViews, referrals, feedbackViews: new FeedbackViews(renderer), insights: turnInsights, adminIds: config.adminIds };
  // "wis mijn gegevens": the conversation's state now (saved with the turn), then the coordinator's
  // referrals (they hold a way to reach them) and state an older release kept under the user's id.
  const privacy = {
    erase: async (context: TurnContext) => {
      const referralIds = (await profiles.get(context)).referrals;
      const legacyKey = legacyUserKey(context);
      await conversationState.clear(context);
      afterSave(context, 'erase', async () => {
        await referrals.store.delete(referralIds);
        if (legacyKey) await storage.store.delete([legacyKey]);
      });
    },
  };
  // Channel and compose-box answers link to the handreiking tab of this Teams app (TEAMS_APP_ID).
  const answerViews = new AnswerViews(knowledge, renderer, (key) => handreikingDeepLink(config.teamsAppId, key));
  // Chat and channel questions without a sure answer are counted for content owners, once the turn is saved.
  const understanding = { interpreter, answerViews, insights: turnInsights };
  const deps = { knowledge, views, parser: createIntakeParser(knowledge), profiles, understanding, coordinator, privacy };
  const mainDialog = new MainDialog(deps);
  const quickAnswers = new QuickAnswerGroupHandler(knowledge, interpreter, answerViews, views, turnInsights);
  const groupHandler = new AdviserChannelHandler(referrals, config.adminIds, logger, quickAnswers);
  const bot = new BpvBot(conversationState, mainDialog, logger, groupHandler, new SearchExtension(interpreter, answerViews));
  const pipeline = new TurnPipeline({
    bot,
    conversationState,
    store: storage.store,
    logger,
    // Profiles of an older release lived in user state: taken over on a personal conversation's first turn.
    adopt: async (context, state) => {
      const key = legacyUserKey(context);
      if (state.profile !== undefined || state.userStateAdopted || !key) return;
      const legacy = ((await storage.store.read([key]))[key] as { profile?: unknown } | undefined)?.profile;
      if (legacy !== undefined) state.profile = legacy;
      state.userStateAdopted = true;
    },
  });
  const server = createServer({
    adapter,
    bot: pipeline,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    maxConnections: config.maxConnections,
    requestTimeoutMs: config.requestTimeoutMs,
    healthy: () => storage.healthy(),
  });
  // The handreiking tab: its page, assets and read-only search (through the interpreter) on the same server.
  registerTab(server.server, { knowledge, answer: answerWithInterpreter(interpreter, knowledge), logger });
  const timers: Array<() => void> = [];
  const warn = (what: string) => (err: unknown) => {
    logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, what);
    return undefined;
  };

  return {
    knowledge,
    storage,
    server,
    async start() {
      // A store that cannot be written would answer every turn with an apology: refuse to start instead.
      await storage.checkWritable();
      await insights.checkWritable();
      const purged = await storage.purgeExpired().catch(warn('retention purge failed'));
      const purgedInsights = await insights.purgeExpired().catch(warn('insights retention purge failed'));
      if (purged || purgedInsights) logger.info({ purged, purgedInsights }, 'expired state removed');
      // State and insight counts follow the retention; referral posts or messages that failed are retried.
      timers.push(
        startRetentionTimer(storage, logger),
        startRetentionTimer(insights, logger),
        referrals.startRetryTimer(),
      );
      const port = await server.listen(config.port, config.host);
      server.setReady(true);
      void referrals.startRetryRound();
      return port;
    },
    drain() {
      server.drain();
    },
    async stop() {
      timers.splice(0).forEach((stop) => stop());
      await server.close(8_000);
      await referrals.idle();
      storage.close();
      await insights.close();
    },
  };
}

/** Where an older release kept the coordinator's profile (user state), for personal chats. */
function legacyUserKey(context: TurnContext): string | undefined {
  const { channelId, from } = context.activity;
  return isPersonal(context) && channelId && from?.id ? `${channelId}/users/${from.id}/` : undefined;
}
