import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { answerContact, contactMediators } from './contact.ts';
import { exportPersonData } from './data-export.ts';
import { erasePerson } from './erasure.ts';
import { createLinkCode, redeemLinkCode } from './linking.ts';
import { requirePersonId } from './person-access.ts';
import { unlinkAccount } from './unlinking.ts';

export const platformSchema = z.enum(['TELEGRAM', 'DISCORD', 'SLACK', 'CONSOLE']);
export const localeSchema = z.enum(['fr', 'en']);

/**
 * How fresh `lastSeenAt` is kept. Notifications go to the account a person used last, so a few
 * minutes are precise enough, and most messages need no write at all.
 */
const LAST_SEEN_PRECISION_MS = 5 * 60 * 1000;

/**
 * Finds the person behind a platform account, creating both on first contact. Adapters call it for
 * every inbound update, so it is idempotent and refreshes where notifications go.
 */
export const identifyPerson = defineCommand({
  name: 'identifyPerson',
  actors: ['system'],
  input: z.object({
    platform: platformSchema,
    externalId: z.string().trim().min(1).max(200),
    chatId: z.string().trim().min(1).max(200).optional(),
    languageCode: z.string().trim().max(35).optional(),
  }),
  // Most messages come from someone known, on the same chat and language, seen a moment ago.
  async unchanged(input, deps) {
    const [known] = await deps.db.sql.query<{ personId: string; locale: 'fr' | 'en' | null }>(
      `SELECT i.person_id AS "personId", p.locale FROM platform_identity i JOIN person p ON p.id = i.person_id
       WHERE i.platform = $1::"Platform" AND i.external_id = $2 AND p.erased_at IS NULL
         AND i.unreachable_at IS NULL AND i.last_seen_at > $3
         AND i.chat_id IS NOT DISTINCT FROM coalesce($4, i.chat_id)
         AND i.language_code IS NOT DISTINCT FROM coalesce($5, i.language_code)`,
      [
        input.platform,
        input.externalId,
        new Date(deps.clock.now().getTime() - LAST_SEEN_PRECISION_MS),
        input.chatId ?? null,
        input.languageCode ?? null,
      ],
    );
    return known && { personId: known.personId, created: false, locale: known.locale };
  },
  async run({ tx, now, audit }, input) {
    const existing = await tx.platformIdentity.findUnique({
      where: { platform_externalId: { platform: input.platform, externalId: input.externalId } },
      include: { person: { select: { locale: true, erasedAt: true } } },
    });
    if (existing && !existing.person.erasedAt) {
      await tx.platformIdentity.update({
        where: { id: existing.id },
        data: {
          lastSeenAt: now,
          // Writing to the bot again means they unblocked it: notifications may flow again.
          unreachableAt: null,
          chatId: input.chatId ?? existing.chatId,
          languageCode: input.languageCode ?? existing.languageCode,
        },
      });
      return { personId: existing.personId, created: false, locale: existing.person.locale };
    }
    const person = await tx.person.create({
      data: {
        identities: {
          create: {
            platform: input.platform,
            externalId: input.externalId,
            chatId: input.chatId,
            languageCode: input.languageCode,
            lastSeenAt: now,
          },
        },
      },
    });
    // Only the first contact is a change worth auditing; later contacts just refresh `lastSeenAt`.
    audit({ action: 'person.created', subjectId: person.id, details: { platform: input.platform } });
    return { personId: person.id, created: true, locale: null };
  },
});

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
