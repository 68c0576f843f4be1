import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConfiguration, AuthenticationError, type Claim, SkillValidation } from 'botframework-connector';
import { connectorClientOptions } from './connectorTransport';
import type { Logger } from './logger';
import { CONNECTOR_RETRY, type RetryPolicy, TurnBudget, withRetry } from './retry';
import { errorFields, errorMessage } from '../common/errors';

/** How a request to /api/messages ended, for the HTTP answer. */
export interface IncomingOutcome {
  status: number;
  body?: unknown;
}

/**
 * Thrown by a turn whose replies could not be delivered (and whose state was not kept): Teams gets a 503 and sends
 * again.
 */
export class DeliveryFailedError extends Error {
  constructor(cause: unknown) {
    super(`replies could not be delivered: ${errorMessage(cause)}`, { cause });
    this.name = 'DeliveryFailedError';
  }
}

const BUDGET_KEY = Symbol('turnBudget');

/** The turn's budget for connector calls (set when the request arrived); a new one outside a request. */
export function budgetOf(context: TurnContext): TurnBudget {
  let budget = context.turnState.get<TurnBudget | undefined>(BUDGET_KEY);
  if (!budget) {
    budget = new TurnBudget();
    context.turnState.set(BUDGET_KEY, budget);
  }
  return budget;
}

/** Lets connector calls made with `context` (e.g. a proactive send during a turn) share that turn's budget. */
export function shareBudget(context: TurnContext, budget: TurnBudget): void {
  context.turnState.set(BUDGET_KEY, budget);
}

/**
 * botbuilder's CloudAdapter with two additions:
 * - every message, card update and proactive send to the Bot Connector goes through one bounded retry
 *   (retry.ts) with the turn's budget; each activity is retried on its own, so a failed second reply
 *   never sends the first one twice;
 * - `processIncoming` authenticates an activity our server already parsed and checked, then runs the
 *   turn, and says how the request ended without library texts: 401 only for a refused token, 503 when
 *   authentication could not be checked (OpenID metadata unreachable) or the replies could not be
 *   delivered, 500 for any other failure. (`CloudAdapter.process` answers every failure of
 *   authentication with 401 and writes library error texts into the response.)
 */
export class BotAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
    private readonly retry: RetryPolicy = CONNECTOR_RETRY,
  ) {
    super(auth);
  }

  async processIncoming(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<IncomingOutcome> {
    const budget = new TurnBudget();
    let authenticated: Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (isRefusedToken(err)) {
        this.logger.warn(
          { reason: err instanceof Error ? err.name : typeof err },
          'request refused: not authenticated',
        );
        return { status: 401 };
      }
      this.logger.error(
        { failure: errorFields(err) },
        'authentication could not be checked (OpenID metadata or signing keys unreachable?)',
      );
      return { status: 503 };
    }
    try {
      const invokeResponse = await this.processActivity(authenticated, withDates(activity), async (context) => {
        shareBudget(context, budget);
        await logic(context);
      });
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      if (err instanceof DeliveryFailedError) {
        this.logger.error(
          { failure: errorFields(err.cause) },
          'replies not delivered: turn not kept, Teams is asked to send again',
        );
        return { status: 503 };
      }
      this.logger.error({ failure: errorFields(err) }, 'request failed');
      return { status: 500 };
    }
  }

  override async sendActivities(
    context: TurnContext,
    activities: Array<Partial<Activity>>,
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      responses.push(
        ...(await withRetry(() => super.sendActivities(context, [activity]), budgetOf(context), this.retryPolicy())),
      );
    }
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    return withRetry(() => super.updateActivity(context, activity), budgetOf(context), this.retryPolicy());
  }

  private retryPolicy(): RetryPolicy {
    return {
      ...this.retry,
      onRetry: (info) => {
        this.logger.warn(info, 'Bot Connector call failed; retrying');
        this.retry.onRetry?.(info);
      },
    };
  }
}

/** Failures that mean "this token is not good", as opposed to "the token could not be checked". */
function isRefusedToken(err: unknown): boolean {
  if (err instanceof AuthenticationError) return err.statusCode < 500;
  // jsonwebtoken's verdicts (bad signature, expired, not yet valid, wrong audience), rethrown by botbuilder.
  return err instanceof Error && ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(err.name);
}

/** Timestamps as Dates, the text kept beside them (`rawTimestamp`), as botbuilder's request parsing leaves them. */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & { timestamp?: unknown; localTimestamp?: unknown; expiration?: unknown };
  if (typeof raw.timestamp === 'string')
    Object.assign(activity, { rawTimestamp: raw.timestamp, timestamp: new Date(raw.timestamp) });
  if (typeof raw.localTimestamp === 'string')
    Object.assign(activity, { rawLocalTimestamp: raw.localTimestamp, localTimestamp: new Date(raw.localTimestamp) });
  if (typeof raw.expiration === 'string')
    Object.assign(activity, { rawExpiration: raw.expiration, expiration: new Date(raw.expiration) });
  return activity;
}

/**
 * Claims every accepted token must carry beyond botbuilder's checks: an expiry (botbuilder accepts a
 * signed token without `exp`). Skill tokens stay refused, as botbuilder does without a validator.
 */
export async function validateClaims(claims: Claim[]): Promise<void> {
  if (SkillValidation.isSkillClaim(claims)) throw new AuthenticationError('skill tokens are not accepted', 401);
  const exp = claims.find((claim) => claim.type === 'exp')?.value;
  if (exp === undefined || !Number.isFinite(Number(exp))) throw new AuthenticationError('token without expiry', 401);
}

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

/** How incoming requests are authenticated: not at all (local mode), or as a Bot Framework app. */
export type BotAuth =
  | { mode: 'local' }
  | {
      mode: 'botframework';
      appId: string;
      appPassword?: string;
      appType: 'SingleTenant' | 'UserAssignedMSI' | 'MultiTenant';
      tenantId?: string;
    };

export interface AdapterOptions {
  retry?: RetryPolicy;
  /** Tests only: where the signing keys of incoming tokens are published (default: Bot Framework's). */
  openIdMetadataUrl?: string;
}

/** The Bot Framework settings in the form botbuilder's configuration classes read. */
function botFrameworkSettings(
  auth: BotAuth,
  openIdMetadataUrl?: string,
): ConfigurationBotFrameworkAuthenticationOptions {
  if (auth.mode === 'local') return {};
  return {
    MicrosoftAppId: auth.appId,
    MicrosoftAppPassword: auth.appPassword,
    MicrosoftAppType: auth.appType,
    MicrosoftAppTenantId: auth.tenantId,
    ...(openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl } : {}),
  };
}

/**
 * The adapter with Bot Framework authentication when an app id is set (SingleTenant, UserAssignedMSI
 * or MultiTenant), none in local mode; all of it through botbuilder's public configuration: the
 * settings, a claims validator (`AuthenticationConfiguration`) and the connector clients' transport
 * (`connectorClientOptions`).
 */
export function createAdapter(auth: BotAuth, logger: Logger, options: AdapterOptions = {}): BotAdapter {
  const retry = options.retry ?? CONNECTOR_RETRY;
  const settings = botFrameworkSettings(auth, options.openIdMetadataUrl);
  const authentication = new ConfigurationBotFrameworkAuthentication(
    settings,
    new ConfigurationServiceClientCredentialFactory(settings),
    new AuthenticationConfiguration([], validateClaims),
    undefined,
    connectorClientOptions(retry.requestTimeoutMs),
  );
  return new BotAdapter(authentication, logger, retry);
}
