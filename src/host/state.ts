import { type BotState, ConversationState, type StatePropertyAccessor, type Storage, type StorageKeyFactory, type TurnContext, UserState } from 'botbuilder';
import { storedTextOf } from './storedText';

type StateObject = Record<string, unknown> & { eTag?: string };

interface Cached {
  state: StateObject;
  /** The state as JSON (without eTag) when it was loaded or last saved: what a change is measured against. */
  json: string;
}

/**
 * The state as JSON without its eTag, which only says which version was read: the form stores write,
 * so a store's own text of the item (storedText.ts) serves as the baseline without serializing again.
 */
function jsonOf(state: StateObject): string {
  const { eTag: _version, ...data } = state;
  return JSON.stringify(data);
}

/**
 * BotState's turn cache with a cheaper way to tell that state changed. botbuilder compares a change hash
 * (its JSON walk calls a replacer for every value, then SHA-256) made at every load and before and after
 * every save: about 5% of a turn's CPU (docs/performance.md). This compares the plain JSON text, which
 * tells the same changes for state that is plain data, as ours is (a cycle would make JSON.stringify
 * throw, as saving it would anyway). Load, save, clear, get and delete behave as BotState's.
 */
class TurnStateCache {
  private readonly key = Symbol('state');

  constructor(
    private readonly storage: Storage,
    private readonly storageKey: StorageKeyFactory,
  ) {}

  get(context: TurnContext): StateObject | undefined {
    return (context.turnState.get(this.key) as Cached | undefined)?.state;
  }

  async load(context: TurnContext, force: boolean): Promise<StateObject> {
    const cached = context.turnState.get(this.key) as Cached | undefined;
    if (cached && !force) return cached.state;
    const key = await this.storageKey(context);
    const state = ((await this.storage.read([key]))[key] ?? {}) as StateObject;
    context.turnState.set(this.key, { state, json: storedTextOf(state) ?? jsonOf(state) } satisfies Cached);
    return state;
  }

  async save(context: TurnContext, force: boolean): Promise<void> {
    let cached = context.turnState.get(this.key) as Cached | undefined;
    const now = cached && !force ? jsonOf(cached.state) : undefined;
    if (!force && (!cached || cached.json === now)) return;
    const key = await this.storageKey(context);
    cached ??= { state: {}, json: '' };
    // As BotState does: "*" here; OptimisticStorage turns it into the eTag the state was read with.
    cached.state.eTag = '*';
    await this.storage.write({ [key]: cached.state });
    cached.json = now ?? jsonOf(cached.state);
    context.turnState.set(this.key, cached);
  }

  clear(context: TurnContext): void {
    // An empty baseline: the cleared state is saved by the next saveChanges.
    context.turnState.set(this.key, { state: {}, json: '' } satisfies Cached);
  }

  async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.key);
    await this.storage.delete([await this.storageKey(context)]);
  }
}

/**
 * botbuilder's BotStatePropertyAccessor, with the same behaviour: state loaded on first use, a default
 * value stored as a copy. A turn reads and writes some ten properties (dialog stack, redelivery
 * memory, profile), and botbuilder's accessor, compiled to generator-based async code, went through
 * `load` each time; this one takes the loaded state directly (docs/performance.md).
 */
class JsonPropertyAccessor<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly cache: TurnStateCache,
    readonly name: string,
  ) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const state = this.cache.get(context) ?? (await this.cache.load(context, false));
    if (!Object.hasOwn(state, this.name) && defaultValue !== undefined) {
      state[this.name] = typeof defaultValue === 'object' ? (JSON.parse(JSON.stringify(defaultValue)) as T) : defaultValue;
    }
    return state[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    const state = this.cache.get(context) ?? (await this.cache.load(context, false));
    state[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const state = this.cache.get(context) ?? (await this.cache.load(context, false));
    if (Object.hasOwn(state, this.name)) delete state[this.name];
  }
}

type StateClass<T extends BotState> = new (storage: Storage, namespace?: string) => T;

/** `Base` (ConversationState or UserState) with TurnStateCache's way of telling changes. */
function comparingJson<T extends BotState>(Base: StateClass<BotState>): StateClass<T> {
  class JsonComparedState extends Base {
    private readonly cache: TurnStateCache = new TurnStateCache(this.storage, this.storageKey);

    override load(context: TurnContext, force = false): Promise<StateObject> {
      return this.cache.load(context, force);
    }

    override saveChanges(context: TurnContext, force = false): Promise<void> {
      return this.cache.save(context, force);
    }

    override async clear(context: TurnContext): Promise<void> {
      this.cache.clear(context);
    }

    override delete(context: TurnContext): Promise<void> {
      return this.cache.delete(context);
    }

    override get(context: TurnContext): StateObject | undefined {
      return this.cache.get(context);
    }

    override createProperty<P = unknown>(name: string): StatePropertyAccessor<P> {
      return new JsonPropertyAccessor<P>(this.cache, name);
    }
  }
  return JsonComparedState as unknown as StateClass<T>;
}

/** botbuilder's ConversationState, telling changes by JSON text (see TurnStateCache). */
export const JsonConversationState = comparingJson<ConversationState>(ConversationState);

/** botbuilder's UserState, telling changes by JSON text (see TurnStateCache). */
export const JsonUserState = comparingJson<UserState>(UserState);
