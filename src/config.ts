import path from 'node:path';
import { z } from 'zod';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from './common/paths';
import type { BotAuth } from './host/adapter';
import type { StorageSettings } from './host/storage';

/**
 * The one place that reads the environment. Everything else receives a typed `Config`.
 * Names of the Bot Framework settings follow Microsoft's conventions so Azure App Service
 * settings created by the portal or templates work unchanged.
 */

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const emptyAsUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().optional());
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const EnvSchema = z
  .object({
    PORT: int(3978, 0, 65535),
    HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyAsUndefined,
      z.enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant']).default('SingleTenant'),
    ),
    MicrosoftAppTenantId: optionalString,
    STORAGE: z.preprocess(emptyAsUndefined, z.enum(['sqlite', 'blob', 'memory']).default('sqlite')),
    SQLITE_PATH: z.preprocess(
      emptyAsUndefined,
      z.string().default(path.join(PROJECT_ROOT, 'data', 'bpv-wegwijzer.sqlite')),
    ),
    BLOB_CONNECTION_STRING: optionalString,
    BLOB_CONTAINER: z.preprocess(emptyAsUndefined, z.string().default('bpv-wegwijzer-state')),
    KNOWLEDGE_DIR: z.preprocess(emptyAsUndefined, z.string().default(KNOWLEDGE_DIR)),
    CONTACTS_FILE: optionalString,
    RETENTION_DAYS: int(90, 1, 3650),
    INSIGHTS_PATH: optionalString,
    /** STORAGE=blob: the table (same storage account) where every instance writes its insight counts. */
    INSIGHTS_TABLE: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'moet een tabelnaam zijn: 3 tot 63 letters en cijfers')
        .default('bpvwegwijzerinsights'),
    ),
    MAX_BODY_BYTES: int(256 * 1024, 1024, 10 * 1024 * 1024),
    MAX_CONNECTIONS: int(500, 1, 100_000),
    REQUEST_TIMEOUT_MS: int(10_000, 100, 120_000),
    SHUTDOWN_DRAIN_MS: int(3_000, 0, 60_000),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    /** The Teams app id (the manifest's `id`): the bot links to its handreiking tab with it. */
    TEAMS_APP_ID: z.preprocess(emptyAsUndefined, z.string().trim().regex(GUID, 'moet een GUID zijn').optional()),
    ADMIN_IDS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default('')
        .transform((s) =>
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE === 'blob' && !env.BLOB_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['BLOB_CONNECTION_STRING'], message: 'is nodig bij STORAGE=blob' });
    }
    if (env.MicrosoftAppId) {
      if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppPassword) {
        ctx.addIssue({
          code: 'custom',
          path: ['MicrosoftAppPassword'],
          message: 'is nodig bij MicrosoftAppType=SingleTenant',
        });
      }
      if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
        ctx.addIssue({
          code: 'custom',
          path: ['MicrosoftAppTenantId'],
          message: `is nodig bij MicrosoftAppType=${env.MicrosoftAppType}`,
        });
      }
    }
  });

