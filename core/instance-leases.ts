import type { CoreDeps } from './deps.ts';

/**
 * An instance that stops hands what it holds to the others at once, rather than when its leases run
 * out: the inbound updates it recorded and could not finish, the outbox messages it leased and did not
 * send. Only what is still its own and unfinished: another instance's work is never touched.
 */
export async function releaseLeases(deps: CoreDeps, instanceId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.sql.query(
    `UPDATE inbound_update SET leased_until = $2
     WHERE leased_by LIKE $1 || '/%' AND status IN ('received', 'done') AND leased_until > $2`,
    [instanceId, now],
  );
  await deps.db.sql.query(
    `UPDATE outbox_message SET leased_until = NULL, leased_by = NULL
     WHERE leased_by = $1 AND status = 'PENDING' AND sending_since IS NULL`,
    [instanceId],
  );
}
