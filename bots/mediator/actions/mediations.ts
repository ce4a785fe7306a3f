import { z } from 'zod';
import { ruleTextParams } from '../../../core/mediations/rule-profile.ts';
import type { ActionContext, MediatorAction } from '../action.ts';
import * as arg from '../arg-types.ts';
import { companyExtensionInstructions } from '../company-notice.ts';
import { defineAction, need, refuseAction, succeed } from '../define-action.ts';
import { formatter, inLocale } from '../format.ts';
import { findCompany, findMediation, type MediationView } from '../resolve.ts';

type Overview = Awaited<ReturnType<ActionContext['core']['query']['mediationsOverview']>>[number];

/** The dashboard: every mediation, with its counts and what is due next, soonest first. */
export const listMediations = defineAction({
  name: 'list',
  summaryKey: 'mediator:actions.list.summary',
  args: z.object({}),
  positional: [],
  async run(ctx) {
    const overview = await ctx.core.query.mediationsOverview();
    const f = formatter(ctx);
    if (overview.length === 0) return succeed(f.say('mediator:list.empty'), overview);
    return succeed(overview.map((mediation) => overviewBlock(ctx, mediation)).join('\n\n'), overview);
  },
});

function overviewBlock(ctx: ActionContext, mediation: Overview): string {
  const f = formatter(ctx);
  const lines = [
    f.say('mediator:list.heading', {
      slug: mediation.slug,
      title: inLocale(ctx, mediation.title),
      company: mediation.company,
    }),
    `  ${f.say('mediator:list.state', {
      status: f.status(mediation.status),
      admitted: mediation.participants.admitted,
      submitted: mediation.participants.submitted,
      claimed: f.money(mediation.totalClaimedCents),
    })}`,
  ];
  if (mediation.closedAt) {
    lines.push(`  ${f.say('mediator:list.closedAt', { at: f.when(mediation.closedAt) })}`);
  } else if (mediation.due.length === 0) {
    lines.push(`  ${f.say('mediator:list.nothingDue')}`);
  } else {
    lines.push(`  ${f.say('mediator:list.due')}`);
    for (const due of mediation.due) {
      const vote = mediation.runningVote;
      const text = f.say(`mediator:due.${due.kind}`, {
        at: f.when(due.at),
        count: 'count' in due ? due.count : 0,
        voted: vote?.voted ?? 0,
        electorate: vote?.electorate ?? 0,
      });
      const overdue =
        'overdue' in due && due.overdue > 0 ? f.say('mediator:due.overdue', { count: due.overdue }) : '';
      lines.push(`    - ${text}${overdue}`);
    }
  }
  return lines.join('\n');
}

/** Everything about one mediation: its rule, dates, counts, the offer and the vote (turnout only). */
export const showMediation = defineAction({
  name: 'show',
  summaryKey: 'mediator:actions.show.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const mediation = await findMediation(ctx, args.mediation);
    const statistics = await ctx.core.query.mediationStatistics({ mediationId: mediation.id });
    const voteId = mediation.currentOffer?.voteId;
    const vote = voteId ? await ctx.core.query.voteCard({ voteId }) : null;
    return succeed(describeMediation(ctx, mediation, statistics, vote), { mediation, statistics, vote });
  },
});

