import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../core/config/config.ts';

/** The start-up message this environment gets; fails the test when the environment is accepted. */
export function configErrorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a configuration error');
}
