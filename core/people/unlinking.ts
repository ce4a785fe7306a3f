import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { CoreDeps } from '../deps.ts';
import { refuse } from '../domain/errors.ts';
import { loadLivePerson, requirePersonId } from './person-access.ts';
import { platformName } from './platform-names.ts';

/** The platforms an account may be on (as `identifyPerson` takes them). */
const platformSchema = z.enum(['TELEGRAM', 'DISCORD', 'SLACK', 'CONSOLE']);

interface AccountRow {
  id: string;
  platform: string;
  externalId: string;
  linkedAt: Date | null;
  linkedFromPersonId: string | null;
  createdAt: Date;
}

/**
 * When an account became part of its person by `/lier`; the account that was there from the start
 * (never linked) comes before every linked one.
 */
const joinedAt = (account: AccountRow) => account.linkedAt?.getTime() ?? Number.NEGATIVE_INFINITY;

/**
 * Who may undo a link: an account may leave by itself, or send away an account that joined the person
 * after it did. Never the other way: someone who linked a stolen code must not be able to push the
 * owner's own account out and keep their files.
 */
export function mayUnlink(by: AccountRow, target: AccountRow): boolean {
  return by.id === target.id || joinedAt(target) > joinedAt(by);
}

/** The accounts of the person typing on `by`, each with whether `by` may unlink it (`/delier`). */
export async function linkedAccounts(
  deps: CoreDeps,
  input: { personId: string; by: { platform: string; externalId: string } },
) {
  const accounts = await deps.db.prisma.platformIdentity.findMany({
    where: { personId: input.personId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      platform: true,
      externalId: true,
      linkedAt: true,
      linkedFromPersonId: true,
      createdAt: true,
    },
  });
  const by = accounts.find(
    (account) => account.platform === input.by.platform && account.externalId === input.by.externalId,
  );
  return accounts.map((account) => ({
    identityId: account.id,
    platform: account.platform,
    joinedAt: account.linkedAt ?? account.createdAt,
    isThisAccount: account.id === by?.id,
    mayUnlink: !!by && accounts.length > 1 && mayUnlink(by, account),
  }));
}

/**
 * `/delier`: undoes a `/lier`. The account leaves the person: if it came by a link, it gets back the
 * person it came from, with the files it brought (anything else stays); an account that was there first
 * gets a new person of its own, with no file. Every other account involved is told in its own chat,
 * like after a link. The person typing names the account it types from (`by`), checked to be theirs:
 * adapters know the account, the core decides what it may do (`mayUnlink`).
 */
export const unlinkAccount = defineCommand({
  name: 'unlinkAccount',
  actors: ['person'],
  input: z.object({
    identityId: z.uuid(),
    by: z.object({ platform: platformSchema, externalId: z.string().min(1).max(200) }),
    confirm: z.literal(true),
  }),
  async run(ctx, input) {
    const personId = requirePersonId(ctx.actor);
    await ctx.tx.$queryRaw`SELECT id FROM person WHERE id = ${personId}::uuid FOR UPDATE`;
    const person = await loadLivePerson(ctx.tx, personId);
    const accounts = await ctx.tx.platformIdentity.findMany({ where: { personId } });
    const by = accounts.find(
      (account) => account.platform === input.by.platform && account.externalId === input.by.externalId,
    );
    const target = accounts.find((account) => account.id === input.identityId);
    if (!by || !target) refuse('NOT_FOUND', 'linking:errors.accountNotFound');
    if (accounts.length < 2) refuse('RULE_VIOLATION', 'linking:errors.notLinked');
    if (!mayUnlink(by, target)) refuse('RULE_VIOLATION', 'linking:errors.mayNotUnlink');

    const { newPersonId, filesReturned, revived } = await giveBackItsPerson(
      ctx,
      personId,
      target,
      person.locale,
    );
    // A code created before could bring the account straight back: the person's live codes go.
    await ctx.tx.linkCode.deleteMany({ where: { personId, usedAt: null } });
    // Its conversation may hold ids of files that are no longer its own.
    await ctx.tx.conversationState.deleteMany({
      where: { platform: target.platform, externalId: target.externalId },
    });
    ctx.audit({
      action: 'person.unlinked',
      subjectId: personId,
      details: {
        identityId: target.id,
        platform: target.platform,
        toPersonId: newPersonId,
        filesReturned,
        revived,
      },
    });
    const platform = platformName(target.platform);
    // The account typing reads the answer; every other account involved is told in its own chat.
    for (const account of accounts) {
      if (account.id === target.id || account.id === by.id) continue;
      tellAccount(ctx, personId, account.id, target.id, 'linking:notify.unlinkedOther', platform);
    }
    if (target.id !== by.id) {
      tellAccount(ctx, newPersonId, target.id, target.id, 'linking:notify.unlinkedThis', platform);
    }
    return { unlinkedPlatform: target.platform, filesReturned, self: target.id === by.id };
  },
});

async function giveBackItsPerson(
  ctx: CommandContext,
  personId: string,
  target: { id: string; linkedFromPersonId: string | null },
  locale: string | null,
) {
  const from = target.linkedFromPersonId;
  const previous = from
    ? await ctx.tx.person.findUnique({ where: { id: from }, select: { id: true } })
    : null;
  const newPersonId =
    previous?.id ?? (await ctx.tx.person.create({ data: { locale }, select: { id: true } })).id;
  if (previous) {
    // The person retired by the link (marked erased then, with nothing left) comes back to life.
    await ctx.tx.person.update({ where: { id: previous.id }, data: { erasedAt: null } });
  }
  const files = previous
    ? await ctx.tx.participant.updateMany({
        where: { personId, linkedFromPersonId: previous.id },
        data: { personId: previous.id, linkedFromPersonId: null, updatedAt: ctx.now },
      })
    : { count: 0 };
  await ctx.tx.platformIdentity.update({
    where: { id: target.id },
    data: { personId: newPersonId, linkedAt: null, linkedFromPersonId: null },
  });
  return { newPersonId, filesReturned: files.count, revived: !!previous };
}

function tellAccount(
  ctx: CommandContext,
  personId: string,
  identityId: string,
  unlinkedId: string,
  textKey: string,
  platform: string,
): void {
  ctx.notifyPerson(personId, {
    kind: 'accountUnlinked',
    textKey,
    // One per unlinking and account: the same account may be linked and unlinked again later.
    dedupKey: `accountUnlinked:${unlinkedId}:${ctx.now.toISOString()}:${identityId}`,
    params: { platform },
    refs: { identityId },
  });
}
