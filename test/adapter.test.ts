import { describe, expect, it } from 'vitest';
import { CachingBotFrameworkAuthentication } from '../src/host/adapter';

describe('connector clients', () => {
  it('are reused per service URL instead of being rebuilt for every turn', async () => {
    const auth = new CachingBotFrameworkAuthentication({});
    const claims = { isAuthenticated: false, claims: [], getClaimValue: () => null } as unknown as Parameters<typeof auth.createConnectorFactory>[0];
    const first = await auth.createConnectorFactory(claims).create('https://smba.trafficmanager.net/emea/', undefined);
    const again = await auth.createConnectorFactory(claims).create('https://smba.trafficmanager.net/emea/', undefined);
    const other = await auth.createConnectorFactory(claims).create('https://smba.trafficmanager.net/amer/', undefined);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });
});
