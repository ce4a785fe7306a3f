import { englishCount } from '../i18n/format.ts';
import { type AuditVerification, verifyAuditChain } from './audit-log.ts';
import { GENESIS_HASH } from './hash-chain.ts';

/** `npm run audit:verify` exit codes: a script can tell a broken chain from a missing head. */
export const verifyExitCodes = { intact: 0, badArgument: 2, broken: 3, headMissing: 4 } as const;

export interface VerifyReport {
  exitCode: number;
  message: string;
}

/** A head hash as `audit:verify` prints it and the mediators receive it: 64 hexadecimal digits. */
export function parseKeptHead(text: string): string | undefined {
  const hash = text.trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
}

/**
 * What `npm run audit:verify [-- --expect <hash>]` says about the chain of `where`. Without a kept head,
 * a chain cut at its end, emptied, or rewritten consistently by someone who can switch the trigger off
 * looks intact; with one, each of those is caught: the kept head is no longer one of its entries.
 */
export async function verifyAuditReport(
  db: Parameters<typeof verifyAuditChain>[0],
  where: string,
  keptHead?: string,
): Promise<VerifyReport> {
  const result = await verifyAuditChain(db, { expectHash: keptHead });
  if (!result.valid) return { exitCode: verifyExitCodes.broken, message: brokenMessage(where, result) };
  const head = `Head hash ${result.headHash} (keep it: a later run must show it or a chain that continues from it).`;
  if (keptHead === undefined) {
    return {
      exitCode: verifyExitCodes.intact,
      message: `Audit log of ${where} is intact: ${englishCount(result.entries, 'entry', 'entries')}. ${head}`,
    };
  }
  if (result.expectedAtSeq === null || result.expectedAtSeq === undefined) {
    return {
      exitCode: verifyExitCodes.headMissing,
      message:
        `Audit log of ${where} does NOT contain the head hash you kept (${keptHead}). Its ${englishCount(result.entries, 'entry', 'entries')} ` +
        'link up, but the chain you kept a head of was cut at its end, emptied, or rewritten ' +
        `from some entry on. ${head.replace('Head hash', 'Its head hash is now')}`,
    };
  }
  const position =
    keptHead === GENESIS_HASH
      ? 'the start of every chain'
      : `entry #${result.expectedAtSeq} of ${result.entries}`;
  return {
    exitCode: verifyExitCodes.intact,
    message: `Audit log of ${where} is intact: ${englishCount(result.entries, 'entry', 'entries')}, and it continues from the head you kept (${position}). ${head}`,
  };
}

function brokenMessage(where: string, result: Extract<AuditVerification, { valid: false }>): string {
  return `Audit log of ${where} is BROKEN at entry #${result.brokenAtSeq}: an entry was ${result.problem}. ${result.entries} entries before it are intact.`;
}
