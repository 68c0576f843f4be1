import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  type InvokeResponse,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import { BotConnectorSender } from './connectorSender';
import { type Logger, pseudonym } from './logger';
import { DEFAULT_REPLY_RETRY, type RetryOptions, withRetry } from './retry';

/** The pipeline inside botbuilder's ConnectorClient (Azure core); only what we touch. */
interface PipelineHolder {
  client?: { pipeline?: { removePolicy(options: { name: string }): unknown } };
}

/**
 * CloudAdapter whose replies to the Bot Connector are retried on 412, 429, 502 and 504 with exponential
 * backoff and jitter, honouring Retry-After, within a time budget. The connector's own retry policy is
 * removed: it honours any Retry-After without a cap, which could hold a turn past Teams' 15 s limit.
 * Each activity is retried on its own, so a failed second reply never sends the first one twice.
 */
export class RetryingCloudAdapter extends CloudAdapter {
  private readonly stripped = new WeakSet<object>();
  private readonly budgetKey = Symbol('replyRetryBudget');

  constructor(
    private readonly auth: CachingBotFrameworkAuthentication,
    private readonly retry: RetryOptions,
  ) {
    super(auth);
  }

  /**
   * Runs an activity our server already parsed and checked (activityEnvelope.ts): authentication, the
   * turn, and the invoke response, which the caller writes. `CloudAdapter.process` would check the
   * request again with zod schemas it builds anew for every request (a few percent of a turn), print
   * authentication failures with their stack to stderr, and write its own error texts into responses.
   * Rejects when the request is not authenticated or the turn's error handler failed.
   */
  processIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, withDates(activity), logic);
  }

  override async sendActivities(context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    this.stripLibraryRetry(context);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const response = await withRetry(() => this.sendOne(context, activity), this.retryFor(context));
      responses.push(response ?? { id: '' });
    }
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.stripLibraryRetry(context);
    const sender = this.senderFor(context);
    const conversationId = activity.conversation?.id;
    if (!sender || !conversationId || !activity.id) return withRetry(() => super.updateActivity(context, activity), this.retryFor(context));
    const activityId = activity.id;
    const response = await withRetry(() => sender.updateActivity(conversationId, activityId, activity), this.retryFor(context));
    return response.id ? response : undefined;
  }

  /**
   * A message or typing indicator goes straight to the Bot Connector (BotConnectorSender); anything
   * else (invoke responses, delays, traces) takes botbuilder's own way, as do all activities when the
   * lean sender is switched off.
   */
  private async sendOne(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | undefined> {
    const sender = this.senderFor(context);
    const conversationId = activity.conversation?.id;
    if (!sender || !conversationId || (activity.type !== 'message' && activity.type !== 'typing')) {
      const [response] = await super.sendActivities(context, [activity]);
      return response;
    }
    // As botbuilder does: the connector assigns the id.
    delete activity.id;
    return activity.replyToId ? sender.replyToActivity(conversationId, activity.replyToId, activity) : sender.sendToConversation(conversationId, activity);
  }

  private senderFor(context: TurnContext): BotConnectorSender | undefined {
    const client: unknown = context.turnState.get(this.ConnectorClientKey);
    return client && typeof client === 'object' ? this.auth.senderFor(client) : undefined;
  }

  /** The retry options with what is left of this turn's budget: waits of all replies of a turn add up. */
  private retryFor(context: TurnContext): RetryOptions {
    let budget = context.turnState.get(this.budgetKey) as { remainingMs: number } | undefined;
    if (!budget) {
      budget = { remainingMs: this.retry.budgetMs };
      context.turnState.set(this.budgetKey, budget);
    }
    const spent = budget;
    return {
      ...this.retry,
      budgetMs: spent.remainingMs,
      onRetry: (info) => {
        spent.remainingMs -= info.delayMs;
        this.retry.onRetry?.(info);
      },
    };
  }

  private stripLibraryRetry(context: TurnContext): void {
    const client: unknown = context.turnState.get(this.ConnectorClientKey);
    if (!client || typeof client !== 'object' || this.stripped.has(client)) return;
    this.stripped.add(client);
    (client as PipelineHolder).client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
  }
}

/** Timestamps as Dates, the text kept beside them (`rawTimestamp`), as botbuilder's request parsing leaves them. */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & { timestamp?: unknown; localTimestamp?: unknown; expiration?: unknown };
  if (typeof raw.timestamp === 'string') Object.assign(activity, { rawTimestamp: raw.timestamp, timestamp: new Date(raw.timestamp) });
  if (typeof raw.localTimestamp === 'string') Object.assign(activity, { rawLocalTimestamp: raw.localTimestamp, localTimestamp: new Date(raw.localTimestamp) });
  if (typeof raw.expiration === 'string') Object.assign(activity, { rawExpiration: raw.expiration, expiration: new Date(raw.expiration) });
  return activity;
}

