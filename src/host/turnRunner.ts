import { randomUUID } from 'node:crypto';
import type { Activity, BotState, ConversationState, ResourceResponse, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { type Logger, pseudonym } from './logger';
import type { TurnHandler } from './server';

export const CONFLICT_MESSAGE = 'Je bericht kwam tegelijk binnen met een ander bericht en is niet verwerkt. Stuur het nog een keer, dan pak ik het op.';
export const BUSY_MESSAGE = 'Ik krijg nu te veel berichten tegelijk in dit gesprek. Wacht even en stuur je bericht dan nog een keer.';

/** True for an optimistic-concurrency failure of any of our stores (SQLite, Azure Blobs, memory). */
export function isETagConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'ETagConflictError' || /etag conflict/i.test(error.message);
}

export interface TurnRunnerOptions {
  /** The bot; its `run` saves state at the end of the turn. */
  bot: TurnHandler;
  conversationState: ConversationState;
  /** All states the bot saves, reloaded from storage before a retry. */
  states: BotState[];
  logger: Logger;
  /** Retries with fresh state after an eTag conflict before the user is asked to send again. */
  conflictRetries?: number;
  /** How many recent activity ids a conversation remembers to recognise a redelivery. */
  dedupeWindow?: number;
  /** Turns of one conversation that may wait in this process; more are turned away in Dutch. */
  maxQueuedPerConversation?: number;
}

/**
 * Runs each turn the way Teams needs it:
 * - turns of one conversation run one after another in this process (no self-inflicted eTag conflicts);
 * - a redelivered activity (same id, e.g. Teams retrying after its 15 s timeout) is handled once: the
 *   ids of recent activities live in conversation state, so this holds across instances too;
 * - replies are held back until the state is saved; when another instance wrote first (eTag conflict)
 *   the turn is re-run on fresh state and only then replied to; if that keeps failing, the user is asked
 *   in Dutch to send the message again. Nothing is lost silently.
 */
export class TurnRunner implements TurnHandler {
  private readonly processed: StatePropertyAccessor<string[]>;
  private readonly queues = new Map<string, { tail: Promise<void>; size: number }>();
  private readonly conflictRetries: number;
  private readonly dedupeWindow: number;
  private readonly maxQueued: number;

  constructor(private readonly options: TurnRunnerOptions) {
    this.processed = options.conversationState.createProperty<string[]>('recentActivityIds');
    this.conflictRetries = options.conflictRetries ?? 2;
    this.dedupeWindow = options.dedupeWindow ?? 200;
    this.maxQueued = options.maxQueuedPerConversation ?? 100;
  }

  /** Turns waiting or running in this process (for tests and shutdown logs). */
  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  async run(context: TurnContext): Promise<void> {
    const key = context.activity.conversation?.id ?? '';
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), size: 0 };
    if (queue.size >= this.maxQueued) {
      this.options.logger.warn({ conversation: pseudonym(key), queued: queue.size }, 'turn refused: conversation queue full');
      await this.tell(context, BUSY_MESSAGE);
      return;
    }
    queue.size++;
    this.queues.set(key, queue);
    const turn = queue.tail.then(() => this.runOnce(context));
    queue.tail = turn.catch(() => undefined);
    try {
      await turn;
    } finally {
      queue.size--;
      if (queue.size === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    }
  }

  private async runOnce(context: TurnContext): Promise<void> {
    const { logger } = this.options;
    const activityId = context.activity.id;
    const marker = activityId ? `${activityId}|${randomUUID()}` : undefined;
    const buffer = new ReplyBuffer(context);

    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) for (const state of this.options.states) await state.load(context, true);
      if (activityId && marker) {
        const seen = (await this.processed.get(context, [])) ?? [];
        const earlier = seen.find((entry) => entry.startsWith(`${activityId}|`));
        // Our own marker means this instance saved part of the turn before the conflict: carry on.
        if (earlier && earlier !== marker) {
          logger.info({ conversation: pseudonym(context.activity.conversation?.id), activityType: context.activity.type }, 'duplicate delivery ignored');
          buffer.discard();
          if (context.activity.type === 'invoke') await this.tell(context, 'Dit was al verwerkt.');
          return;
        }
        if (!earlier) await this.processed.set(context, [...seen, marker].slice(-this.dedupeWindow));
      }
      buffer.start();
      try {
        await this.options.bot.run(context);
      } catch (error) {
        if (!isETagConflict(error)) {
          await buffer.flush();
          throw error;
        }
        buffer.discard();
        logger.warn({ conversation: pseudonym(context.activity.conversation?.id), attempt }, 'state changed by another turn: eTag conflict');
        if (attempt < this.conflictRetries) continue;
        await this.tell(context, CONFLICT_MESSAGE);
        return;
      }
      await buffer.flush();
      return;
    }
  }

  /** A short Dutch message: as the invoke response for an invoke, else as a chat message. */
  private async tell(context: TurnContext, text: string): Promise<void> {
    if (context.activity.type === 'invoke') {
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
      });
      return;
    }
    await context.sendActivity(text);
  }
}

/**
 * Holds back what a turn sends (new messages and card updates) until its state is saved. The ids of
 * held messages are handed out as empty strings: nothing in this bot reads them.
 */
class ReplyBuffer {
  private buffering = false;
  private sends: Array<Partial<Activity>> = [];
  private updates: Array<Partial<Activity>> = [];
  private installed = false;

  constructor(private readonly context: TurnContext) {}

  start(): void {
    this.sends = [];
    this.updates = [];
    this.buffering = true;
    if (this.installed) return;
    this.installed = true;
    this.context.onSendActivities(async (_ctx, activities, next): Promise<ResourceResponse[]> => {
      if (!this.buffering) return next();
      this.sends.push(...activities);
      return activities.map(() => ({ id: '' }));
    });
    this.context.onUpdateActivity(async (_ctx, activity, next): Promise<void> => {
      if (!this.buffering) return next();
      this.updates.push(activity);
    });
  }

  discard(): void {
    this.sends = [];
    this.updates = [];
    this.buffering = false;
  }

  async flush(): Promise<void> {
    this.buffering = false;
    const sends = this.sends;
    const updates = this.updates;
    this.sends = [];
    this.updates = [];
    if (sends.length > 0) await this.context.sendActivities(sends);
    // A card that cannot be replaced in place is cosmetic: the reply itself went out.
    for (const update of updates) await this.context.updateActivity(update).catch(() => undefined);
  }
}
