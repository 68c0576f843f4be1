import { ConversationState, type TurnContext } from 'botbuilder';
import { errorMessage } from './common/errors';
import { CARDS_DIR } from './common/paths';
import { AnswerViews } from './cards/answerViews';
import { FeedbackViews } from './cards/feedbackViews';
import { PlanViews } from './cards/planViews';
import { ReferralViews } from './cards/referralViews';
import { CardRenderer } from './cards/render';
import { CardViews } from './cards/views';
import type { Config } from './config';
import { createAdapter } from './host/adapter';
import { openInsightsStore } from './host/insightsStore';
import type { Logger } from './host/logger';
import { startRetentionTimer } from './host/retentionTimer';
import { type BotServer, createServer } from './host/server';
import type { StateStore } from './host/stateStore';
import { createStorage, type StorageHandle } from './host/storage';
import { TurnPipeline, afterSave } from './host/turnPipeline';
import { createRecorder, perTurn } from './insights/recorder';
import type { InsightsStore } from './insights/store';
import { summaryCard } from './insights/summaryCard';
import { type Knowledge, loadKnowledge } from './knowledge/load';
import { answerWithInterpreter } from './tab/answer';
import { handreikingDeepLink } from './tab/deepLink';
import { registerTab } from './tab/routes';
import { AdviserChannelHandler } from './teams/adviserChannel';
import { BpvBot, isPersonal } from './teams/bpvBot';
import { FeedbackActions } from './teams/feedbackActions';
import { InsightsActions, type TurnInsights } from './teams/insightsActions';
import { PlanActions } from './teams/planActions';
import { ProfileStore } from './teams/profileStore';
import { QuickAnswerGroupHandler } from './teams/quickAnswers';
import { ReferralActions } from './teams/referralActions';
import { type ProactiveAdapter, ReferralService } from './teams/referralService';
import { ReferralStore } from './teams/referralStore';
import { SearchExtension } from './teams/searchExtension';
import { type Interpreter, loadInterpreter } from './understanding/interpreter';
import { MainDialog } from '../dialogs/mainDialog';

