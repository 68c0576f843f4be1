import restify from 'restify';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { messageInvokeResponse } from '../src/host/invokeResponse';

/**
 * The baseline for the benchmark: a bare echo bot on the same stack as Bpv-wegwijzer (botbuilder
 * CloudAdapter on restify, local mode without authentication, no state, no logging). It answers every
 * activity the benchmark sends: text and Action.Submit with one message, Action.Execute with an invoke
 * response, the bot being added with a greeting. Settings: PORT (default 3979) and HOST (127.0.0.1).
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const value: unknown = context.activity.value;
      const verb = value && typeof value === 'object' && 'verb' in value ? String(value.verb) : undefined;
      await context.sendActivity(verb ? `Echo: knop ${verb}` : `Echo: ${context.activity.text ?? ''}`);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await context.sendActivity('Echo: welkom');
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    return messageInvokeResponse(`Echo: ${typeof verb === 'string' ? verb : ''}`);
  }
}

function main(): void {
  const port = Number(process.env.PORT ?? '3979');
  const host = process.env.HOST ?? '127.0.0.1';
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, mapFiles: false }));
  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await bot.run(context);
    });
  });
  server.listen(port, host, () => {
    process.stdout.write(`echo bot on ${server.address().port}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
