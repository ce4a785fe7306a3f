import { z } from 'zod';
import { DAY, HOUR, MINUTE } from '../clock/clock.ts';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { CoreDeps } from '../deps.ts';
import { refuse, refuseKeepingChanges } from '../domain/errors.ts';
import { formatLinkCode, hashLinkCode, newLinkCode, normaliseLinkCode, sameHash } from './link-code.ts';
import { loadLivePerson, requirePersonId } from './person-access.ts';
import { platformName } from './platform-names.ts';

/** A code is typed on the other app within minutes; a short life makes a leaked code useless soon. */
export const LINK_CODE_MINUTES = 15;
/** Live codes one person may hold at once: the oldest gives way to a new one. */
const MAX_LIVE_CODES = 3;
/** Wrong, expired or used codes one person may type per hour: 40-bit codes cannot be guessed at that rate. */
export const MAX_FAILED_ATTEMPTS_PER_HOUR = 5;
/** Expired codes are kept a day, so "expired" can be told apart from "wrong", then deleted. */
const KEEP_EXPIRED_CODES = 24 * HOUR;

/**
 * `/lier` without a code: a one-time code that attaches another platform account to this person
 * (product.md §4: one person joins a mediation once, whatever platforms they use). Only its hash is
 * stored; the code itself is in the answer only, never in the audit log.
 */
export const createLinkCode = defineCommand({
  name: 'createLinkCode',
  actors: ['person'],
  input: z.object({}),
  async run(ctx) {
    const personId = requirePersonId(ctx.actor);
    await loadLivePerson(ctx.tx, personId);
    await ctx.tx.linkCode.deleteMany({
      where: { personId, expiresAt: { lt: new Date(ctx.now.getTime() - KEEP_EXPIRED_CODES) } },
    });
    const live = await ctx.tx.linkCode.findMany({
      where: { personId, usedAt: null, expiresAt: { gt: ctx.now } },
      orderBy: { createdAt: 'desc' },
      select: { id: true },
    });
    const retired = live.slice(MAX_LIVE_CODES - 1).map(({ id }) => id);
    if (retired.length > 0) await ctx.tx.linkCode.deleteMany({ where: { id: { in: retired } } });

    const expiresAt = new Date(ctx.now.getTime() + LINK_CODE_MINUTES * MINUTE);
    // Two live codes with the same 40 bits are all but impossible; a clash just draws again.
    for (let draw = 0; draw < 5; draw++) {
      const code = newLinkCode();
      const inserted = await ctx.tx.$executeRaw`
        INSERT INTO link_code (person_id, code_hash, expires_at, created_at)
        VALUES (${personId}::uuid, ${hashLinkCode(code)}, ${expiresAt}, ${ctx.now})
        ON CONFLICT (code_hash) DO NOTHING`;
      if (inserted === 1) {
        ctx.audit({
          action: 'person.linkCodeCreated',
          subjectId: personId,
          details: { expiresAt: expiresAt.toISOString(), replaced: retired.length },
        });
        return { code: formatLinkCode(code), expiresAt, validMinutes: LINK_CODE_MINUTES };
      }
    }
    refuse('CONFLICT', 'errors:conflict');
  },
});

/**
 * `/lier <code>` on the other app: the account typing the code joins the person who created it. Its
 * person's platform accounts, files (with their electorate memberships and ballot links, which belong to
 * the file) and notifications move to the code's person; that person record is then left empty and
 * marked erased, like after `/supprimer`. Conversation states are keyed by account and stay as they are.
 *
 * Refused, changing nothing, when both persons have a file in the same mediation: one person joins a
 * mediation once and votes once, and two files cannot be merged into one. Codes that are wrong, expired
 * or already used are counted (and that count is committed although the command refuses) so that nobody
 * can try codes until one works.
 */
