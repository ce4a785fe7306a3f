import type { TimerHandlers } from '../scheduler/timer-handler.ts';

export const participantsTimers: TimerHandlers = {};
