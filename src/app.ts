import type { TurnContext } from 'botbuilder';
import { CardViews } from './cards/views';
import { AnswerViews } from './cards/answerViews';
import { CardRenderer } from './cards/render';
import { FeedbackViews } from './cards/feedbackViews';
import { PlanViews } from './cards/planViews';
import { ReferralViews } from './cards/referralViews';
import type { Config } from './config';
import { createIntakeParser } from './domain/intakeParser';
import { createAdapter } from './host/adapter';
import { JsonConversationState, JsonUserState } from './host/state';
import { InsightsStore } from './host/insightsStore';
import type { Logger } from './host/logger';
import { type BotServer, createServer } from './host/server';
import { createStorage, type StorageHandle } from './host/storage';
import { startRetentionTimer } from './host/retentionTimer';
import { TurnRunner } from './host/turnRunner';
import { type Knowledge, loadKnowledge } from './knowledge/load';
import { CARDS_DIR } from './paths';
import { AdviserChannelHandler } from './teams/adviserChannel';
import { BpvBot } from './teams/bpvBot';
import { ReferralService } from './teams/referralService';
import { ReferralStore } from './teams/referralStore';
import { QuickAnswerGroupHandler } from './teams/quickAnswers';
import { loadInterpreter } from './understanding/interpreter';
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
  /** Listens on the configured port (0 = a free one) and marks the app ready; returns the port. */
  start(): Promise<number>;
  /** Stops taking requests, lets turns in flight finish, closes storage. */
  stop(): Promise<void>;
}

/** Pause between ready and the background warm-up (see `start`). */
const WARM_UP_DELAY_MS = 500;

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
  const storage = createStorage(config);
  const conversationState = new JsonConversationState(storage.storage);
  const userState = new JsonUserState(storage.storage);
  const profiles = new ProfileStore(userState.createProperty<unknown>('profile'));
  const adapter = createAdapter(config, logger);
  const referralViews = new ReferralViews(knowledge, renderer);
  const botAppId = config.auth.mode === 'botframework' ? config.auth.appId : '';
  const referrals = new ReferralService(new ReferralStore(storage.storage), adapter, botAppId, referralViews, logger);
  const insights = new InsightsStore(config.insightsPath, config.retentionDays, undefined, {
    onFlushError: (err) => logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'insights not written; kept for the next try'),
  });
  const coordinator = { planViews: new PlanViews(knowledge, renderer), referralViews, referrals, feedbackViews: new FeedbackViews(renderer), insights, adminIds: config.adminIds };
  // "wis mijn gegevens": the user's profile (answers, plans) and this conversation's state.
  const privacy = {
    erase: async (context: TurnContext) => {
      // Referrals this coordinator sent hold a way to reach them: they go too.
      await referrals.store.delete((await profiles.get(context)).referrals);
      await conversationState.delete(context);
      await userState.delete(context);
    },
  };
  // Channel and compose-box answers link to the handreiking tab of this Teams app (TEAMS_APP_ID).
  const answerViews = new AnswerViews(knowledge, renderer, (key) => handreikingDeepLink(config.teamsAppId, key));
  // Chat and channel questions without a sure answer are counted for content owners.
  const understanding = { interpreter, answerViews, insights };
  const deps = { knowledge, views, parser: createIntakeParser(knowledge), profiles, understanding, coordinator, privacy };
  const mainDialog = new MainDialog(deps);
  const quickAnswers = new QuickAnswerGroupHandler(knowledge, interpreter, answerViews, views, insights);
  const groupHandler = new AdviserChannelHandler(referrals, config.adminIds, logger, quickAnswers);
  const bot = new BpvBot(conversationState, userState, mainDialog, logger, groupHandler, new SearchExtension(interpreter, answerViews));
  const runner = new TurnRunner({ bot, conversationState, states: [conversationState, userState], logger });
  const server = createServer({ adapter, bot: runner, logger, maxBodyBytes: config.maxBodyBytes });
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
      // A store that is briefly unreachable must not stop the bot from starting: the timer tries again.
      const purged = await storage.purgeExpired().catch(warn('retention purge failed'));
      const purgedInsights = insights.purgeExpired();
      if (purged || purgedInsights) logger.info({ purged, purgedInsights }, 'expired state removed');
      // State and insight counts follow the retention; referral posts or messages that failed are retried.
      timers.push(
        startRetentionTimer(storage, logger),
        startRetentionTimer({ purgeExpired: async () => insights.purgeExpired() }, logger),
        referrals.startRetryTimer(),
      );
      const port = await server.listen(config.port, config.host);
      server.setReady(true);
      // The card templates take CPU to prepare. Done right
      // away, that would hold up the platform's first health probes and first messages; so it starts
      // after a short pause (the templates then one per event-loop turn). A turn that comes earlier
      // builds what it needs itself.
      const warmUp = setTimeout(() => {
        void renderer.warm();
      }, WARM_UP_DELAY_MS);
      warmUp.unref();
      timers.push(() => clearTimeout(warmUp));
      await referrals.retryPending().catch(warn('referral retry failed'));
      return port;
    },
    async stop() {
      timers.splice(0).forEach((stop) => stop());
      await server.close();
      storage.close();
      insights.close();
    },
  };
}
