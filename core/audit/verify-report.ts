import { type Locale, t } from '../i18n/index.ts';
import { GENESIS_HASH } from './hash-chain.ts';
import { NO_MEDIATION_CHAIN } from './roots.ts';
import { type ChainReport, verifyAuditChains } from './verify-chains.ts';

/** `npm run audit:verify` exit codes: a script can tell a broken chain from a missing kept hash. */
export const verifyExitCodes = { intact: 0, badArgument: 2, broken: 3, headMissing: 4 } as const;

export interface VerifyReport {
  exitCode: number;
  message: string;
}

/** A hash as `audit:verify` prints it and the mediators receive it: 64 hexadecimal digits. */
export function parseKeptHead(text: string): string | undefined {
  const hash = text.trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
}

/**
 * What `npm run audit:verify [-- --expect <hash>]` says about the chains of `where`: one line for the
 * whole log, then one per chain. Without a kept hash, a chain cut at its end, emptied, or rewritten
 * consistently by someone who can switch the trigger off looks intact unless a root recorded its head
 * (the roots are checked on every run); with a kept hash (a root's, or a chain's), each of those is
 * caught: the kept hash is no longer one of its entries, or a chain no longer holds what it bound.
 */
export async function verifyAuditReport(
  db: Parameters<typeof verifyAuditChains>[0],
  where: string,
  keptHead?: string,
  locale: Locale = 'en',
): Promise<VerifyReport> {
  const result = await verifyAuditChains(db, { expectHash: keptHead });
  const counts = { where, chains: result.chains.length, entries: result.entries, roots: result.roots };
  const lines = result.chains.map((chain) => `  ${chainLine(chain, locale)}`);
  if (!result.valid) {
    const broken = result.chains.filter((chain) => chain.broken).length;
    const message = [t(locale, 'audit:verify.broken', { ...counts, broken }), ...lines].join('\n');
    return { exitCode: verifyExitCodes.broken, message };
  }
  const summary = t(locale, 'audit:verify.intact', counts);
  if (keptHead === undefined) {
    return {
      exitCode: verifyExitCodes.intact,
      message: [summary, ...lines, t(locale, 'audit:verify.keep')].join('\n'),
    };
  }
  const found = result.expected;
  if (!found) {
    const missing = t(locale, 'audit:verify.kept.missing', { kept: keptHead });
    return { exitCode: verifyExitCodes.headMissing, message: [missing, summary, ...lines].join('\n') };
  }
  const kept =
    keptHead === GENESIS_HASH
      ? t(locale, 'audit:verify.kept.start')
      : t(locale, found.root ? 'audit:verify.kept.root' : 'audit:verify.kept.entry', {
          kept: keptHead,
          position: found.position.toString(),
          chain: chainName(found.chain, locale),
        });
  return { exitCode: verifyExitCodes.intact, message: [summary, kept, ...lines].join('\n') };
}

function chainName(chain: string, locale: Locale): string {
  return chain === NO_MEDIATION_CHAIN
    ? t(locale, 'audit:verify.none')
    : t(locale, 'audit:verify.mediation', { chain });
}

function chainLine(report: ChainReport, locale: Locale): string {
  const chain = chainName(report.chain, locale);
  const { broken } = report;
  if (!broken) {
    return t(locale, 'audit:verify.chain', {
      chain,
      entries: report.entries,
      position: report.head.position.toString(),
      hash: report.head.hash,
    });
  }
  const params = { chain, entries: report.entries, position: broken.position.toString() };
  return broken.problem === 'unbound' && broken.byRootAt !== undefined
    ? t(locale, 'audit:verify.chainUnbound', { ...params, root: broken.byRootAt.toString() })
    : t(locale, 'audit:verify.chainBroken', { ...params, problem: broken.problem });
}
