import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('config', () => {
  it('runs in local mode with embedded SQLite by default', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.auth).toEqual({ mode: 'local' });
    expect(config.storage.kind).toBe('sqlite');
    expect(config.retentionDays).toBe(90);
  });

  it('turns on Bot Framework authentication with an app id, single tenant by default', () => {
    const config = loadConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: 'tenant',
    });
    expect(config.auth).toEqual({
      mode: 'botframework',
      appId: 'app',
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: 'tenant',
    });
  });

  it('bounds connections and slow requests, and drains before it stops', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ maxConnections: 500, requestTimeoutMs: 10_000, shutdownDrainMs: 3_000 });
    expect(loadConfig({ MAX_CONNECTIONS: '20', REQUEST_TIMEOUT_MS: '500', SHUTDOWN_DRAIN_MS: '0' })).toMatchObject({
      maxConnections: 20,
      requestTimeoutMs: 500,
      shutdownDrainMs: 0,
    });
    expect(() => loadConfig({ MAX_CONNECTIONS: '0' })).toThrow(/MAX_CONNECTIONS/);
  });

  it('supports a user-assigned managed identity without a password', () => {
    const config = loadConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 'tenant',
    });
    expect(config.auth).toMatchObject({ mode: 'botframework', appType: 'UserAssignedMSI' });
  });

  it('explains every wrong setting at once', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    const attempt = () => loadConfig({ STORAGE: 'blob', MicrosoftAppId: 'app', MicrosoftAppType: 'SingleTenant' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('BLOB_CONNECTION_STRING: is nodig bij STORAGE=blob');
      expect(message).toContain('MicrosoftAppPassword');
      expect(message).toContain('MicrosoftAppTenantId');
    }
  });

  it('treats empty values as not set, as App Service settings often are', () => {
    expect(loadConfig({ MicrosoftAppId: '', PORT: '' }).auth).toEqual({ mode: 'local' });
  });
});
