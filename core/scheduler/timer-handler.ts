import type { CommandContext } from '../commands/context.ts';
import type { CoreDeps } from '../deps.ts';
import type { TimerKind } from './timer-kinds.ts';

/**
 * What a clock does when it fires. It runs inside the scheduler's transaction, which also marks the
 * timer fired, so its effects happen exactly once. A handler never refuses: when its moment has passed
 * (the vote was closed by hand, the file already decided) it simply does nothing.
 */
export type TimerHandler = (ctx: CommandContext, subjectId: string, deps: CoreDeps) => Promise<void>;

export type TimerHandlers = Partial<Record<TimerKind, TimerHandler>>;
