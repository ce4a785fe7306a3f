import { describe, expect, it } from 'vitest';
import { timerHandlers } from '../../core/scheduler/timer-handlers.ts';
import { timerKinds } from '../../core/scheduler/timer-kinds.ts';

describe('the clocks of the product', () => {
  it('each have code that runs when they fire', () => {
    // A kind without a handler is never fired (see startScheduler): its deadline would silently pass.
    const missing = timerKinds.filter((kind) => typeof timerHandlers[kind] !== 'function');
    expect(missing).toEqual([]);
  });

  it('have no handler for a kind that does not exist', () => {
    const unknown = Object.keys(timerHandlers).filter(
      (kind) => !(timerKinds as readonly string[]).includes(kind),
    );
    expect(unknown).toEqual([]);
  });
});