function describeMediation(
  ctx: ActionContext,
  m: MediationView,
  statistics: Awaited<ReturnType<ActionContext['core']['query']['mediationStatistics']>>,
  vote: Awaited<ReturnType<ActionContext['core']['query']['voteCard']>>,
): string {
  const f = formatter(ctx);
  const card = m.ruleCard;
  const lines = [
    f.say('mediator:show.heading', { title: inLocale(ctx, m.title), slug: m.slug }),
    f.say('mediator:show.id', { id: m.id }),
    f.say('mediator:show.company', { company: m.company.name }),
    f.say('mediator:show.status', { status: f.status(m.status) }),
    m.newsPublic
      ? f.say('mediator:show.newsPublic', {
          at: f.when(m.newsPublic.since),
          agreement: m.newsPublic.partiesAgreement,
        })
      : f.say('mediator:show.newsPrivate'),
    f.say('mediations:ruleCard.rule', ruleTextParams(card)),
  ];
  if (m.companyAnswer) {
    lines.push(
      f.say(`mediator:show.companyAnswer.${m.companyAnswer.answer}`, { at: f.when(m.companyAnswer.at) }),
    );
  }
  if (m.companyInvitedAt && m.companyNotifiedVia) {
    lines.push(
      f.say(`mediator:show.companyNotified.${m.companyNotifiedVia}`, { at: f.when(m.companyInvitedAt) }),
    );
  }
  if (statistics) {
    const p = statistics.participants;
    lines.push(
      f.say('mediator:show.files', {
        submitted: p.SUBMITTED,
        admitted: p.ADMITTED,
        rejected: p.REJECTED,
        withdrawn: p.WITHDRAWN,
      }),
      f.say('mediator:show.claimed', { claimed: f.money(statistics.totalClaimedCents) }),
    );
  }
  const dates: [string, Date | null][] = [
    ['registrationClosesAt', m.status === 'DRAFT' || m.status === 'OPEN' ? m.registrationClosesAt : null],
    ['endsBy', m.closedAt ? null : m.endsBy],
    ['companyAnswerDueAt', m.status === 'NEGOTIATION' ? m.companyAnswerDueAt : null],
    ['adhesionClosesAt', m.status === 'ADHESION' ? m.adhesionClosesAt : null],
  ];
  for (const [key, at] of dates) if (at) lines.push(f.say(`mediator:show.${key}`, { at: f.when(at) }));
  if (m.closedAt) {
    lines.push(
      f.say('mediator:show.closedAt', { at: f.when(m.closedAt), reason: f.closingReason(m.closingReason) }),
    );
  }
  for (const extension of m.extensions) {
    lines.push(
      f.say('mediator:show.extension', {
        count: extension.days,
        at: f.when(extension.at),
        reason: extension.reason,
      }),
    );
  }
  const offer = m.currentOffer;
  if (offer) {
    lines.push(
      f.say('mediator:show.offer', {
        round: offer.round,
        status: f.say(`common:offerStatus.${offer.status}`),
        compensation: f.compensation(offer),
      }),
      `  ${inLocale(ctx, offer.terms)}`,
    );
    if (offer.byCompany) lines.push(f.say('mediator:show.offerByCompany'));
    if (offer.validUntil)
      lines.push(f.say('mediator:show.offerValidUntil', { at: f.when(offer.validUntil) }));
  }
  if (vote?.status === 'open') {
    lines.push(
      f.say('mediator:show.voteRunning', {
        at: f.when(vote.closesAt),
        count: vote.turnout.voted,
        electorate: vote.turnout.electorate,
      }),
    );
  } else if (vote?.result) {
    const { outcome, tally } = vote.result;
    lines.push(
      !outcome || outcome === 'VOIDED'
        ? f.say('mediator:show.voteVoided')
        : f.say('mediator:show.voteResult', { outcome, ...tally }),
    );
  }
  if (m.eligibilityQuestions.length > 0) {
    lines.push(f.say('mediator:show.questions'));
    for (const question of m.eligibilityQuestions) {
      lines.push(
        `  ${question.position}. ${inLocale(ctx, question.text)} ${f.say('mediator:show.expectedAnswer', {
          answer: f.say(question.requiredAnswer ? 'common:yes' : 'common:no'),
        })}`,
      );
    }
  }
  return lines.join('\n');
}

/** Texts and rule of a mediation: all needed to create one, any of them to edit a draft. */
const mediationFields = {
  titleFr: arg.text(1, 200),
  titleEn: arg.text(1, 200),
  summaryFr: arg.text(1, 2000),
  summaryEn: arg.text(1, 2000),
  goalFr: arg.text(1, 2000),
  goalEn: arg.text(1, 2000),
  registrationClosesAt: arg.dateTime().optional(),
  voteBase: arg.voteBase().optional(),
  threshold: arg.fraction().optional(),
  quorum: arg.fraction().optional(),
  question: arg.repeated(arg.question(), 20).optional(),
};

