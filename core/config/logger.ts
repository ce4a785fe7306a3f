import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Personal data never reaches the logs (product.md §7). Redaction is the safety net; the first rule is
 * that code logs ids and counts, never complaint text, amounts, evidence or e-mail addresses.
 */
export const redactedPaths = [
  'description',
  'amount',
  'amountCents',
  'text',
  'message',
  'email',
  'contactEmail',
  'evidence',
  'bytes',
  'fileName',
  'reason',
  'payload',
  '*.description',
  '*.amount',
  '*.amountCents',
  '*.text',
  '*.email',
  '*.contactEmail',
  '*.evidence',
  '*.bytes',
  '*.fileName',
  '*.reason',
  '*.payload',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}