export interface BotApp {
  knowledge: Knowledge;
  storage: StorageHandle;
  server: BotServer;
  /**
   * Checks the store takes writes (refuses to start otherwise), listens on the configured port (0 = a free one), marks
   * the app ready; returns the port.
   */
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
/** What tests set besides the configuration. */
export interface AppOptions {
  /** Tests only: where the signing keys of incoming tokens are published (a local stand-in for Bot Framework's). */
  openIdMetadataUrl?: string;
}

export async function createBotApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<BotApp> {
  const knowledge = loadKnowledge(config.knowledgeDir, config.contactsFile);
  // Understanding typed messages (src/understanding): one interpreter for chat, channels and the compose box.
  const interpreter = await loadInterpreter(knowledge);
  const storage = createStorage(config.storage, config.retentionDays, logger);
  const adapter = createAdapter(config.auth, logger, { openIdMetadataUrl: options.openIdMetadataUrl });
  // Insight counts (src/insights): SQLite, or with STORAGE=blob the storage account's Table service.
  const insights = openInsightsStore(config, logger);
  const { pipeline, referrals } = createBot({
    knowledge,
    interpreter,
    store: storage.store,
    adapter,
    insights,
    logger,
    adminIds: config.adminIds,
    teamsAppId: config.teamsAppId,
    botAppId: config.auth.mode === 'botframework' ? config.auth.appId : '',
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
    logger.warn({ err: { message: errorMessage(err) } }, what);
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

/** What the bot's logic is built from (the composition root's parts; tests give a TestAdapter and a memory store). */
export interface BotParts {
  knowledge: Knowledge;
  interpreter: Interpreter;
  /** The conversations' state, referrals and the advisers' channel. */
  store: StateStore;
  /** Sends into other conversations (the advisers' channel, a coordinator after a claim). */
  adapter: ProactiveAdapter;
  /** Where counts for content owners go (no user ids); they are made once a turn is saved. */
  insights: InsightsStore;
  logger: Logger;
  /** Who may set up the advisers' channel and read the insights (ADMIN_IDS). */
  adminIds: readonly string[];
  /** The Teams app id: channel answers link to its handreiking tab. */
  teamsAppId: string;
  /** The bot's app id for proactive sends ('' in local mode). */
  botAppId: string;
}

/**
 * The bot's logic from cards to turn pipeline: the Teams handler, the main dialog with its verb table,
 * and the features' handlers, all with their dependencies.
 */
export function createBot(parts: BotParts): { pipeline: TurnPipeline; referrals: ReferralService } {
  const { knowledge, interpreter, store, adapter, logger } = parts;
  const renderer = new CardRenderer(CARDS_DIR);
  const views = new CardViews(knowledge, renderer);
  // One state item per conversation holds everything a turn changes (the coordinator's profile
  // included: in personal chat a conversation is one user), so a turn is saved in one write.
  const conversationState = new ConversationState(store);
  const profiles = new ProfileStore(conversationState.createProperty<unknown>('profile'));
  const referralViews = new ReferralViews(knowledge, renderer);
  const referrals = new ReferralService(new ReferralStore(store), adapter, parts.botAppId, referralViews, logger);
  // Counts are made once the turn is saved (a turn run again after a conflict counts once).
  const recorder = createRecorder(parts.insights, knowledge);
  const insights: TurnInsights = {
    forTurn: (context) =>
      perTurn(recorder, (run) => afterSave(context, 'insights', async () => run()), context.turnState),
    card: () => summaryCard(parts.insights, knowledge, renderer),
  };
  // "wis mijn gegevens": the conversation's state now (saved with the turn), then the coordinator's
  // referrals (they hold a way to reach them) and state an older release kept under the user's id.
  const privacy = {
    erase: async (context: TurnContext) => {
      const referralIds = (await profiles.get(context)).referrals;
      const legacyKey = legacyUserKey(context);
      await conversationState.clear(context);
      afterSave(context, 'erase', async () => {
        await referrals.store.delete(referralIds);
        if (legacyKey) await store.delete([legacyKey]);
      });
    },
  };
  // Channel and compose-box answers link to the handreiking tab of this Teams app (TEAMS_APP_ID).
  const answerViews = new AnswerViews(knowledge, renderer, (key) => handreikingDeepLink(parts.teamsAppId, key));
  const chat = { knowledge, views, profiles };
  const quickAnswers = new QuickAnswerGroupHandler(knowledge, interpreter, answerViews, views, insights);
  const adviserChannel = new AdviserChannelHandler(referrals, parts.adminIds, logger, quickAnswers);
  const mainDialog = new MainDialog({
    ...chat,
    understanding: { interpreter, answerViews, insights },
    insights,
    features: {
      plan: new PlanActions({ ...chat, insights }, new PlanViews(knowledge, renderer)),
      referral: new ReferralActions({ ...chat, insights }, referralViews, referrals),
      feedback: new FeedbackActions(chat, new FeedbackViews(renderer), insights),
      quickAnswers,
      adviserChannel,
    },
    insightsCommand: new InsightsActions(insights, parts.adminIds),
    privacy,
  });
  const bot = new BpvBot({
    conversationState,
    personal: mainDialog,
    verbs: mainDialog.verbs,
    group: adviserChannel,
    composeSearch: new SearchExtension(interpreter, answerViews),
    logger,
  });
  const pipeline = new TurnPipeline({
    bot,
    conversationState,
    store,
    logger,
    // Profiles of an older release lived in user state: taken over on a personal conversation's first turn.
    adopt: async (context, state) => {
      const key = legacyUserKey(context);
      if (state.profile !== undefined || state.userStateAdopted || !key) return;
      const legacy = ((await store.read([key]))[key] as { profile?: unknown } | undefined)?.profile;
      if (legacy !== undefined) state.profile = legacy;
      state.userStateAdopted = true;
    },
  });
  return { pipeline, referrals };
}
