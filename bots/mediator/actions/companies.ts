import { z } from 'zod';
import * as arg from '../arg-types.ts';
import { inviteToPortal } from '../company-link.ts';
import { companyNoticeInstructions, companyNoticeText } from '../company-notice.ts';
import { defineAction, need, refuseAction, succeed } from '../define-action.ts';
import { formatter, inLocale } from '../format.ts';
import { findCompany, findMediation } from '../resolve.ts';

/** A company, with the contact its notices are addressed to (R612-2) when it is known. */
export const createCompany = defineAction({
  name: 'create-company',
  summaryKey: 'mediator:actions.createCompany.summary',
  args: z.object({
    slug: arg.slug(),
    name: arg.text(1, 200),
    contactName: arg.text(1, 200).optional(),
    email: arg.email().optional(),
  }),
  positional: ['slug', 'name'],
  async run(ctx, args) {
    const created = need(
      await ctx.core.createCompany(ctx.actor, {
        slug: args.slug,
        name: args.name,
        ...(args.contactName ? { contactName: args.contactName } : {}),
        ...(args.email ? { contactEmail: args.email } : {}),
      }),
    );
    return succeed(formatter(ctx).say('mediator:createCompany.done', { name: args.name, slug: args.slug }), {
      ...created,
      slug: args.slug,
    });
  },
});

export const editCompany = defineAction({
  name: 'edit-company',
  summaryKey: 'mediator:actions.editCompany.summary',
  args: z.object({
    company: arg.mediationRef(),
    name: arg.text(1, 200).optional(),
    contactName: arg.text(1, 200).optional(),
    email: arg.email().optional(),
  }),
  positional: ['company'],
  async run(ctx, args) {
    const company = await findCompany(ctx, args.company);
    if (!args.name && !args.contactName && !args.email) {
      refuseAction('INVALID_INPUT', 'mediations:errors.nothingToChange');
    }
    need(
      await ctx.core.updateCompany(ctx.actor, {
        companyId: company.id,
        ...(args.name ? { name: args.name } : {}),
        ...(args.contactName ? { contactName: args.contactName } : {}),
        ...(args.email ? { contactEmail: args.email } : {}),
      }),
    );
    return succeed(formatter(ctx).say('mediator:editCompany.done', { name: args.name ?? company.name }), {
      companyId: company.id,
    });
  },
});

/** The notice of seizure again, as invite-company gave it: to send it late, or again. */
export const companyNotice = defineAction({
  name: 'company-notice',
  summaryKey: 'mediator:actions.companyNotice.summary',
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const notice = await ctx.core.query.companyNotice({ mediationId: m.id });
    if (!notice) {
      refuseAction('RULE_VIOLATION', 'mediator:companyNotice.notInvited', { title: inLocale(ctx, m.title) });
    }
    return succeed(companyNoticeInstructions(ctx, notice), {
      ...notice,
      notice: companyNoticeText(notice),
    });
  },
});

/** A new one-time link to the company's portal, when the one given was lost or has expired: sent again. */
export const companyLink = defineAction({
  name: 'company-link',
  summaryKey: 'mediator:actions.companyLink.summary',
  irreversible: true,
  args: z.object({ mediation: arg.mediationRef() }),
  positional: ['mediation'],
  async run(ctx, args) {
    const m = await findMediation(ctx, args.mediation);
    const invitation = await inviteToPortal(ctx, m.id);
    return succeed(invitation.text, {
      mediationId: m.id,
      portalUrl: invitation.url,
      emailed: invitation.emailed,
    });
  },
});
