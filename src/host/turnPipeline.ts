import { hash } from 'node:crypto';
import type { Activity, ConversationState, ResourceResponse, TurnContext } from 'botbuilder';
import { DeliveryFailedError } from './adapter';
import { invokeResponseActivity, messageInvokeResponse } from './invokeResponse';
import { type Logger, pseudonym } from './logger';
import type { TurnHandler } from './server';
import { isETagConflict, type StateStore } from './stateStore';
import { errorFields } from '../common/errors';

export const CONFLICT_MESSAGE =
  'Je bericht kwam tegelijk binnen met een ander bericht en is niet verwerkt. Stuur het nog een keer, dan pak ik het op.';
export const NOT_SAVED_MESSAGE =
  'Sorry, ik kon je bericht nu niet bewaren, dus het is niet verwerkt. Stuur het zo nog een keer.';
export const TURN_ERROR_MESSAGE =
  'Sorry, er ging bij mij iets mis met dit bericht; het is niet verwerkt. Je eerdere antwoorden zijn bewaard: probeer het zo nog eens of typ "help".';
export const RESTART_MESSAGE =
  'Ik ben bijgewerkt en weet niet meer precies waar we in ons gesprek waren. Sorry! Typ "advies" voor je advies of "start" om opnieuw te beginnen.';
const BUSY_MESSAGE =
  'Ik krijg nu te veel berichten tegelijk in dit gesprek. Wacht even en stuur je bericht dan nog een keer.';
const ALREADY_DONE_MESSAGE = 'Dit was al verwerkt.';

/** A dialog id in stored state that this version no longer has (state saved by an older release). */
function isUnknownDialog(error: unknown): boolean {
  return error instanceof Error && /dialog with an id of '.*' wasn't found/i.test(error.message);
}

/**
 * How a conversation remembers an activity it handled: 8 characters (48 bits) of the id's SHA-256.
 * Teams' ids run to 30 characters and more; 50 of them would make up most of a conversation's state.
 */
export function activityKey(activityId: string): string {
  return hash('sha256', activityId, 'base64url').slice(0, 8);
}

type Effect = { name: string; run: () => Promise<void> };
const EFFECTS_KEY = Symbol('turnEffects');

/**
 * Asks for `run` to happen once this turn's state is saved and its replies are delivered: for what a
 * turn does besides its state and replies (a referral stored and posted, insight counts, a message to
 * another conversation). A turn that is run again (a conflict) or not kept (replies not delivered)
 * drops what it asked for; a redelivered activity is not run at all. So each happens once per activity.
 */
export function afterSave(context: TurnContext, name: string, run: () => Promise<void>): void {
  const effects = context.turnState.get<Effect[] | undefined>(EFFECTS_KEY);
  if (!effects) throw new Error(`afterSave("${name}") outside a turn of the TurnPipeline`);
  effects.push({ name, run });
}

export interface TurnPipelineOptions {
  /** The bot's logic for one turn (the Teams handler); it neither saves nor sends directly. */
  bot: TurnHandler;
  /** The turn's state: one item per conversation (dialog stack, the coordinator's profile, recent activity ids). */
  conversationState: ConversationState;
  /** Where that state lives; written only here, conditionally. */
  store: StateStore;
  logger: Logger;
  /** State from older releases kept elsewhere, moved into the loaded state (see app.ts). */
  adopt?: (context: TurnContext, state: Record<string, unknown>) => Promise<void>;
  /** Re-runs on fresh state after an eTag conflict before the user is asked to send again. */
  conflictRetries?: number;
  /** How many recent activity ids a conversation remembers to recognise a redelivery. */
  dedupeWindow?: number;
  /** Turns of one conversation that may wait in this process; more are turned away in Dutch. */
  maxQueuedPerConversation?: number;
  /** Longest wait for the conversation's previous turn (a stuck one is then overtaken; eTags still guard the state). */
  maxQueueWaitMs?: number;
}

interface Loaded {
  key: string;
  state: Record<string, unknown>;
  /** The eTag the state was read with; null: the conversation has no stored state yet. */
  eTag: string | null;
  /** The state as read, to set it back when the turn's replies cannot be delivered. */
  before: string;
}