export const redeemLinkCode = defineCommand({
  name: 'redeemLinkCode',
  actors: ['person'],
  // The adapter explains it cannot be undone and asks first; the flag makes an accidental call an error.
  input: z.object({ code: z.string().max(40), confirm: z.literal(true) }),
  async run(ctx, input) {
    const redeemerId = requirePersonId(ctx.actor);
    await refuseWhileThrottled(ctx, redeemerId);
    const code = normaliseLinkCode(input.code);
    if (!code) return failedAttempt(ctx, redeemerId, 'wrong');
    const hash = hashLinkCode(code);
    // Looked up by its hash (the index compares hashes, which tells nothing about the code), then
    // compared in constant time all the same.
    const [found] = await ctx.tx.$queryRaw<
      { id: string; person_id: string; code_hash: string; expires_at: Date; used_at: Date | null }[]
    >`SELECT id, person_id, code_hash, expires_at, used_at FROM link_code WHERE code_hash = ${hash} FOR UPDATE`;
    if (!found || !sameHash(found.code_hash, hash)) return failedAttempt(ctx, redeemerId, 'wrong');
    if (found.used_at) return failedAttempt(ctx, redeemerId, 'used');
    if (found.expires_at <= ctx.now) return failedAttempt(ctx, redeemerId, 'expired');
    const keeperId = found.person_id;
    if (keeperId === redeemerId) refuse('RULE_VIOLATION', 'linking:errors.alreadyLinked');

    const persons = await lockPersons(ctx, [keeperId, redeemerId]);
    if (persons.get(redeemerId)?.erased_at !== null) refuse('NOT_FOUND', 'errors:personNotFound');
    if (persons.get(keeperId)?.erased_at !== null) return failedAttempt(ctx, redeemerId, 'wrong');
    await refuseSharedMediation(ctx, keeperId, redeemerId, persons.get(redeemerId)?.locale ?? null);

    const moved = await moveEverything(ctx, redeemerId, keeperId);
    const redeemerLocale = persons.get(redeemerId)?.locale;
    if (!persons.get(keeperId)?.locale && redeemerLocale) {
      await ctx.tx.person.update({ where: { id: keeperId }, data: { locale: redeemerLocale } });
    }
    await ctx.tx.person.update({ where: { id: redeemerId }, data: { erasedAt: ctx.now, locale: null } });
    await ctx.tx.linkCode.update({ where: { id: found.id }, data: { usedAt: ctx.now } });
    ctx.audit({
      action: 'person.linked',
      subjectId: keeperId,
      details: { retiredPersonId: redeemerId, ...moved },
    });
    ctx.audit({ action: 'person.retired', subjectId: redeemerId, details: { linkedTo: keeperId } });
    const identities = await ctx.tx.platformIdentity.findMany({
      where: { personId: keeperId },
      orderBy: { createdAt: 'asc' },
      select: { id: true, platform: true, linkedFromPersonId: true },
    });
    tellTheOtherAccounts(ctx, keeperId, found.id, identities, redeemerId);
    return {
      personId: keeperId,
      retiredPersonId: redeemerId,
      platforms: [...new Set(identities.map(({ platform }) => platform))],
      filesMoved: moved.files,
    };
  },
});

/**
 * Linking hands the code's person's files to another account: whoever obtained a code (shown over a
 * shoulder, asked for by a fake "support") would otherwise take over quietly. Every account the person
 * already had is told at once, in its own chat (not only on the app used last), with how to undo it.
 */
function tellTheOtherAccounts(
  ctx: CommandContext,
  keeperId: string,
  codeId: string,
  identities: { id: string; platform: string; linkedFromPersonId: string | null }[],
  redeemerId: string,
): void {
  const joined = identities.filter((identity) => identity.linkedFromPersonId === redeemerId);
  const platforms = [...new Set(joined.map((identity) => platformName(identity.platform)))].join(', ');
  for (const identity of identities) {
    if (identity.linkedFromPersonId === redeemerId) continue;
    ctx.notifyPerson(keeperId, {
      kind: 'accountLinked',
      textKey: 'linking:notify.linked',
      dedupKey: `accountLinked:${codeId}:${identity.id}`,
      params: { platforms },
      refs: { identityId: identity.id },
    });
  }
}

type Failure = 'wrong' | 'used' | 'expired';

/** Counts the attempt, audits it (without the code) and refuses, keeping both. */
async function failedAttempt(ctx: CommandContext, personId: string, failure: Failure): Promise<never> {
  await ctx.tx.linkAttempt.create({ data: { personId, attemptedAt: ctx.now } });
  ctx.audit({ action: 'person.linkFailed', subjectId: personId, details: { failure } });
  const key = { wrong: 'codeWrong', used: 'codeUsed', expired: 'codeExpired' }[failure];
  refuseKeepingChanges('RULE_VIOLATION', `linking:errors.${key}`, { minutes: LINK_CODE_MINUTES });
}

