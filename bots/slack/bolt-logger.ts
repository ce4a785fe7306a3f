import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/config/logger.ts';

/**
 * Bolt's and the Web API client's logs, into the program's pino logger. Their debug level is dropped:
 * it prints whole request bodies (message texts, a consumer's words). Errors go through pino's
 * redaction like any other.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const forward =
    (level: 'debug' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const error = parts.find((part) => part instanceof Error);
      const words = parts
        .filter((part) => !(part instanceof Error))
        .map((part) => (typeof part === 'string' ? part : typeof part))
        .join(' ');
      logger[level](error ? { err: error } : {}, words || 'slack library message');
    };
  return {
    debug: () => {},
    // Bolt's "info" is chatter (connections, retries scheduled): worth a debug line.
    info: forward('debug'),
    warn: forward('warn'),
    error: forward('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
