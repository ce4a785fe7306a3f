import { agreementTimers } from '../agreement/timers.ts';
import { auditTimers } from '../audit/head-publication.ts';
import { mediationsTimers } from '../mediations/timers.ts';
import { participantsTimers } from '../participants/timers.ts';
import { votesTimers } from '../votes/timers.ts';
import type { TimerHandlers } from './timer-handler.ts';

/** Which code runs when each clock fires. A test checks that every timer kind has a handler. */
export const timerHandlers: TimerHandlers = {
  ...mediationsTimers,
  ...participantsTimers,
  ...votesTimers,
  ...agreementTimers,
  ...auditTimers,
};