async function refuseWhileThrottled(ctx: CommandContext, personId: string): Promise<void> {
  const since = new Date(ctx.now.getTime() - HOUR);
  const recent = await ctx.tx.linkAttempt.findMany({
    where: { personId, attemptedAt: { gt: since } },
    orderBy: { attemptedAt: 'desc' },
    take: MAX_FAILED_ATTEMPTS_PER_HOUR,
    select: { attemptedAt: true },
  });
  if (recent.length < MAX_FAILED_ATTEMPTS_PER_HOUR) return;
  // Free again when the oldest of the last attempts is an hour old.
  const freeAt = (recent.at(-1)?.attemptedAt.getTime() ?? ctx.now.getTime()) + HOUR;
  const minutes = Math.max(1, Math.ceil((freeAt - ctx.now.getTime()) / MINUTE));
  refuse('RULE_VIOLATION', 'linking:errors.tooManyAttempts', { count: minutes });
}

/** FOR UPDATE, in id order: a join or an erasure of either person waits, and two links cannot deadlock. */
async function lockPersons(ctx: CommandContext, ids: string[]) {
  const rows = await ctx.tx.$queryRaw<{ id: string; erased_at: Date | null; locale: string | null }[]>`
    SELECT id, erased_at, locale FROM person WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  await ctx.tx.$queryRaw`
    SELECT id FROM participant WHERE person_id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((row) => [row.id, row]));
}

async function refuseSharedMediation(
  ctx: CommandContext,
  keeperId: string,
  redeemerId: string,
  locale: string | null,
): Promise<void> {
  const [shared] = await ctx.tx.$queryRaw<{ title_fr: string; title_en: string }[]>`
    SELECT m.title_fr, m.title_en FROM participant a
    JOIN participant b ON b.mediation_id = a.mediation_id AND b.person_id = ${redeemerId}::uuid
    JOIN mediation m ON m.id = a.mediation_id
    WHERE a.person_id = ${keeperId}::uuid ORDER BY m.title_fr LIMIT 1`;
  if (!shared) return;
  // A refusal's params are plain text: the title in the language the person chose, French otherwise.
  const title = locale === 'en' ? shared.title_en : shared.title_fr;
  refuse('RULE_VIOLATION', 'linking:errors.sameMediation', { title });
}

async function moveEverything(ctx: CommandContext, from: string, to: string) {
  // Files and accounts are marked with where they came from, so that `/delier` can give them back
  // (core/people/unlinking.ts).
  const files = await ctx.tx.participant.updateMany({
    where: { personId: from },
    data: { personId: to, updatedAt: ctx.now, linkedFromPersonId: from },
  });
  const identities = await ctx.tx.platformIdentity.updateMany({
    where: { personId: from },
    data: { personId: to, linkedAt: ctx.now, linkedFromPersonId: from },
  });
  const messages = await ctx.tx.outboxMessage.updateMany({
    where: { personId: from },
    data: { personId: to },
  });
  // A mediator's answer to a `/contact` message goes to the person named in it: now the one kept.
  await ctx.tx.$executeRaw`
    UPDATE outbox_message
    SET payload = jsonb_set(jsonb_set(payload, '{refs,personId}', to_jsonb(${to}::text)),
                            '{params,personId}', to_jsonb(${to}::text))
    WHERE audience = 'mediators' AND kind = 'contactMessage' AND payload -> 'refs' ->> 'personId' = ${from}`;
  await ctx.tx.linkCode.deleteMany({ where: { personId: from } });
  await ctx.tx.linkAttempt.deleteMany({ where: { personId: from } });
  return { files: files.count, identities: identities.count, messages: messages.count };
}

/**
 * Housekeeping: a code is worth nothing once expired or used, and failed tries only count for an hour.
 * Deletes both after a day (kept that long for a person's data export); returns how many rows went.
 */
export async function pruneLinking(deps: CoreDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - DAY);
  const [codes, attempts] = await deps.db.prisma.$transaction([
    deps.db.prisma.linkCode.deleteMany({ where: { expiresAt: { lt: before } } }),
    deps.db.prisma.linkAttempt.deleteMany({ where: { attemptedAt: { lt: before } } }),
  ]);
  return codes.count + attempts.count;
}