export const createMediation = defineAction({
  name: 'create-mediation',
  summaryKey: 'mediator:actions.createMediation.summary',
  args: z.object({
    slug: arg.slug(),
    company: arg.mediationRef(),
    companyName: arg.text(1, 200).optional(),
    ...mediationFields,
  }),
  positional: ['slug'],
  async run(ctx, args) {
    // With a name, the company is created on the way (or reused if its slug exists); else it must exist.
    const company = args.companyName
      ? { company: { slug: args.company.toLowerCase(), name: args.companyName } }
      : { companyId: (await findCompany(ctx, args.company)).id };
    const ruleGiven = args.voteBase || args.threshold || args.quorum;
    const created = need(
      await ctx.core.createMediation(ctx.actor, {
        slug: args.slug,
        ...company,
        title: { fr: args.titleFr, en: args.titleEn },
        summary: { fr: args.summaryFr, en: args.summaryEn },
        goal: { fr: args.goalFr, en: args.goalEn },
        ...(args.registrationClosesAt ? { registrationClosesAt: args.registrationClosesAt } : {}),
        ...(ruleGiven
          ? { ruleProfile: { voteBase: args.voteBase, threshold: args.threshold, quorum: args.quorum } }
          : {}),
        eligibilityQuestions: args.question ?? [],
      }),
    );
    return succeed(
      formatter(ctx).say('mediator:createMediation.done', { title: args.titleFr, slug: created.slug }),
      created,
    );
  },
});

export const editMediation = defineAction({
  name: 'edit-mediation',
  summaryKey: 'mediator:actions.editMediation.summary',
  args: z.object({
    mediation: arg.mediationRef(),
    ...Object.fromEntries(Object.entries(mediationFields).map(([key, schema]) => [key, schema.optional()])),
  }) as z.ZodType<EditArgs>,
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const { mediation: _ref, ...asked } = args;
    if (Object.values(asked).every((value) => value === undefined)) {
      refuseAction('INVALID_INPUT', 'mediator:errors.nothingToChange');
    }
    // The core takes each text in both languages and the rule as a whole: complete what was not given.
    const both = (fr: string | undefined, en: string | undefined, current: { fr: string; en: string }) =>
      fr || en ? { fr: fr ?? current.fr, en: en ?? current.en } : undefined;
    const ruleGiven = args.voteBase || args.threshold || args.quorum;
    const voteBase = args.voteBase ?? m.ruleCard.base;
    const currentQuorum = m.ruleCard.quorum && {
      numerator: m.ruleCard.quorum.numerator,
      denominator: m.ruleCard.quorum.denominator,
    };
    const changes = {
      title: both(args.titleFr, args.titleEn, m.title),
      summary: both(args.summaryFr, args.summaryEn, m.summary),
      goal: both(args.goalFr, args.goalEn, m.goal),
      registrationClosesAt: args.registrationClosesAt,
      eligibilityQuestions: args.question,
      ruleProfile: ruleGiven
        ? {
            voteBase,
            threshold: args.threshold ?? {
              numerator: m.ruleCard.threshold.numerator,
              denominator: m.ruleCard.threshold.denominator,
            },
            quorum: voteBase === 'VOTES_CAST' ? (args.quorum ?? currentQuorum ?? undefined) : args.quorum,
          }
        : undefined,
    };
    // Only what changes is sent: the core records the list of fields edited.
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    need(await ctx.core.updateMediation(ctx.actor, { mediationId: m.id, ...given }));
    return succeed(formatter(ctx).say('mediator:editMediation.done', { title: inLocale(ctx, m.title) }), {
      mediationId: m.id,
      changed: Object.keys(given),
    });
  },
});

