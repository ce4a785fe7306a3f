import type { SqlTx } from '../db/connect.ts';
import { type Actor, actorLabel } from '../domain/actor.ts';
import { type AuditFields, entryBody } from './hash-chain.ts';

export interface AuditRecord {
  action: string;
  mediationId?: string | null;
  subjectId?: string | null;
  /** Ids, statuses and counts only: never complaint text, amounts or evidence. */
  details?: Record<string, string | number | boolean | null>;
  /**
   * Who acted, when the command learns it only as it runs: a company signs in through the web, and is
   * known once its link is checked. Otherwise the command's actor.
   */
  actedBy?: Actor;
}

/**
 * Appends entries at the end of their chains — a mediation's entry to that mediation's chain, any
 * other to the shared chain 'none' — in one call to the database function `append_audit_entries`
 * (prisma/migrations/20261208090000_audit_chains): it locks each chain written to, links each entry to
 * the previous hash of its chain and inserts it. Called once, last in a command's transaction, so a
 * chain's lock is held only from here to commit: commands on one mediation queue behind each other,
 * commands on different mediations do not. (Two calls in one transaction could take chains' locks out
 * of order and deadlock with another transaction: append once.)
 */
export async function appendAudit(tx: SqlTx, actor: string, at: Date, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx.$executeRaw`SELECT append_audit_entries(${auditEntries(actor, at, records)}::jsonb)`;
}

/** The entries as `append_audit_entries` takes them: each with the body its hash covers. */
export function auditEntries(actor: string, at: Date, records: AuditRecord[]): string {
  const entries = records.map((record) => {
    const fields: AuditFields = {
      at,
      actor: record.actedBy ? actorLabel(record.actedBy) : actor,
      action: record.action,
      mediationId: record.mediationId ?? null,
      subjectId: record.subjectId ?? null,
      details: record.details ?? {},
    };
    return { ...fields, at: at.toISOString(), body: entryBody(fields) };
  });
  return JSON.stringify(entries);
}
