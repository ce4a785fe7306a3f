import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import {
  claimInboundUpdate,
  pruneInboundUpdates,
  releaseInboundUpdate,
} from '../../core/conversations/store.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();

describe('platform updates already handled', () => {
  it('are claimed once, can be given back after a failure, and are forgotten after a few days', async () => {
    const deps = t.core.deps;
    expect(await claimInboundUpdate(deps, 'TELEGRAM', 'bot1:100')).toBe(true);
    expect(await claimInboundUpdate(deps, 'TELEGRAM', 'bot1:100')).toBe(false);
    expect(await claimInboundUpdate(deps, 'DISCORD', 'bot1:100')).toBe(true);

    await releaseInboundUpdate(deps, 'TELEGRAM', 'bot1:100');
    expect(await claimInboundUpdate(deps, 'TELEGRAM', 'bot1:100')).toBe(true);

    t.clock.advance(2 * DAY);
    expect(await claimInboundUpdate(deps, 'TELEGRAM', 'bot1:101')).toBe(true);
    t.clock.advance(2 * DAY);
    expect(await pruneInboundUpdates(deps)).toBe(2);
    expect(await t.db.prisma.processedUpdate.findMany({ select: { updateId: true } })).toEqual([
      { updateId: 'bot1:101' },
    ]);
  });
});
