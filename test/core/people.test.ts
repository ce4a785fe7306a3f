import { describe, expect, it } from 'vitest';
import { personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { recognisedAccount } from '../../core/people/known-account.ts';
import { useTestCore } from '../support/core.ts';

const t = useTestCore();

describe('a person reaching the bot', () => {
  it('is created on first contact and found again afterwards', async () => {
    const first = unwrap(
      await t.core.identifyPerson(systemActor('telegram'), {
        platform: 'TELEGRAM',
        externalId: '1001',
        chatId: '1001',
        languageCode: 'fr',
      }),
    );
    const again = unwrap(
      await t.core.identifyPerson(systemActor('telegram'), { platform: 'TELEGRAM', externalId: '1001' }),
    );
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ personId: first.personId, created: false });
    expect(await t.db.prisma.platformIdentity.count({ where: { externalId: '1001' } })).toBe(1);
    const audited = await t.db.prisma.auditEntry.findMany({ where: { subjectId: first.personId } });
    expect(audited.map((entry) => entry.action)).toEqual(['person.created']);
  });

  it('is created once when first messages arrive at once', async () => {
    // Several rounds: the first may find the server's connections still opening, which spaces them out.
    for (const externalId of ['1005', '1006', '1007']) {
      const identify = () =>
        t.core.identifyPerson(systemActor('telegram'), { platform: 'TELEGRAM', externalId });
      const results = await Promise.all([identify(), identify(), identify()]);
      const identities = await t.db.prisma.platformIdentity.findMany({ where: { externalId } });
      expect(identities).toHaveLength(1);
      const personId = identities[0]?.personId;
      // On a server the others wait on the account's unique key and lose (CONFLICT); the embedded
      // database runs one transaction after the other, so they find the first one's person.
      for (const result of results) {
        if (result.ok) expect(result.value.personId).toBe(personId);
        else expect(result.error.code).toBe('CONFLICT');
      }
      expect(results.filter((result) => result.ok && result.value.created)).toHaveLength(1);
      const created = await t.db.prisma.auditEntry.count({
        where: { action: 'person.created', subjectId: personId },
      });
      expect(created).toBe(1);
    }
  });

  it('becomes reachable again when writing to the bot after blocking it', async () => {
    const { personId } = unwrap(
      await t.core.identifyPerson(systemActor('telegram'), {
        platform: 'TELEGRAM',
        externalId: '1003',
        chatId: '1003',
      }),
    );
    await t.db.prisma.platformIdentity.updateMany({
      where: { personId },
      data: { unreachableAt: t.clock.now() },
    });
    unwrap(
      await t.core.identifyPerson(systemActor('telegram'), { platform: 'TELEGRAM', externalId: '1003' }),
    );
    expect(
      (await t.db.prisma.platformIdentity.findFirstOrThrow({ where: { personId } })).unreachableAt,
    ).toBeNull();
  });

  it('writes only when something changed or the last visit is a few minutes old', async () => {
    const identify = (input: { chatId?: string; languageCode?: string }) =>
      t.core.identifyPerson(systemActor('telegram'), { platform: 'TELEGRAM', externalId: '1004', ...input });
    const { personId } = unwrap(await identify({ chatId: 'chat-a', languageCode: 'fr' }));
    const identity = () => t.db.prisma.platformIdentity.findFirstOrThrow({ where: { personId } });
    const firstSeen = (await identity()).lastSeenAt;

    t.clock.advance(60_000);
    expect(unwrap(await identify({ chatId: 'chat-a', languageCode: 'fr' }))).toMatchObject({ personId });
    expect((await identity()).lastSeenAt).toEqual(firstSeen);

    await identify({ chatId: 'chat-b' });
    expect(await identity()).toMatchObject({ chatId: 'chat-b', languageCode: 'fr' });
    expect((await identity()).lastSeenAt).toEqual(t.clock.now());

    t.clock.advance(10 * 60_000);
    await identify({});
    expect((await identity()).lastSeenAt).toEqual(t.clock.now());
  });

  it('keeps a saved language choice', async () => {
    const { personId } = unwrap(
      await t.core.identifyPerson(systemActor('telegram'), { platform: 'TELEGRAM', externalId: '1002' }),
    );
    unwrap(await t.core.setLocale(personActor(personId), { locale: 'en' }));
    expect((await t.db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).locale).toBe('en');
  });

  it('refuses bad input with a typed error, not an exception', async () => {
    const result = await t.core.identifyPerson(systemActor('telegram'), {
      platform: 'FAX',
      externalId: '',
    } as never);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT' }) });
    const forbidden = await t.core.setLocale(systemActor('x'), { locale: 'fr' });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('an account that needs no write', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  const stored = {
    personId: 'p-1',
    locale: 'en' as const,
    erased: false,
    unreachable: false,
    lastSeenAt: new Date(now.getTime() - 4 * 60_000),
    chatId: 'chat-a',
    languageCode: 'fr',
  };
  const recognised = { personId: 'p-1', created: false, locale: 'en' };

  it('is one seen a moment ago, on the same chat and language, or with them unsaid', () => {
    expect(recognisedAccount(stored, { chatId: 'chat-a', languageCode: 'fr' }, now)).toEqual(recognised);
    expect(recognisedAccount(stored, {}, now)).toEqual(recognised);
    expect(recognisedAccount({ ...stored, chatId: null, languageCode: null }, {}, now)).toEqual(recognised);
  });

  it('is never one unknown, erased, unreachable, last seen 5 minutes ago, or on another chat or language', () => {
    const seen = { chatId: 'chat-a', languageCode: 'fr' };
    expect(recognisedAccount(null, seen, now)).toBeUndefined();
    expect(recognisedAccount({ ...stored, erased: true }, seen, now)).toBeUndefined();
    expect(recognisedAccount({ ...stored, unreachable: true }, seen, now)).toBeUndefined();
    const fiveMinutesAgo = new Date(now.getTime() - 5 * 60_000);
    expect(recognisedAccount({ ...stored, lastSeenAt: fiveMinutesAgo }, seen, now)).toBeUndefined();
    expect(recognisedAccount(stored, { ...seen, chatId: 'chat-b' }, now)).toBeUndefined();
    expect(recognisedAccount(stored, { ...seen, languageCode: 'en' }, now)).toBeUndefined();
    expect(recognisedAccount({ ...stored, chatId: null }, seen, now)).toBeUndefined();
  });
});