type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** The bot's app id as botbuilder derives it from a request's claims (audience, or the emulator's appid). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
}

/**
 * Reuses the connector client per bot, service URL and audience, and the user-token client per bot.
 * botbuilder's CloudAdapter otherwise builds both anew, each with its whole Azure HTTP pipeline, for
 * every incoming activity: about a twentieth of the bot's CPU under load (docs/performance.md).
 * Credentials cache and refresh their own tokens, so a long-lived client stays valid (the older
 * BotFrameworkAdapter kept its clients the same way).
 */
export class CachingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();
  private readonly senders = new WeakMap<object, BotConnectorSender>();
  /** A handful of service URLs in practice; the bound keeps a misbehaving caller from growing the maps. */
  static readonly MAX_CLIENTS = 100;

  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    credentials?: ConfigurationServiceClientCredentialFactory,
    /** 'lean': messages go out through BotConnectorSender with the client's credentials. */
    private readonly connectorClient: Config['connectorClient'] = 'lean',
  ) {
    super(settings, credentials);
  }

  /** The lean sender for a connector client this object made, unless the lean sender is off. */
  senderFor(client: object): BotConnectorSender | undefined {
    return this.senders.get(client);
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(...args);
    // Same app id, scope and credentials as createConnectorFactory uses, so the clients can be shared.
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.caching(result.connectorFactory, appIdOf(result.claimsIdentity)) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.caching(super.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    return remember(this.tokenClients, key, () => super.createUserTokenClient(claimsIdentity));
  }

  private caching(inner: ConnectorFactory, appId: string): ConnectorFactory {
    return {
      create: (serviceUrl: string, audience?: string) =>
        remember(this.clients, `${appId}|${serviceUrl}|${audience ?? ''}`, async () => {
          const client = await inner.create(serviceUrl, audience);
          if (this.connectorClient === 'lean') this.senders.set(client, new BotConnectorSender(serviceUrl, client.credentials));
          return client;
        }),
    };
  }
}

/** The cached promise for `key`, or a new one from `make`; a rejected promise is forgotten. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    if (cache.size >= CachingBotFrameworkAuthentication.MAX_CLIENTS) cache.clear();
    value = make();
    value.catch(() => cache.delete(key));
    cache.set(key, value);
  }
  return value;
}

export const TURN_ERROR_MESSAGE =
  'Sorry, er ging bij mij iets mis. Je antwoorden zijn bewaard; probeer het zo nog eens of typ "help".';

/**
 * Public-cloud endpoints (botframework-connector's AuthenticationConstants). Setting any one endpoint makes
 * botbuilder drop all its defaults, so overriding the OpenID metadata URL (tests) needs the rest spelled out.
 */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
} as const;

/** The Bot Framework settings in the form botbuilder's configuration classes read. */
export function botFrameworkSettings(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  if (config.auth.mode === 'local') return {};
  return {
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType,
    MicrosoftAppTenantId: config.auth.tenantId,
    ...(config.auth.openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: config.auth.openIdMetadataUrl } : {}),
  };
}

/**
 * CloudAdapter with Bot Framework authentication when an app id is set (SingleTenant, UserAssignedMSI
 * or MultiTenant), and none in local mode. `onTurnError` logs without message text and tells the
 * user in Dutch, never with internals.
 */
export function createAdapter(
  config: Config,
  logger: Logger,
  extra: ConfigurationBotFrameworkAuthenticationOptions = {},
  retry: RetryOptions = DEFAULT_REPLY_RETRY,
): RetryingCloudAdapter {
  const settings = { ...botFrameworkSettings(config), ...extra };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const adapter = new RetryingCloudAdapter(
    new CachingBotFrameworkAuthentication(settings, credentials, config.connectorClient),
    {
      ...retry,
      onRetry: ({ attempt, status, delayMs }) => logger.warn({ attempt, status, delayMs }, 'reply to Bot Connector failed; retrying'),
    },
  );

  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const err = error instanceof Error ? error : new Error(String(error));
    logger.error(
      {
        err: { type: err.name, message: err.message, stack: err.stack },
        activityType: context.activity?.type,
        conversation: pseudonym(context.activity?.conversation?.id),
      },
      'turn failed',
    );
    // An invoke expects an invoke response, not a chat message.
    if (context.activity?.type === 'invoke') {
      await context
        .sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: TURN_ERROR_MESSAGE } } })
        .catch(() => undefined);
      return;
    }
    if (context.activity?.conversation && context.activity.serviceUrl) {
      await context.sendActivity(TURN_ERROR_MESSAGE).catch((sendError: unknown) => {
        logger.warn({ err: { message: sendError instanceof Error ? sendError.message : String(sendError) } }, 'could not tell the user about the error');
      });
    }
  };
  return adapter;
}
