import { type Logger, pino } from 'pino';
import { redactForLog } from './redaction.ts';

export type { Logger };

/**
 * Every logged object goes through `redactForLog` (see redaction.ts) before pino sees it. The hook
 * catches `logger.error(err)` too, whose raw message pino would otherwise copy into `msg`.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (typeof first !== 'object' || first === null) return method.apply(this, args);
          const safe = first instanceof Error ? { err: redactForLog(first) } : redactForLog(first);
          return method.apply(this, [safe, ...rest] as Parameters<typeof method>);
        },
      },
      // Errors are already summarised by `redactForLog`; pino's own serializer would copy them whole.
      serializers: { err: (summary: unknown) => summary },
    },
    destination,
  );
  // Child bindings (`logger.child({ … })`) skip the hook and pino's bindings formatter alike.
  // Children inherit from their parent, so this one override covers grandchildren too.
  const pinoChild = logger.child;
  logger.child = function child(this: Logger, bindings, options) {
    return pinoChild.call(this, redactForLog(bindings) as pino.Bindings, options);
  } as Logger['child'];
  return logger;
}
