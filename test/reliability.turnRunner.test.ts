import { type Activity, ConversationState, MemoryStorage, type StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OptimisticStorage } from '../src/host/optimisticStorage';
import { CONFLICT_MESSAGE, TurnRunner } from '../src/host/turnRunner';

/**
 * The turn runner and OptimisticStorage against a store where another instance writes in between
 * (deterministic eTag conflicts): the turn is re-run on fresh state, only the replies of the run that
 * was saved go out. (botbuilder's BotState alone writes with eTag "*": the later write would win.)
 */

const KEY_PART = '/conversations/';

/** Memory storage where "another instance" bumps the counter just before our next `races` writes. */
class RacingStorage extends MemoryStorage {
  races = 0;
  override async write(changes: StoreItems): Promise<void> {
    const key = Object.keys(changes).find((k) => k.includes(KEY_PART));
    if (this.races > 0 && key) {
      this.races--;
      const current = ((await this.read([key]))[key] ?? {}) as { count?: number };
      await super.write({ [key]: { ...current, count: (current.count ?? 0) + 10, eTag: '*' } });
    }
    return super.write(changes);
  }
}

/** One bot instance; pass `storage` to let several instances share one store. */
function setup(options: { maxQueueWaitMs?: number; hold?: (n: number) => Promise<void>; storage?: RacingStorage; name?: string } = {}) {
  const storage = options.storage ?? new RacingStorage();
  const conversationState = new ConversationState(new OptimisticStorage(storage));
  const count = conversationState.createProperty<number>('count');
  const bot = {
    async run(context: TurnContext): Promise<void> {
      const next = ((await count.get(context, 0)) ?? 0) + 1;
      await options.hold?.(next);
      await count.set(context, next);
      await context.sendActivity(`count=${next}`);
      await conversationState.saveChanges(context, false);
    },
  };
  const runner = new TurnRunner({
    bot,
    conversationState,
    states: [conversationState],
    logger: pino({ level: 'silent' }),
    ...(options.maxQueueWaitMs ? { maxQueueWaitMs: options.maxQueueWaitMs } : {}),
  });
  const adapter = new TestAdapter();
  const sent: string[] = [];
  let n = 0;
  const turn = async () => {
    const activity: Partial<Activity> = {
      type: 'message',
      id: `${options.name ?? 'activity'}-${++n}`,
      text: 'tel',
      channelId: 'msteams',
      conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'user-1', name: '' },
      recipient: { id: 'bot', name: '' },
      serviceUrl: 'http://127.0.0.1:1',
    };
    const context = new TurnContext(adapter, activity);
    await runner.run(context);
    while (adapter.activeQueue.length > 0) sent.push(String(adapter.activeQueue.shift()?.text));
  };
  return { storage, turn, sent, count: async () => ((await storage.read(['msteams/conversations/conv-1/']))['msteams/conversations/conv-1/'] as { count: number }).count };
}

describe('TurnRunner and eTag conflicts', () => {
  it('re-runs the turn on fresh state and sends only the saved outcome', async () => {
    const { storage, turn, sent, count } = setup();
    await turn();
    storage.races = 1;
    await turn();
    // Without the retry the user would have seen "count=2" while the store said 11.
    expect(sent).toEqual(['count=1', 'count=12']);
    expect(await count()).toBe(12);
  });

  it('asks the user in Dutch to send again when the conflict persists, and sends nothing else', async () => {
    const { storage, turn, sent, count } = setup();
    await turn();
    storage.races = 100;
    await turn();
    expect(sent).toEqual(['count=1', CONFLICT_MESSAGE]);
    expect(await count()).toBe(31);
  });

  it('runs turns of one conversation one after another in this process', async () => {
    const { turn, sent, count } = setup({ hold: () => new Promise((r) => setTimeout(r, 20)) });
    await Promise.all([turn(), turn(), turn(), turn()]);
    expect(sent).toEqual(['count=1', 'count=2', 'count=3', 'count=4']);
    expect(await count()).toBe(4);
  });

  it('does not let a stuck turn hold the next one longer than the bound', async () => {
    let release: () => void = () => undefined;
    // (The conversation exists already: a brand-new one has no eTag to guard its first write.)
    let runs = -1;
    const { turn, sent } = setup({ maxQueueWaitMs: 50, hold: () => (++runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve()) });
    await turn();
    const stuck = turn();
    await new Promise((r) => setTimeout(r, 10));
    await turn();
    expect(sent).toEqual(['count=1', 'count=2']);
    release();
    await stuck;
    // The stuck turn lost the race for the state: it was re-run on fresh state, not saved over it.
    expect(sent).toEqual(['count=1', 'count=2', 'count=3']);
  });

  it('remembers the last 50 activities in a few bytes each, not their ids', async () => {
    const { storage, turn } = setup({ name: `f:${'8'.repeat(40)}` });
    for (let i = 0; i < 60; i++) await turn();
    const stored = (await storage.read(['msteams/conversations/conv-1/']))['msteams/conversations/conv-1/'] as { recentActivityIds: string[] };
    expect(stored.recentActivityIds).toHaveLength(50);
    for (const entry of stored.recentActivityIds) expect(entry).toMatch(/^[\w-]{12}$/);
    expect(JSON.stringify(stored.recentActivityIds).length).toBeLessThan(800);
  });

  it('guards the first write of a brand-new conversation across instances too', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const a = setup({ name: 'a', hold: () => (++runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve()) });
    const b = setup({ name: 'b', storage: a.storage });
    const slow = a.turn();
    await new Promise((r) => setTimeout(r, 10));
    await b.turn();
    release();
    await slow;
    expect(b.sent).toEqual(['count=1']);
    // Instance A read "no conversation yet", but B created it meanwhile: A re-ran on B's state.
    expect(a.sent).toEqual(['count=2']);
    expect(await a.count()).toBe(2);
  });
});
