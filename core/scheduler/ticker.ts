import { safeErrorSummary } from '../commands/command.ts';
import type { Logger } from '../config/logger.ts';

export interface Ticker {
  /** Stops ticking; resolves once the tick under way (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `tick` again and again, never two at once: the next one is planned only when the previous one has
 * finished (setTimeout, not setInterval, so a slow tick cannot pile up behind itself). A tick that says
 * more work is waiting is followed at once; one that throws (the database restarting) is logged and
 * tried again after the usual pause.
 */
export function startTicker(
  name: string,
  logger: Logger,
  intervalMs: number,
  tick: () => Promise<{ moreWaiting: boolean }>,
): Ticker {
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const plan = (delayMs: number) => {
    if (!stopped) pending = setTimeout(run, delayMs);
  };
  const run = () => {
    pending = undefined;
    running = (async () => {
      let moreWaiting = false;
      try {
        ({ moreWaiting } = await tick());
      } catch (error) {
        logger.error({ loop: name, err: safeErrorSummary(error) }, 'tick failed');
      }
      plan(moreWaiting ? 0 : intervalMs);
    })();
  };

  plan(0);
  return {
    stop: async () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      pending = undefined;
      await running;
    },
  };
}