/**
 * One turn, from the request to its effects. Read top to bottom:
 *
 * 1. queue:   one conversation's turns run one after another in this process;
 * 2. load:    the conversation's state (one item), remembering its eTag;
 * 3. dedupe:  an activity handled before (Teams redelivers) is not run again;
 * 4. run:     the bot's logic; what it sends is held back, what it wants done besides is noted (afterSave);
 * 5. save:    the state in one conditional write: only over the version it read, or for a new conversation
 *             only if still absent. Another instance wrote first: back to 2 on fresh state (twice at most),
 *             then the user is asked to send again. The store failed: the user is told it was not kept;
 * 6. reply:   the held replies go out (bounded retry within the turn's budget, adapter.ts). If they cannot,
 *             the saved state is set back and Teams gets a 503, so its redelivery runs the turn again;
 * 7. effects: what the turn asked for, once, in order.
 *
 * Saving the whole turn in one item is what makes 5 atomic on every store: a blob write is atomic, two
 * are not (conversation and user state used to be two blobs, and a conflict could land one of them).
 * A failing turn (an error in the bot's logic) keeps nothing of its own; state an older release wrote
 * that this one cannot continue (an unknown dialog, or a second failure in a row) gets the dialog
 * stack cleared and a friendly restart, never a crash loop.
 */
export class TurnPipeline implements TurnHandler {
  private readonly queues = new Map<string, { tail: Promise<void>; size: number }>();
  private readonly conflictRetries: number;
  private readonly dedupeWindow: number;
  private readonly maxQueued: number;
  private readonly maxQueueWaitMs: number;

  constructor(private readonly options: TurnPipelineOptions) {
    this.conflictRetries = options.conflictRetries ?? 2;
    this.dedupeWindow = options.dedupeWindow ?? 50;
    this.maxQueued = options.maxQueuedPerConversation ?? 100;
    this.maxQueueWaitMs = options.maxQueueWaitMs ?? 4_000;
  }

  /** Turns waiting or running in this process. */
  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  /** 1. queue */
  async run(context: TurnContext): Promise<void> {
    const key = context.activity.conversation?.id ?? '';
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), size: 0 };
    if (queue.size >= this.maxQueued) {
      this.options.logger.warn(
        { conversation: pseudonym(key), queued: queue.size },
        'turn refused: conversation queue full',
      );
      await tell(context, BUSY_MESSAGE);
      return;
    }
    queue.size++;
    this.queues.set(key, queue);
    const turn = (queue.size === 1 ? Promise.resolve() : waitAtMost(queue.tail, this.maxQueueWaitMs)).then(() =>
      this.runTurn(context),
    );
    queue.tail = turn.catch(() => undefined);
    try {
      await turn;
    } finally {
      queue.size--;
      if (queue.size === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    }
  }

  private async runTurn(context: TurnContext): Promise<void> {
    const { logger } = this.options;
    const conversation = pseudonym(context.activity.conversation?.id);
    const seenAs = context.activity.id ? activityKey(context.activity.id) : undefined;
    const held = HeldReplies.on(context);

    for (let attempt = 0; ; attempt++) {
      // 2. load
      let loaded: Loaded;
      try {
        loaded = await this.load(context);
      } catch (err) {
        logger.error({ conversation, failure: errorFields(err) }, 'state could not be read');
        await tell(context, NOT_SAVED_MESSAGE);
        return;
      }

      // 3. dedupe
      const recent = Array.isArray(loaded.state.recentActivityIds) ? (loaded.state.recentActivityIds as unknown[]) : [];
      if (seenAs && recent.includes(seenAs)) {
        logger.info({ conversation, activityType: context.activity.type }, 'duplicate delivery ignored');
        if (context.activity.type === 'invoke') await tell(context, ALREADY_DONE_MESSAGE);
        return;
      }

      // 4. run
      const effects: Effect[] = [];
      context.turnState.set(EFFECTS_KEY, effects);
      held.hold();
      try {
        await this.options.bot.run(context);
      } catch (err) {
        held.drop();
        await this.afterFailure(context, err);
        return;
      }

      // 5. save
      const stored: unknown = this.options.conversationState.get(context);
      const state: Record<string, unknown> =
        stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
      if (seenAs) {
        const seen: unknown[] = Array.isArray(state.recentActivityIds) ? state.recentActivityIds : [];
        state.recentActivityIds = [...seen, seenAs].slice(-this.dedupeWindow);
      }
      delete state.failedTurns;
      let savedETag: string;
      try {
        savedETag = await this.options.store.writeIf(loaded.key, state, loaded.eTag);
      } catch (err) {
        held.drop();
        if (!isETagConflict(err)) {
          logger.error({ conversation, failure: errorFields(err) }, 'state not saved: the user is asked to send again');
          await tell(context, NOT_SAVED_MESSAGE);
          return;
        }
        logger.warn({ conversation, attempt }, 'state changed by another turn: eTag conflict');
        if (attempt < this.conflictRetries) continue;
        await tell(context, CONFLICT_MESSAGE);
        return;
      }

      // 6. reply
      try {
        await held.deliver();
      } catch (err) {
        const before = JSON.parse(loaded.before) as Record<string, unknown>;
        await this.options.store.writeIf(loaded.key, before, savedETag).catch((rollbackError: unknown) => {
          logger.error(
            { conversation, failure: errorFields(rollbackError) },
            'replies not delivered and the saved state could not be set back',
          );
        });
        throw new DeliveryFailedError(err);
      }

      // 7. effects
      for (const effect of effects) {
        await effect.run().catch((err: unknown) => {
          logger.error(
            { conversation, effect: effect.name, failure: errorFields(err) },
            'effect after the turn failed',
          );
        });
      }
      return;
    }
  }

  /** The conversation's state, fresh from the store, with the eTag it was read with. */
  private async load(context: TurnContext): Promise<Loaded> {
    const { conversationState, adopt } = this.options;
    const key = conversationState.getStorageKey(context);
    if (!key) throw new Error('activity without channel or conversation id');
    const state = (await conversationState.load(context, true)) as Record<string, unknown>;
    const eTag = typeof state.eTag === 'string' ? state.eTag : null;
    const before = JSON.stringify(state);
    if (adopt) await adopt(context, state);
    return { key, state, eTag, before };
  }

  /**
   * The bot's logic failed. Nothing of the turn is kept. An unknown dialog, or a second failure in a
   * row, clears the dialog stack with a friendly restart; otherwise the failure is counted (saved) and
   * the user gets an apology.
   */
  private async afterFailure(context: TurnContext, error: unknown): Promise<void> {
    const { logger } = this.options;
    const conversation = pseudonym(context.activity.conversation?.id);
    const stack = error instanceof Error ? error.stack : undefined;
    logger.error(
      { conversation, activityType: context.activity.type, failure: { ...errorFields(error), stack } },
      'turn failed',
    );
    let recover = isUnknownDialog(error);
    try {
      const loaded = await this.load(context);
      const failures = (typeof loaded.state.failedTurns === 'number' ? loaded.state.failedTurns : 0) + 1;
      recover ||= failures >= 2;
      if (recover) {
        delete loaded.state.dialogState;
        delete loaded.state.failedTurns;
      } else {
        loaded.state.failedTurns = failures;
      }
      await this.options.store.writeIf(loaded.key, loaded.state, loaded.eTag);
    } catch (saveError) {
      logger.warn({ conversation, failure: errorFields(saveError) }, 'could not save after a failed turn');
    }
    if (recover) {
      const reason = isUnknownDialog(error) ? 'unknown-dialog' : 'repeated-failure';
      logger.warn({ conversation, reason }, 'conversation state could not be continued: dialog restarted');
    }
    await tell(context, recover ? RESTART_MESSAGE : TURN_ERROR_MESSAGE);
  }
}

