import { type Activity, ConversationState, type ResourceResponse, TestAdapter, TurnContext } from 'botbuilder';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DeliveryFailedError } from '../src/host/adapter';
import { MemoryStore } from '../src/host/stateStore';
import { CONFLICT_MESSAGE, TurnPipeline, afterSave } from '../src/host/turnPipeline';

/**
 * The turn pipeline against a store where "another instance" writes in between (deterministic eTag
 * conflicts): the turn is run again on fresh state, only the replies of the run that was saved go out,
 * and what a turn asked to have done besides (afterSave) happens once.
 */

const KEY = 'msteams/conversations/conv-1/';

/** A store where another instance changes the conversation just before our next `races` writes. */
class RacingStore extends MemoryStore {
  races = 0;
  override async writeIf(key: string, item: Record<string, unknown>, eTag: string | null): Promise<string> {
    if (this.races > 0 && key === KEY) {
      this.races--;
      const current = ((await this.read([key]))[key] ?? {}) as { count?: number; eTag?: string };
      await super.writeIf(key, { ...current, count: (current.count ?? 0) + 10 }, current.eTag ?? null);
    }
    return super.writeIf(key, item, eTag);
  }
}

/** An adapter whose sends fail while `failing` is set (a Bot Connector refusing every reply). */
class FlakyAdapter extends TestAdapter {
  failing = false;
  override async sendActivities(
    context: TurnContext,
    activities: Array<Partial<Activity>>,
  ): Promise<ResourceResponse[]> {
    if (this.failing) throw Object.assign(new Error('status 500'), { statusCode: 500 });
    return super.sendActivities(context, activities);
  }
}

/** One bot instance; pass `store` to let several instances share one store. */
function setup(
  options: { maxQueueWaitMs?: number; hold?: (n: number) => Promise<void>; store?: RacingStore; name?: string } = {},
) {
  const store = options.store ?? new RacingStore();
  const conversationState = new ConversationState(store);
  const count = conversationState.createProperty<number>('count');
  const effects: string[] = [];
  const bot = {
    async run(context: TurnContext): Promise<void> {
      const next = ((await count.get(context, 0)) ?? 0) + 1;
      await options.hold?.(next);
      await count.set(context, next);
      afterSave(context, 'count', async () => void effects.push(`counted ${next}`));
      await context.sendActivity(`count=${next}`);
    },
  };
  const pipeline = new TurnPipeline({
    bot,
    conversationState,
    store,
    logger: pino({ level: 'silent' }),
    ...(options.maxQueueWaitMs ? { maxQueueWaitMs: options.maxQueueWaitMs } : {}),
  });
  const adapter = new FlakyAdapter();
  const sent: string[] = [];
  let n = 0;
  const turn = async (id = `${options.name ?? 'activity'}-${++n}`) => {
    const activity: Partial<Activity> = {
      type: 'message',
      id,
      text: 'tel',
      channelId: 'msteams',
      conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'user-1', name: '' },
      recipient: { id: 'bot', name: '' },
      serviceUrl: 'http://127.0.0.1:1',
    };
    const context = new TurnContext(adapter, activity);
    try {
      await pipeline.run(context);
    } finally {
      while (adapter.activeQueue.length > 0) sent.push(String(adapter.activeQueue.shift()?.text));
    }
  };
  const stored = async () => ((await store.read([KEY]))[KEY] ?? {}) as { count?: number; recentActivityIds?: string[] };
  return { store, adapter, turn, sent, effects, count: async () => (await stored()).count, stored };
}

describe('TurnPipeline and eTag conflicts', () => {
  it('re-runs the turn on fresh state, sends only the saved outcome and does its effects once', async () => {
    const { store, turn, sent, effects, count } = setup();
    await turn();
    store.races = 1;
    await turn();
    // Without the re-run the user would have seen "count=2" while the store said 11.
    expect(sent).toEqual(['count=1', 'count=12']);
    expect(await count()).toBe(12);
    // The first, discarded run of the second turn asked for "counted 2": it never happened.
    expect(effects).toEqual(['counted 1', 'counted 12']);
  });

  it('asks the user in Dutch to send again when the conflict persists, and sends or does nothing else', async () => {
    const { store, turn, sent, effects, count } = setup();
    await turn();
    store.races = 100;
    await turn();
    expect(sent).toEqual(['count=1', CONFLICT_MESSAGE]);
    expect(effects).toEqual(['counted 1']);
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
    let runs = -1;
    const { turn, sent } = setup({
      maxQueueWaitMs: 50,
      hold: () => (++runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve()),
    });
    await turn();
    const stuck = turn();
    await new Promise((r) => setTimeout(r, 10));
    await turn();
    expect(sent).toEqual(['count=1', 'count=2']);
    release();
    await stuck;
    // The stuck turn lost the race for the state: it was run again on fresh state, not saved over it.
    expect(sent).toEqual(['count=1', 'count=2', 'count=3']);
  });

  it('handles a redelivered activity once and remembers the last 50 in a few bytes each', async () => {
    const { turn, sent, effects, stored } = setup();
    await turn('f:redelivered');
    await turn('f:redelivered');
    expect(sent).toEqual(['count=1']);
    expect(effects).toEqual(['counted 1']);
    for (let i = 0; i < 60; i++) await turn(`f:${'8'.repeat(40)}${i}`);
    const { recentActivityIds } = await stored();
    expect(recentActivityIds).toHaveLength(50);
    for (const entry of recentActivityIds ?? []) expect(entry).toMatch(/^[\w-]{8}$/);
  });

  it('guards the first write of a brand-new conversation across instances too', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const a = setup({
      name: 'a',
      hold: () => (++runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve()),
    });
    const b = setup({ name: 'b', store: a.store });
    const slow = a.turn();
    await new Promise((r) => setTimeout(r, 10));
    await b.turn();
    release();
    await slow;
    expect(b.sent).toEqual(['count=1']);
    // Instance A read "no conversation yet", but B created it meanwhile: A ran again on B's state.
    expect(a.sent).toEqual(['count=2']);
    expect(await a.count()).toBe(2);
  });
});

describe('TurnPipeline and replies that cannot be delivered', () => {
  it('keeps nothing of a turn whose reply the connector refuses, and runs it in full on the redelivery', async () => {
    const { adapter, turn, sent, effects, count } = setup();
    await turn();
    adapter.failing = true;
    await expect(turn('f:refused')).rejects.toBeInstanceOf(DeliveryFailedError);
    // The state was set back: the count is still 1, and the activity is not remembered as handled.
    expect(await count()).toBe(1);
    expect(effects).toEqual(['counted 1']);
    adapter.failing = false;
    await turn('f:refused');
    expect(sent).toEqual(['count=1', 'count=2']);
    expect(effects).toEqual(['counted 1', 'counted 2']);
    expect(await count()).toBe(2);
  });
});
