import { hash, randomUUID } from 'node:crypto';
import type { Activity, BotState, ConversationState, ResourceResponse, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { type Logger, pseudonym } from './logger';
import type { TurnHandler } from './server';
import { loadStates } from './state';

export const CONFLICT_MESSAGE = 'Je bericht kwam tegelijk binnen met een ander bericht en is niet verwerkt. Stuur het nog een keer, dan pak ik het op.';
export const RESTART_MESSAGE =
  'Ik ben bijgewerkt en weet niet meer precies waar we in ons gesprek waren. Sorry! Typ "advies" voor je advies of "start" om opnieuw te beginnen.';
export const BUSY_MESSAGE = 'Ik krijg nu te veel berichten tegelijk in dit gesprek. Wacht even en stuur je bericht dan nog een keer.';

/** A dialog id in stored state that this version no longer has (state saved by an older release). */
export function isUnknownDialog(error: unknown): boolean {
  return error instanceof Error && /dialog with an id of '.*' wasn't found/i.test(error.message);
}

/** True for an optimistic-concurrency failure of any of our stores (SQLite, Azure Blobs, memory). */
export function isETagConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'ETagConflictError' || /etag conflict/i.test(error.message);
}

export interface TurnRunnerOptions {
  /** The bot; its `run` saves state at the end of the turn. */
  bot: TurnHandler;
  conversationState: ConversationState;
  /** All states the bot saves: loaded together at the start of a turn, reloaded before a retry. */
  states: BotState[];
  logger: Logger;
  /** Retries with fresh state after an eTag conflict before the user is asked to send again. */
  conflictRetries?: number;
  /** How many recent activity ids a conversation remembers to recognise a redelivery. */
  dedupeWindow?: number;
  /** Turns of one conversation that may wait in this process; more are turned away in Dutch. */
  maxQueuedPerConversation?: number;
  /**
   * Longest wait for the conversation's previous turn. A turn stuck on the network must not hold the
   * next ones past Teams' 15 s limit; after this they run anyway (eTags still guard the state).
   */
  maxQueueWaitMs?: number;
  /** The conversation-state property holding the dialog stack (as named by the bot). */
  dialogStateProperty?: string;
}

/**
 * Runs each turn the way Teams needs it:
 * - turns of one conversation run one after another in this process (no self-inflicted eTag conflicts);
 * - a redelivered activity (same id, e.g. Teams retrying after its 15 s timeout) is handled once: the
 *   ids of recent activities live in conversation state, so this holds across instances too;
 * - replies are held back until the state is saved; when another instance wrote first (eTag conflict)
 *   the turn is re-run on fresh state and only then replied to; if that keeps failing, the user is asked
 *   in Dutch to send the message again. Nothing is lost silently;
 * - state an older release wrote that this one cannot continue (an unknown dialog id, or a second failed
 *   turn in a row) gets the dialog stack cleared and a friendly Dutch restart, never a crash loop. A
 *   failed turn's replies are dropped with its state changes; the adapter's onTurnError apologises.
 */
export class TurnRunner implements TurnHandler {
  private readonly processed: StatePropertyAccessor<string[]>;
  private readonly failedTurns: StatePropertyAccessor<number>;
  private readonly dialogState: StatePropertyAccessor<unknown>;
  private readonly queues = new Map<string, { tail: Promise<void>; size: number }>();
  private readonly conflictRetries: number;
  private readonly dedupeWindow: number;
  private readonly maxQueued: number;
  private readonly maxQueueWaitMs: number;

  constructor(private readonly options: TurnRunnerOptions) {
    this.processed = options.conversationState.createProperty<string[]>('recentActivityIds');
    this.failedTurns = options.conversationState.createProperty<number>('failedTurns');
    this.dialogState = options.conversationState.createProperty<unknown>(options.dialogStateProperty ?? 'dialogState');
    this.conflictRetries = options.conflictRetries ?? 2;
    this.dedupeWindow = options.dedupeWindow ?? 50;
    this.maxQueued = options.maxQueuedPerConversation ?? 100;
    this.maxQueueWaitMs = options.maxQueueWaitMs ?? 4_000;
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
    // Alone in the queue: nothing to wait for (and no timer to set).
    const turn = (queue.size === 1 ? Promise.resolve() : waitAtMost(queue.tail, this.maxQueueWaitMs)).then(() => this.runOnce(context));
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
    const seenAs = activityId ? activityKey(activityId) : undefined;
    const marker = seenAs ? `${seenAs}${randomUUID().slice(0, 4)}` : undefined;
    const buffer = new ReplyBuffer(context);

    for (let attempt = 0; ; attempt++) {
      await loadStates(context, this.options.states, attempt > 0);
      if (seenAs && marker) {
        const seen = (await this.processed.get(context, [])) ?? [];
        const earlier = seen.find((entry) => entry.startsWith(seenAs));
        // Our own marker means this instance saved part of the turn before the conflict: carry on.
        if (earlier && earlier !== marker) {
          logger.info({ conversation: pseudonym(context.activity.conversation?.id), activityType: context.activity.type }, 'duplicate delivery ignored');
          buffer.discard();
          if (context.activity.type === 'invoke') await this.tell(context, 'Dit was al verwerkt.');
          return;
        }
        if (!earlier) await this.processed.set(context, [...seen, marker].slice(-this.dedupeWindow));
      }
      // A turn that succeeds ends a run of failures (saved with the turn).
      if ((await this.failedTurns.get(context)) !== undefined) await this.failedTurns.delete(context);
      buffer.start();
      try {
        await this.options.bot.run(context);
      } catch (error) {
        if (!isETagConflict(error)) {
          buffer.discard();
          await this.afterFailure(context, error);
          return;
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

  /**
   * A turn failed. Its state changes are dropped (fresh state is loaded). An unknown dialog, or a second
   * failure in a row, clears the dialog stack with a friendly restart; otherwise the failure is counted
   * and the error goes on to the adapter's onTurnError (which apologises in Dutch).
   */
  private async afterFailure(context: TurnContext, error: unknown): Promise<void> {
    const { logger } = this.options;
    await loadStates(context, this.options.states, true);
    const failures = ((await this.failedTurns.get(context, 0)) ?? 0) + 1;
    const recover = isUnknownDialog(error) || failures >= 2;
    if (recover) {
      await this.dialogState.delete(context);
      await this.failedTurns.delete(context);
    } else {
      await this.failedTurns.set(context, failures);
    }
    await this.options.conversationState.saveChanges(context, false).catch((saveError: unknown) => {
      logger.warn({ err: { message: saveError instanceof Error ? saveError.message : String(saveError) } }, 'could not save after a failed turn');
    });
    if (!recover) throw error;
    logger.warn(
      {
        conversation: pseudonym(context.activity.conversation?.id),
        reason: isUnknownDialog(error) ? 'unknown-dialog' : 'repeated-failure',
        err: { type: error instanceof Error ? error.name : typeof error, message: error instanceof Error ? error.message : String(error) },
      },
      'conversation state could not be continued: dialog restarted',
    );
    await this.tell(context, RESTART_MESSAGE);
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
 * How a conversation remembers an activity it handled: 8 characters (48 bits) of the id's SHA-256,
 * followed by 4 random hex characters marking the attempt that saved it (`randomUUID` draws from a
 * buffer; `randomBytes` would ask the system every turn). Teams' ids run to 30 characters and more,
 * and 50 of them made up most of a conversation's stored state, which is read, hashed and written on
 * every turn (docs/performance.md).
 */
export function activityKey(activityId: string): string {
  return hash('sha256', activityId, 'base64url').slice(0, 8);
}

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
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
