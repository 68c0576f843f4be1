import { ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { ProfileStore } from '../src/teams/profileStore';
import { newProfile } from '../src/domain/profile';

/** A turn of one coordinator against real botbuilder user state on memory storage. */
function setup() {
  const storage = new MemoryStorage();
  const state = new ConversationState(storage);
  const store = new ProfileStore(state.createProperty('profile'));
  const adapter = new TestAdapter();
  const turn = async <T>(work: (context: TurnContext) => Promise<T>): Promise<T> => {
    const context = new TurnContext(adapter, {
      type: 'message',
      channelId: 'msteams',
      conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'u1', name: '' },
      recipient: { id: 'bot', name: '' },
    });
    const result = await work(context);
    await state.saveChanges(context, false);
    return result;
  };
  return { storage, store, turn };
}

describe('ProfileStore', () => {
  it('replaces a stored profile that no longer fits by a fresh one, and says so', async () => {
    const { storage, store, turn } = setup();
    await storage.write({ 'msteams/conversations/c1/': { profile: { version: 0, sector: 'horeca' } } });
    const first = await turn((context) => store.load(context));
    expect(first.reset).toBe(true);
    expect(first.profile).toEqual(newProfile());
    const second = await turn((context) => store.load(context));
    expect(second.reset).toBe(false);
  });

  it('reads back an update as written', async () => {
    const { store, turn } = setup();
    await turn((context) => store.update(context, (p) => ({ ...p, intake: { ...p.intake, sector: 'horeca' } })));
    expect((await turn((context) => store.get(context))).intake.sector).toBe('horeca');
    await turn((context) => store.update(context, (p) => ({ ...p, intake: { ...p.intake, sector: 'zws' } })));
    expect((await turn((context) => store.get(context))).intake.sector).toBe('zws');
  });
});