/**
 * A short Dutch message: as the invoke response for an invoke, else as a chat message. When even that
 * cannot be delivered, Teams gets a 503 and sends the activity again.
 */
async function tell(context: TurnContext, text: string): Promise<void> {
  try {
    if (context.activity.type === 'invoke') {
      await context.sendActivity(invokeResponseActivity(messageInvokeResponse(text)));
      return;
    }
    await context.sendActivity(text);
  } catch (err) {
    throw new DeliveryFailedError(err);
  }
}

/**
 * Holds back what a turn sends (messages, the invoke response, card updates) until its state is saved.
 * A held message has no id yet, so `sendActivity` resolves without one; once delivered, every message
 * has the id the Bot Connector gave it.
 */
class HeldReplies {
  private static readonly KEY = Symbol('heldReplies');
  private holding = false;
  private sends: Array<Partial<Activity>> = [];
  private updates: Array<Partial<Activity>> = [];

  /** The held replies of this turn context (the hooks are installed once per context). */
  static on(context: TurnContext): HeldReplies {
    let held = context.turnState.get<HeldReplies | undefined>(HeldReplies.KEY);
    if (held) return held;
    const created = new HeldReplies(context);
    held = created;
    context.turnState.set(HeldReplies.KEY, created);
    context.onSendActivities(async (_ctx, activities, next): Promise<ResourceResponse[]> => {
      if (!created.holding) return next();
      created.sends.push(...activities);
      return [];
    });
    context.onUpdateActivity(async (_ctx, activity, next): Promise<void> => {
      if (!created.holding) return next();
      created.updates.push(activity);
    });
    return held;
  }

  private constructor(private readonly context: TurnContext) {}

  hold(): void {
    this.drop();
    this.holding = true;
  }

  drop(): void {
    this.holding = false;
    this.sends = [];
    this.updates = [];
  }

  /** Sends the held messages in order (throws when one cannot be delivered), then the card updates. */
  async deliver(): Promise<void> {
    const { sends, updates } = this;
    this.drop();
    if (sends.length > 0) await this.context.sendActivities(sends);
    // A card that cannot be replaced in place is cosmetic: the reply itself went out.
    for (const update of updates) await this.context.updateActivity(update).catch(() => undefined);
  }
}

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
