import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import { type Logger, pseudonym } from './logger';

export const TURN_ERROR_MESSAGE =
  'Sorry, er ging bij mij iets mis. Je antwoorden zijn bewaard; probeer het zo nog eens of typ "help".';

/** The Bot Framework settings in the form botbuilder's configuration classes read. */
export function botFrameworkSettings(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  if (config.auth.mode === 'local') return {};
  return {
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType,
    MicrosoftAppTenantId: config.auth.tenantId,
  };
}

/**
 * CloudAdapter with Bot Framework authentication when an app id is set (SingleTenant, UserAssignedMSI
 * or MultiTenant), and none in local mode. `onTurnError` logs without message text and tells the
 * user in Dutch, never with internals.
 */
export function createAdapter(config: Config, logger: Logger, extra: ConfigurationBotFrameworkAuthenticationOptions = {}): CloudAdapter {
  const settings = { ...botFrameworkSettings(config), ...extra };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));

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
