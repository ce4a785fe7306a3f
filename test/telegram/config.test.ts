import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.ts';
import { configErrorOf } from '../support/config-error.ts';

describe('the Telegram configuration', () => {
  it('is off by default: no token, Telegram’s own API, long polling, port 3000 for HTTP', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ TELEGRAM_API_ROOT: 'https://api.telegram.org', HTTP_PORT: 3000 });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.TELEGRAM_WEBHOOK_URL).toBeUndefined();
  });

  it('reads a token, a self-hosted API and a webhook with its secret', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '123456:AAE-secret_token',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org',
      TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32),
      HTTP_PORT: '8080',
    });
    expect(config).toMatchObject({ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081', HTTP_PORT: 8080 });
  });

  it('asks for the secret when a webhook address is set, in the same message as any other mistake', () => {
    const message = configErrorOf({
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org',
      MAX_CLAIM_EUROS: 'lots',
    });
    expect(message).toContain('- TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_WEBHOOK_URL is set');
    expect(message).toContain('- MAX_CLAIM_EUROS:');
  });

  it('names each bad value without echoing it', () => {
    const message = configErrorOf({
      TELEGRAM_BOT_TOKEN: 'hunter2',
      TELEGRAM_API_ROOT: 'ftp://files',
      TELEGRAM_WEBHOOK_URL: 'http://not-secure.example.org',
      TELEGRAM_WEBHOOK_SECRET: 'short',
      HTTP_PORT: '70000',
    });
    for (const name of [
      'TELEGRAM_BOT_TOKEN',
      'TELEGRAM_API_ROOT',
      'TELEGRAM_WEBHOOK_URL',
      'TELEGRAM_WEBHOOK_SECRET',
      'HTTP_PORT',
    ])
      expect(message).toContain(`- ${name}:`);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('not-secure');
  });
});
