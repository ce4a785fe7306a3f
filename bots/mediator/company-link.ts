import { newPortalToken, portalTokenHash } from '../../core/company/tokens.ts';
import { companySignInPath, pageUrl } from '../web/paths.ts';
import type { ActionContext } from './action.ts';
import { companyLetter, companyNoticeInstructions } from './company-notice.ts';
import { need } from './define-action.ts';
import { formatter } from './format.ts';

/**
 * The company's invitation to its portal (issue 15): a fresh one-time link, voiding the one before —
 * its token made here and shown once, the core keeping only its hash — and the notice of seizure
 * (R612-2) that carries it. E-mailed to the company's contact when a mail server is configured and the
 * contact's address known; otherwise, or when the server refuses it, given to the mediator to forward.
 */
export async function inviteToPortal(
  ctx: ActionContext,
  mediationId: string,
): Promise<{ text: string; url: string; emailed: boolean; notice?: object }> {
  const token = newPortalToken();
  const issued = need(
    await ctx.core.issueCompanyLink(ctx.actor, { mediationId, tokenHash: portalTokenHash(token) }),
  );
  const f = formatter(ctx);
  const { publicUrl, mailer, logger } = ctx.core.deps;
  const path = companySignInPath(token);
  const url = publicUrl ? pageUrl(publicUrl, 'fr', path) : `/fr${path}`;
  const lines = [f.say('mediator:companyLink.link', { url, at: f.when(issued.expiresAt) })];
  if (issued.voided > 0) lines.push(f.say('mediator:companyLink.voided'));
  const notice = await ctx.core.query.companyNotice({ mediationId });
  if (!notice) return { text: lines.join('\n'), url, emailed: false };
  const portal = { url, expiresAt: issued.expiresAt };
  const letter = companyLetter(notice, portal);
  const email = notice.company.contactEmail;
  // An e-mail needs the site's whole address: a path alone would lead nowhere from a mailbox.
  if (mailer && email && publicUrl) {
    try {
      await mailer.send({ to: email, subject: letter.subject, text: letter.body });
      if (letter.access) lines.push(f.say('mediator:companyLink.accessEmailed', { email }));
      else {
        // The notice of seizure reached the company: the mediation records how.
        need(await ctx.core.recordCompanyEmailed(ctx.actor, { mediationId }));
        lines.push(f.say('mediator:companyLink.emailed', { email }));
      }
      return { text: lines.join('\n'), url, emailed: true };
    } catch (error) {
      // The address and the text stay out of the logs: they are the company's and the file's.
      logger.warn({ err: { message: (error as Error).message } }, 'company invitation e-mail not sent');
      lines.push(f.say('mediator:companyLink.emailFailed'));
    }
  }
  if (!mailer) lines.push(f.say('mediator:companyLink.noMailer'));
  if (!publicUrl) lines.push(f.say('mediator:companyLink.noSite'));
  return {
    text: `${lines.join('\n')}\n\n${companyNoticeInstructions(ctx, notice, portal)}`,
    url,
    emailed: false,
    // For scripts (`--json`): the text to forward, and to whom.
    notice: { to: notice.company, subject: letter.subject, body: letter.body },
  };
}
