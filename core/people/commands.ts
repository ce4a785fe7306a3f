import { z } from 'zod';
import { defineCommand, defineSqlCommand } from '../commands/command.ts';
import type { CommandContext } from '../commands/context.ts';
import type { SqlTx } from '../db/connect.ts';
import { answerContact, contactMediators } from './contact.ts';
import { exportPersonData } from './data-export.ts';
import { erasePerson } from './erasure.ts';
import { recognisedAccount, storedAccount } from './known-account.ts';
import { createLinkCode, redeemLinkCode } from './linking.ts';
import { requirePersonId } from './person-access.ts';
import { unlinkAccount } from './unlinking.ts';

export const platformSchema = z.enum(['TELEGRAM', 'DISCORD', 'SLACK', 'CONSOLE']);
export const localeSchema = z.enum(['fr', 'en']);

const identifyInput = z.object({
  platform: platformSchema,
  externalId: z.string().trim().min(1).max(200),
  chatId: z.string().trim().min(1).max(200).optional(),
  languageCode: z.string().trim().max(35).optional(),
});
type IdentifyInput = z.infer<typeof identifyInput>;

/**
 * Finds the person behind a platform account, creating both on first contact. Adapters call it for
 * every inbound update, so it is idempotent and refreshes where notifications go.
 */
export const identifyPerson = defineSqlCommand({
  name: 'identifyPerson',
  actors: ['system'],
  input: identifyInput,
  // Most messages come from someone known, on the same chat and language, seen a moment ago.
  async unchanged(input, deps) {
    return recognisedAccount(
      await storedAccount(deps, input.platform, input.externalId),
      input,
      deps.clock.now(),
    );
  },
  async run(ctx, input) {
    return (await refreshIdentity(ctx, input)) ?? (await createPerson(ctx, input));
  },
});

/**
 * The account of a known person, seen now: where and in which language to reach them. Writing to the
 * bot again also means they unblocked it, so notifications may flow again. `undefined` for an account
 * not seen before, or whose person was erased.
 */
async function refreshIdentity({ tx, now }: CommandContext<SqlTx>, input: IdentifyInput) {
  const [known] = await tx.$queryRaw<{ personId: string; locale: 'fr' | 'en' | null }[]>`
    UPDATE platform_identity i SET last_seen_at = ${now}, unreachable_at = NULL,
      chat_id = coalesce(${input.chatId ?? null}, i.chat_id),
      language_code = coalesce(${input.languageCode ?? null}, i.language_code)
    FROM person p
    WHERE i.platform = ${input.platform}::"Platform" AND i.external_id = ${input.externalId}
      AND p.id = i.person_id AND p.erased_at IS NULL
    RETURNING i.person_id AS "personId", p.locale`;
  return known && { personId: known.personId, created: false, locale: known.locale };
}

/**
 * First contact: the person and their account in one statement. Two first messages at once cannot make
 * two persons: the second insert waits on the unique (platform, external_id) of the first, then fails
 * and rolls its person back (the runner answers CONFLICT), as Prisma's nested create did.
 */
async function createPerson({ tx, now, audit }: CommandContext<SqlTx>, input: IdentifyInput) {
  const [person] = await tx.$queryRaw<{ id: string }[]>`
    WITH person AS (INSERT INTO person DEFAULT VALUES RETURNING id)
    INSERT INTO platform_identity (person_id, platform, external_id, chat_id, language_code, last_seen_at)
    VALUES ((SELECT id FROM person), ${input.platform}::"Platform", ${input.externalId},
      ${input.chatId ?? null}, ${input.languageCode ?? null}, ${now})
    RETURNING person_id AS id`;
  if (!person) throw new Error('identifyPerson: the new account was not written');
  // Only the first contact is a change worth auditing; later contacts just refresh `lastSeenAt`.
  audit({ action: 'person.created', subjectId: person.id, details: { platform: input.platform } });
  return { personId: person.id, created: true, locale: null };
}

/** `/langue`: the saved choice wins over the platform's language. */
export const setLocale = defineCommand({
  name: 'setLocale',
  actors: ['person'],
  input: z.object({ locale: localeSchema }),
  async run(ctx, input) {
    const personId = requirePersonId(ctx.actor);
    await ctx.tx.person.update({ where: { id: personId }, data: { locale: input.locale } });
    ctx.audit({ action: 'person.locale', subjectId: personId, details: { locale: input.locale } });
    return { locale: input.locale };
  },
});

export const peopleCommands = {
  identifyPerson,
  setLocale,
  exportPersonData,
  erasePerson,
  contactMediators,
  answerContact,
  createLinkCode,
  redeemLinkCode,
  unlinkAccount,
};
