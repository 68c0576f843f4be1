import { type ConversationReference, MemoryStorage, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { ReferralViews } from '../src/cards/referralViews';
import { CardRenderer } from '../src/cards/render';
import { createLogger } from '../src/host/logger';
import { loadKnowledge } from '../src/knowledge/load';
import { CARDS_DIR, KNOWLEDGE_DIR } from '../src/paths';
import { type ProactiveAdapter, ReferralService } from '../src/teams/referralService';
import { ReferralStore } from '../src/teams/referralStore';

const views = new ReferralViews(loadKnowledge(KNOWLEDGE_DIR), new CardRenderer(CARDS_DIR));
const KEY = Symbol('connector');

/** A proactive adapter whose connector answers each send with the next status from `statuses` (then 200). */
function fakeAdapter(statuses: number[]) {
  const sent: Array<{ conversationId: string; activity: Record<string, unknown> }> = [];
  let id = 0;
  const client = {
    conversations: {
      sendToConversation: async (conversationId: string, activity: Record<string, unknown>) => {
        const status = statuses.shift();
        if (status) throw Object.assign(new Error(`status ${status}`), { statusCode: status });
        sent.push({ conversationId, activity });
        return { id: `posted-${++id}` };
      },
    },
  };
  const adapter: ProactiveAdapter = {
    async continueConversationAsync(_appId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) {
      const context = {
        adapter: { ConnectorClientKey: KEY },
        turnState: new Map<symbol, unknown>([[KEY, client]]),
        activity: { recipient: reference.bot, from: reference.user, conversation: reference.conversation, channelId: reference.channelId, serviceUrl: reference.serviceUrl },
      };
      await logic(context as unknown as TurnContext);
    },
  };
  return { adapter, sent };
}

function coordinatorTurn(): TurnContext {
  const activity = {
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.example',
    from: { id: 'user-1', name: 'Anna de Vries', aadObjectId: 'aad-1' },
    recipient: { id: 'bot', name: 'Bpv-wegwijzer' },
    conversation: { id: 'personal-1', conversationType: 'personal', isGroup: false, name: '' },
  };
  return { activity } as unknown as TurnContext;
}

const channelTurn = (): TurnContext =>
  ({
    activity: {
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'https://smba.example',
      from: { id: 'admin', name: 'Beheerder' },
      recipient: { id: 'bot', name: 'Bpv-wegwijzer' },
      conversation: { id: '19:adv@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, name: '' },
      channelData: { channel: { id: '19:adv@thread.tacv2' } },
    },
  }) as unknown as TurnContext;

const input = { route: 'sbb' as const, routeTitle: 'SBB-adviseur praktijkleren', subject: 'Vraag over bpv', body: 'Casus' };

describe('ReferralService proactive sends', () => {
  it('keeps a referral whose post was throttled and posts it on a later retry round', async () => {
    const { adapter, sent } = fakeAdapter([]);
    const storage = new MemoryStorage();
    const service = new ReferralService(new ReferralStore(storage), adapter, '', views, createLogger('silent'));
    await service.setChannel(channelTurn());

    const throttled = fakeAdapter([429]);
    const throttledService = new ReferralService(new ReferralStore(storage), throttled.adapter, '', views, createLogger('silent'));
    const record = await throttledService.submit(coordinatorTurn(), input);
    expect(record.delivery).toBe('pending');
    expect(await service.store.pending()).toEqual([record.id]);
    expect((await service.store.get(record.id))?.body).toBe('Casus');

    // The stored reference reaches the coordinator without their name.
    expect(JSON.stringify(await service.store.get(record.id))).not.toContain('Anna');

    const stop = service.startRetryTimer(20);
    try {
      const deadline = Date.now() + 3_000;
      while (sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    } finally {
      stop();
    }
    expect(sent[0]?.conversationId).toBe('19:adv@thread.tacv2');
    expect((await service.store.get(record.id))?.delivery).toBe('posted');
    expect(await service.store.pending()).toEqual([]);
  });

  it('a 403 on the post does not throw and leaves the referral stored and pending', async () => {
    const { adapter, sent } = fakeAdapter([403]);
    const storage = new MemoryStorage();
    const service = new ReferralService(new ReferralStore(storage), adapter, '', views, createLogger('silent'));
    await service.setChannel(channelTurn());
    // setChannel posts nothing (no pending yet); the next send meets the 403.
    const record = await service.submit(coordinatorTurn(), input);
    expect(record.delivery).toBe('pending');
    expect(sent).toEqual([]);
    expect(await service.store.get(record.id)).toMatchObject({ status: 'open', delivery: 'pending' });
    expect(await service.retryPending()).toBe(1);
    expect(sent).toHaveLength(1);
  });
});
