import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { useTestCore } from '../support/core.ts';
import { createDraft, draftInput, expectRefused, mediationRow, mediator } from './fixtures.ts';

const t = useTestCore();

describe('a mediator preparing a mediation', () => {
  it('creates a company, then a DRAFT mediation against it with the default rule (3/4 of the electorate)', async () => {
    const { companyId } = unwrap(await t.core.createCompany(mediator, { slug: 'sfam', name: 'SFAM' }));
    const input = { ...draftInput(t), company: undefined, companyId };
    const { mediationId, slug } = unwrap(await t.core.createMediation(mediator, input as never));
    const row = await t.db.prisma.mediation.findUniqueOrThrow({
      where: { id: mediationId },
      include: { eligibilityQuestions: true },
    });
    expect(row).toMatchObject({
      slug,
      companyId,
      status: 'DRAFT',
      voteBase: 'ELECTORATE',
      thresholdNumerator: 3,
      thresholdDenominator: 4,
      createdBy: 'mediator:U0MEDIATOR',
    });
    expect(row.eligibilityQuestions).toMatchObject([{ position: 1, requiredAnswer: true }]);
    const audit = await t.db.prisma.auditEntry.findMany({ where: { mediationId } });
    expect(audit.map((e) => e.action)).toEqual(['mediation.created']);
  });

  it('creates the company on the way when given by name and slug, reusing it the second time', async () => {
    const company = { slug: 'kuvera', name: 'KUVERA' };
    const first = await createDraft(t, { company });
    const second = await createDraft(t, { company });
    const [a, b] = [await mediationRow(t, first), await mediationRow(t, second)];
    expect(a.companyId).toBe(b.companyId);
    expect(await t.db.prisma.company.count({ where: { slug: 'kuvera' } })).toBe(1);
  });

  it('accepts the votes-cast base with its default quorum of one half', async () => {
    const id = await createDraft(t, { ruleProfile: { voteBase: 'VOTES_CAST' } });
    expect(await mediationRow(t, id)).toMatchObject({
      voteBase: 'VOTES_CAST',
      thresholdNumerator: 3,
      thresholdDenominator: 4,
      quorumNumerator: 1,
      quorumDenominator: 2,
    });
  });

  it('refuses thresholds that are not fractions between one half and one, and a quorum without its base', async () => {
    const cases: [object, string][] = [
      [
        { voteBase: 'ELECTORATE', threshold: { numerator: 5, denominator: 4 } },
        'mediations:errors.thresholdOutOfRange',
      ],
      [
        { voteBase: 'ELECTORATE', threshold: { numerator: 1, denominator: 3 } },
        'mediations:errors.thresholdOutOfRange',
      ],
      [
        { voteBase: 'ELECTORATE', quorum: { numerator: 1, denominator: 2 } },
        'mediations:errors.quorumNeedsVotesCast',
      ],
      [
        { voteBase: 'VOTES_CAST', quorum: { numerator: 0, denominator: 2 } },
        'mediations:errors.quorumOutOfRange',
      ],
      [
        { voteBase: 'VOTES_CAST', quorum: { numerator: 3, denominator: 2 } },
        'mediations:errors.quorumOutOfRange',
      ],
    ];
    for (const [ruleProfile, key] of cases) {
      const result = await t.core.createMediation(mediator, draftInput(t, { ruleProfile }) as never);
      expectRefused(result, 'INVALID_INPUT', key);
    }
    const zero = await t.core.createMediation(
      mediator,
      draftInput(t, { ruleProfile: { threshold: { numerator: 1, denominator: 0 } } }) as never,
    );
    expectRefused(zero, 'INVALID_INPUT');
    // 1/2 and 1/1 are the limits and both allowed.
    await createDraft(t, {
      ruleProfile: { voteBase: 'ELECTORATE', threshold: { numerator: 1, denominator: 2 } },
    });
    await createDraft(t, {
      ruleProfile: { voteBase: 'ELECTORATE', threshold: { numerator: 1, denominator: 1 } },
    });
  });

  it('refuses a taken slug, a past registration deadline, and anyone but a mediator', async () => {
    const input = draftInput(t);
    unwrap(await t.core.createMediation(mediator, input as never));
    expectRefused(
      await t.core.createMediation(mediator, { ...draftInput(t), slug: input.slug } as never),
      'CONFLICT',
      'mediations:errors.slugTaken',
    );
    expectRefused(
      await t.core.createMediation(
        mediator,
        draftInput(t, { registrationClosesAt: new Date(t.clock.now().getTime() - DAY) }) as never,
      ),
      'INVALID_INPUT',
      'mediations:errors.registrationDeadlinePast',
    );
    expectRefused(await t.core.createMediation(personActor('p'), draftInput(t) as never), 'FORBIDDEN');
    expectRefused(await t.core.createCompany(mediator, { slug: 'Not A Slug!', name: 'x' }), 'INVALID_INPUT');
  });
});

describe('editing a mediation', () => {
  it('is allowed in DRAFT: texts, questions and rule profile', async () => {
    const mediationId = await createDraft(t);
    unwrap(
      await t.core.updateMediation(mediator, {
        mediationId,
        title: { fr: 'Nouveau titre', en: 'New title' },
        eligibilityQuestions: [
          { fr: 'Question une ?', en: 'Question one?', requiredAnswer: true },
          { fr: 'Question deux ?', en: 'Question two?', requiredAnswer: false },
        ],
        ruleProfile: { voteBase: 'VOTES_CAST', threshold: { numerator: 2, denominator: 3 } },
      }),
    );
    const row = await t.db.prisma.mediation.findUniqueOrThrow({
      where: { id: mediationId },
      include: { eligibilityQuestions: { orderBy: { position: 'asc' } } },
    });
    expect(row).toMatchObject({
      titleFr: 'Nouveau titre',
      voteBase: 'VOTES_CAST',
      thresholdNumerator: 2,
      thresholdDenominator: 3,
    });
    expect(row.eligibilityQuestions.map((q) => [q.position, q.requiredAnswer])).toEqual([
      [1, true],
      [2, false],
    ]);
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { mediationId, action: 'mediation.updated' },
    });
    expect(audit.details).toEqual({ fields: 'eligibilityQuestions,ruleProfile,title' });
  });

  it('is refused once registration has opened: the rule profile is frozen, in the code and in the database', async () => {
    const mediationId = await createDraft(t);
    unwrap(await t.core.openRegistration(mediator, { mediationId }));
    const before = await mediationRow(t, mediationId);
    const result = await t.core.updateMediation(mediator, {
      mediationId,
      ruleProfile: { voteBase: 'VOTES_CAST', threshold: { numerator: 1, denominator: 2 } },
    });
    expectRefused(result, 'RULE_VIOLATION', 'mediations:errors.editableOnlyInDraft');
    expectRefused(
      await t.core.updateMediation(mediator, { mediationId, title: { fr: 'x', en: 'y' } }),
      'RULE_VIOLATION',
    );
    const after = await mediationRow(t, mediationId);
    expect(after).toEqual(before);
    // Even a direct write cannot change it.
    await expect(
      t.db.prisma.mediation.update({
        where: { id: mediationId },
        data: { thresholdNumerator: 1, thresholdDenominator: 2 },
      }),
    ).rejects.toThrow();
    expect((await mediationRow(t, mediationId)).thresholdNumerator).toBe(3);
    // Other columns still change normally.
    await t.db.prisma.mediation.update({ where: { id: mediationId }, data: { titleFr: 'Titre corrigé' } });
  });
});