export interface Config {
  port: number;
  host: string;
  /** Without an app id the bot runs in local mode: no authentication, for the Agents Playground and tests. */
  auth: BotAuth;
  storage: StorageSettings;
  knowledgeDir: string;
  contactsFile?: string;
  retentionDays: number;
  /**
   * SQLite file with feedback and not-sure question counts for content owners (no user ids); ':memory:' with
   * STORAGE=memory.
   */
  insightsPath: string;
  /** With STORAGE=blob the insights go to this table in the same storage account (not to insightsPath). */
  insightsTable: string;
  maxBodyBytes: number;
  /** Open connections the server accepts at once; more are closed right away. */
  maxConnections: number;
  /** A request's headers and body must have arrived within this time (slow clients are cut off). */
  requestTimeoutMs: number;
  /** On SIGTERM: how long /healthz says 503 before the listener closes, so a load balancer stops sending first. */
  shutdownDrainMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** AAD object ids (or Teams user ids) allowed to run admin commands. */
  adminIds: string[];
  /** The Teams app id of the package (TEAMS_APP_ID, as `npm run package` uses it), for deep links to the tab. */
  teamsAppId: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ongeldige instellingen:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    auth: e.MicrosoftAppId
      ? {
          mode: 'botframework',
          appId: e.MicrosoftAppId,
          appType: e.MicrosoftAppType,
          ...(e.MicrosoftAppPassword ? { appPassword: e.MicrosoftAppPassword } : {}),
          ...(e.MicrosoftAppTenantId ? { tenantId: e.MicrosoftAppTenantId } : {}),
        }
      : { mode: 'local' },
    storage:
      e.STORAGE === 'sqlite'
        ? { kind: 'sqlite', path: path.resolve(e.SQLITE_PATH) }
        : e.STORAGE === 'blob'
          ? { kind: 'blob', connectionString: e.BLOB_CONNECTION_STRING ?? '', container: e.BLOB_CONTAINER }
          : { kind: 'memory' },
    knowledgeDir: path.resolve(e.KNOWLEDGE_DIR),
    ...(e.CONTACTS_FILE ? { contactsFile: path.resolve(e.CONTACTS_FILE) } : {}),
    retentionDays: e.RETENTION_DAYS,
    insightsPath: e.INSIGHTS_PATH
      ? path.resolve(e.INSIGHTS_PATH)
      : e.STORAGE === 'memory'
        ? ':memory:'
        : path.join(
            e.STORAGE === 'sqlite' ? path.dirname(path.resolve(e.SQLITE_PATH)) : path.join(PROJECT_ROOT, 'data'),
            'insights.sqlite',
          ),
    insightsTable: e.INSIGHTS_TABLE,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxConnections: e.MAX_CONNECTIONS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    logLevel: e.LOG_LEVEL,
    adminIds: e.ADMIN_IDS,
    teamsAppId: e.TEAMS_APP_ID ?? EXAMPLE_APP_ID,
  };
}

// ---- packaging (npm run package) ------------------------------------------------------------

/** A fixed example GUID so `npm run package` works without settings; replace it for a real install. */
export const EXAMPLE_APP_ID = '6f1d2c3b-8a4e-4b7f-9c21-5d3e8f0a7b64';

const guid = z.string().trim().regex(GUID, 'moet een GUID zijn');

const PackagingEnvSchema = z.object({
  TEAMS_APP_ID: z.preprocess(emptyAsUndefined, guid.default(EXAMPLE_APP_ID)),
  BOT_ID: z.preprocess(emptyAsUndefined, guid.optional()),
  MicrosoftAppId: z.preprocess(emptyAsUndefined, guid.optional()),
  BOT_DOMAIN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[a-z0-9*]([a-z0-9-.]*[a-z0-9])?$/i, 'moet een domeinnaam zijn zonder https:// of pad')
      .default('bpv-wegwijzer.example.org'),
  ),
  INFO_BASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^https:\/\/\S+$/, 'moet met https:// beginnen')
      .transform((s) => s.replace(/\/+$/, ''))
      .default('https://bpv-wegwijzer.example.org'),
  ),
  DEVELOPER_NAME: z.preprocess(emptyAsUndefined, z.string().trim().max(32).default('Bpv-wegwijzer')),
});

/** Values filled into manifest/manifest.template.json by `npm run package`. */
export interface PackagingConfig {
  teamsAppId: string;
  botId: string;
  botDomain: string;
  infoBaseUrl: string;
  developerName: string;
  /** Names of the settings that were not set and fell back to an example value. */
  defaultsUsed: string[];
}

export function loadPackagingConfig(env: NodeJS.ProcessEnv = process.env): PackagingConfig {
  const parsed = PackagingEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ongeldige instellingen voor het app-pakket:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const unset = (name: string) => emptyAsUndefined(env[name]) === undefined;
  return {
    teamsAppId: e.TEAMS_APP_ID,
    botId: e.BOT_ID ?? e.MicrosoftAppId ?? EXAMPLE_APP_ID,
    botDomain: e.BOT_DOMAIN,
    infoBaseUrl: e.INFO_BASE_URL,
    developerName: e.DEVELOPER_NAME,
    defaultsUsed: [
      ...(unset('TEAMS_APP_ID') ? ['TEAMS_APP_ID'] : []),
      ...(unset('BOT_ID') && unset('MicrosoftAppId') ? ['BOT_ID'] : []),
      ...(unset('BOT_DOMAIN') ? ['BOT_DOMAIN'] : []),
      ...(unset('INFO_BASE_URL') ? ['INFO_BASE_URL'] : []),
    ],
  };
}
