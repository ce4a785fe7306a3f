import type { TimerHandlers } from '../scheduler/timer-handler.ts';

export const agreementTimers: TimerHandlers = {};
