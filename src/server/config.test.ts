import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('runs on a laptop with no variables set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      smtpUrl: undefined,
      jobsEnabled: true,
    });
    expect(config.session).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000, cookieSecure: 'auto' });
  });

  it('names every invalid variable', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', KAMENG_MASTER_KEY: 'short' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect(String(error)).toContain('PORT');
      expect(String(error)).toContain('DATABASE_URL');
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(3000);
  });

  it('reads KAMENG_TRUST_PROXY as off, any hop, or the proxies’ addresses', () => {
    const trust = (value: string) => loadConfig({ KAMENG_TRUST_PROXY: value }).trustProxy;
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(true);
    expect(trust('127.0.0.1, 10.0.0.0/8')).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => trust('nginx')).toThrow(ConfigError);
  });

  it('leaves sandbox payments unsaid unless KAMENG_SANDBOX_PAYMENTS says (the demo turns them on)', () => {
    expect(loadConfig({}).sandboxPayments).toBeNull();
    expect(loadConfig({ KAMENG_SANDBOX_PAYMENTS: 'false' }).sandboxPayments).toBe(false);
    expect(loadConfig({ KAMENG_SANDBOX_PAYMENTS: 'true' }).sandboxPayments).toBe(true);
  });
});