interface EditArgs {
  mediation: string;
  titleFr?: string;
  titleEn?: string;
  summaryFr?: string;
  summaryEn?: string;
  goalFr?: string;
  goalEn?: string;
  registrationClosesAt?: Date;
  voteBase?: 'ELECTORATE' | 'VOTES_CAST';
  threshold?: { numerator: number; denominator: number };
  quorum?: { numerator: number; denominator: number };
  question?: { fr: string; en: string; requiredAnswer: boolean }[];
}

export const openRegistration = defineAction({
  name: 'open-registration',
  summaryKey: 'mediator:actions.openRegistration.summary',
  args: z.object({ mediation: arg.mediationRef(), closesAt: arg.dateTime().optional() }),
  positional: ['mediation', 'closesAt'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const opened = need(
      await ctx.core.openRegistration(ctx.actor, {
        mediationId: m.id,
        ...(args.closesAt ? { registrationClosesAt: args.closesAt } : {}),
      }),
    );
    const f = formatter(ctx);
    return succeed(
      f.say('mediator:openRegistration.done', {
        title: inLocale(ctx, m.title),
        at: f.when(opened.registrationClosesAt),
        slug: m.slug,
      }),
      opened,
    );
  },
});

export const closeRegistration = defineAction({
  name: 'close-registration',
  summaryKey: 'mediator:actions.closeRegistration.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const closed = need(await ctx.core.closeRegistration(ctx.actor, { mediationId: m.id }));
    const f = formatter(ctx);
    const pending =
      closed.pending > 0 ? `\n${f.say('mediator:closeRegistration.pending', { count: closed.pending })}` : '';
    // No file received at all: the 90-day limit has not started (it starts with the first notice).
    const text = closed.endsBy
      ? f.say('mediator:closeRegistration.done', {
          title: inLocale(ctx, m.title),
          count: closed.admitted,
          at: f.when(closed.endsBy),
        })
      : f.say('mediator:closeRegistration.doneWithoutFiles', { title: inLocale(ctx, m.title) });
    return succeed(`${text}${pending}`, closed);
  },
});

const reasonArg = () => arg.text(3, 1000);

export const extendMediation = defineAction({
  name: 'extend-mediation',
  summaryKey: 'mediator:actions.extendMediation.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef(), reason: reasonArg(), days: arg.integer(1, 90).optional() }),
  positional: ['mediation', 'reason'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const extended = need(
      await ctx.core.extendMediation(ctx.actor, { mediationId: m.id, reason: args.reason, days: args.days }),
    );
    const f = formatter(ctx);
    const done = f.say('mediator:extendMediation.done', {
      title: inLocale(ctx, m.title),
      count: args.days ?? 90,
      at: f.when(extended.endsBy),
    });
    return succeed(`${done}\n\n${companyExtensionInstructions(ctx, m.title, extended)}`, extended);
  },
});

/** Cancel, or close without agreement: the same shape, a reason every participant receives. */
function ending(
  name: string,
  key: 'cancel' | 'closeFailed',
  command: 'cancelMediation' | 'closeMediationAsFailed',
): MediatorAction<{ mediation: string; reason: string }> {
  return defineAction({
    name,
    summaryKey: `mediator:actions.${key}.summary`,
    irreversible: true,
    args: z.object({ mediation: arg.mediationRef(), reason: reasonArg() }),
    positional: ['mediation', 'reason'],
    async run(ctx, args) {
      const m = await findMediation(ctx, args.mediation);
      const input = { mediationId: m.id, reason: args.reason };
      const ended = need<{ mediationId: string; status: string }>(await ctx.core[command](ctx.actor, input));
      return succeed(formatter(ctx).say(`mediator:${key}.done`, { title: inLocale(ctx, m.title) }), ended);
    },
  });
}

export const cancelMediation = ending('cancel', 'cancel', 'cancelMediation');
export const closeMediationAsFailed = ending('close-failed', 'closeFailed', 'closeMediationAsFailed');
