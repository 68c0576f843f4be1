import { type BotState, ConversationState, MemoryStorage, type StoreItems, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OptimisticStorage } from '../src/host/optimisticStorage';
import { SqliteStorage } from '../src/host/sqliteStorage';
import { JsonConversationState, JsonUserState, loadStates, saveStates } from '../src/host/state';

/** Memory storage that counts writes: a write is what "state changed" costs. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return super.write(changes);
  }
}

const context = () =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'msteams',
    conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'u1', name: '' },
    recipient: { id: 'bot', name: '' },
  });

/** SQLite storage that counts writes; its reads hand state the stored text to compare against. */
class CountingSqliteStorage extends SqliteStorage {
  writes = 0;
  constructor() {
    super(':memory:');
  }
  override async write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return super.write(changes);
  }
}

/** Turns that read, change, clear and delete state; what is stored and how often it was written. */
async function play(makeState: (storage: CountingStorage | CountingSqliteStorage) => BotState, storage: CountingStorage | CountingSqliteStorage = new CountingStorage()) {
  const state = makeState(storage);
  const visits = state.createProperty<number>('visits');
  const answers = state.createProperty<{ sector?: string; when?: Date }>('answers');
  const turn = async (work: (c: TurnContext) => Promise<void>, force = false) => {
    const c = context();
    await work(c);
    await state.saveChanges(c, force);
  };
  const seen: unknown[] = [];
  await turn(async () => undefined); // nothing loaded: nothing written
  await turn(async (c) => void (await visits.get(c, 0))); // read only (the default value is set)
  await turn(async (c) => void (await visits.set(c, 1)));
  await turn(async (c) => void seen.push(await visits.get(c))); // read only
  await turn(async (c) => void (await answers.set(c, { sector: 'horeca', when: new Date('2026-12-01T10:00:00Z') })));
  await turn(async (c) => void (await answers.set(c, { ...(await answers.get(c)), sector: 'horeca' }))); // same value again
  await turn(async (c) => void seen.push(await answers.get(c)), true); // forced
  await turn(async (c) => void (await visits.delete(c)));
  await turn(async (c) => void seen.push(await visits.get(c), await answers.get(c, { sector: 'zorg' })));
  await turn(async (c) => state.clear(c));
  await turn(async (c) => void seen.push(await visits.get(c)));
  await turn(async (c) => void (await visits.set(c, 5)));
  await turn(async (c) => state.delete(c));
  await turn(async (c) => void seen.push(await visits.get(c)));
  const stored = Object.fromEntries(Object.entries(await storage.read(['msteams/conversations/c1/', 'msteams/users/u1/'])).map(([k, v]) => [k, { ...v, eTag: undefined }]));
  return { writes: storage.writes, seen, stored };
}

describe('state compared by JSON text', () => {
  it('saves exactly when botbuilder’s ConversationState would, and the same data', async () => {
    const ours = await play((storage) => new JsonConversationState(storage));
    const theirs = await play((storage) => new ConversationState(storage));
    expect(ours).toEqual(theirs);
    expect(ours.writes).toBe(7);
  });

  it('compares with the text SQLite stored, and still saves exactly when botbuilder would', async () => {
    const theirs = await play((storage) => new ConversationState(storage));
    const ours = await play((storage) => new JsonConversationState(storage), new CountingSqliteStorage());
    expect(ours).toEqual(theirs);
    const users = await play((storage) => new JsonUserState(storage), new CountingSqliteStorage());
    expect(users).toEqual(await play((storage) => new UserState(storage)));
  });

  it('saves exactly when botbuilder’s UserState would, and the same data', async () => {
    const ours = await play((storage) => new JsonUserState(storage));
    const theirs = await play((storage) => new UserState(storage));
    expect(ours).toEqual(theirs);
  });

  it('loads and saves a turn’s conversation and user state together: one read, one write, all or nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bpv-state-'));
    const file = path.join(dir, 'state.sqlite');
    let reads = 0;
    let writes = 0;
    const sqlite = new (class extends SqliteStorage {
      override read(keys: string[]) {
        reads += 1;
        return super.read(keys);
      }
      override writeReturningETags(changes: StoreItems) {
        writes += 1;
        return super.writeReturningETags(changes);
      }
    })(file);
    const storage = new OptimisticStorage(sqlite);
    const conversation = new JsonConversationState(storage);
    const user = new JsonUserState(storage);
    const steps = conversation.createProperty<number>('steps');
    const sector = user.createProperty<string>('sector');
    const both = (c: TurnContext, force = false) => saveStates(c, [{ state: conversation, force }, { state: user, force: false }]);

    const first = context();
    await loadStates(first, [conversation, user]);
    await steps.set(first, 1);
    await sector.set(first, 'horeca');
    await both(first);
    // New items are looked up once more right before they are created (OptimisticStorage).
    expect({ reads, writes }).toEqual({ reads: 2, writes: 1 });

    // The next turn sees both, from one read; only the changed one is written.
    const second = context();
    await loadStates(second, [conversation, user]);
    expect(reads).toBe(3);
    expect([await steps.get(second), await sector.get(second)]).toEqual([1, 'horeca']);
    await steps.set(second, 2);
    await both(second);
    expect(writes).toBe(2);
    const other = new SqliteStorage(file);
    expect((await other.read(['msteams/conversations/c1/']))['msteams/conversations/c1/']).toMatchObject({ steps: 2 });

    // Another instance changes the user meanwhile: the turn's write fails as a whole (eTag conflict),
    // and neither state is written; a forced reload brings the other instance's data.
    const third = context();
    await loadStates(third, [conversation, user]);
    await other.write({ 'msteams/users/u1/': { sector: 'zorg', eTag: '*' } });
    await steps.set(third, 3);
    await sector.set(third, 'techniek');
    await expect(both(third)).rejects.toThrow(/eTag conflict/);
    const after = await other.read(['msteams/conversations/c1/', 'msteams/users/u1/']);
    expect(after['msteams/conversations/c1/']).toMatchObject({ steps: 2 });
    expect(after['msteams/users/u1/']).toMatchObject({ sector: 'zorg' });
    await loadStates(third, [conversation, user], true);
    expect([await steps.get(third), await sector.get(third)]).toEqual([2, 'zorg']);
    other.close();
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
