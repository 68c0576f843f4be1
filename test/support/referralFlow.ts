import { type ActivityLike, BotClient } from './botClient';
import type { FakeConnector } from './fakeConnector';

/** The advisers' channel of the referral tests, and an admin who may set it up. */
const CHANNEL = '19:adviseurs@thread.tacv2';
export const ADMIN = 'aad-admin-1';

/** An activity in the advisers' channel from a given person. */
function channelActivity(
  client: BotClient,
  from: { id: string; name: string },
  partial: Partial<ActivityLike> & { type: string },
): ActivityLike {
  return client.activity({
    from: { ...from, aadObjectId: from.id },
    conversation: {
      id: `${CHANNEL};messageid=1700000000000`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: 'tenant',
    },
    channelData: { tenant: { id: 'tenant' }, channel: { id: CHANNEL }, team: { id: '19:team@thread.tacv2' } },
    ...partial,
  });
}

/** "@Bpv-wegwijzer adviseurskanaal instellen" by the admin, at `botUrl`. */
export async function setUpChannel(botUrl: string, connector: FakeConnector): Promise<void> {
  const channel = new BotClient(botUrl, connector, { conversationType: 'channel' });
  const res = await channel.post(
    channelActivity(
      channel,
      { id: ADMIN, name: 'Beheerder' },
      {
        type: 'message',
        text: '<at>Bpv-wegwijzer</at> adviseurskanaal instellen',
        entities: [
          { type: 'mention', mentioned: { id: 'bot-id', name: 'Bpv-wegwijzer' }, text: '<at>Bpv-wegwijzer</at>' },
        ],
      },
    ),
  );
  if (res.status !== 200) throw new Error(`setup answered ${res.status}`);
}

/** "Klaarzetten" on the referral draft (Action.Execute), as a named coordinator. */
export function referralSend(client: BotClient, question: string): ActivityLike {
  return client.activity({
    type: 'invoke',
    name: 'adaptiveCard/action',
    from: { id: client.userId, aadObjectId: client.userId, name: 'Anna de Vries' },
    value: {
      action: { type: 'Action.Execute', verb: 'referral.send', data: { route: 'sbb', summary: 'Casus', question } },
      trigger: 'manual',
    },
  });
}

/** Whether a connector request is a post into the advisers' channel. */
export const isChannelPost = (method: string, path: string) =>
  method === 'POST' && path.includes(encodeURIComponent(CHANNEL));

/** The referral ids of the posts in the advisers' channel. */
export function postedReferralIds(connector: FakeConnector, from = 0): string[] {
  return connector.calls
    .slice(from)
    .filter((c) => isChannelPost(c.method, c.path))
    .map((c) => /"referralId":"([0-9a-f-]{36})"/.exec(JSON.stringify(c.body))?.[1] ?? '');
}
