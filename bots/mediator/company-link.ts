import { newPortalToken, portalTokenHash } from '../../core/company/tokens.ts';
import { companySignInPath, pageUrl } from '../web/paths.ts';
import type { ActionContext } from './action.ts';
import { need } from './define-action.ts';
import { formatter } from './format.ts';

/**
 * A fresh one-time link to the company's portal (issue 15), voiding the one before: the token is made
 * here and shown once, the core keeps only its hash. Returns the lines to give the mediator, in French
 * for the company (the link opens the portal in French, with English one click away).
 */
export async function companyLinkLines(
  ctx: ActionContext,
  mediationId: string,
): Promise<{ text: string; url: string }> {
  const token = newPortalToken();
  const issued = need(
    await ctx.core.issueCompanyLink(ctx.actor, { mediationId, tokenHash: portalTokenHash(token) }),
  );
  const f = formatter(ctx);
  const siteUrl = ctx.core.deps.publicUrl;
  const path = companySignInPath(token);
  const url = siteUrl ? pageUrl(siteUrl, 'fr', path) : `/fr${path}`;
  const lines = [f.say('mediator:companyLink.link', { url, at: f.when(issued.expiresAt) })];
  if (issued.voided > 0) lines.push(f.say('mediator:companyLink.voided'));
  if (!siteUrl) lines.push(f.say('mediator:companyLink.noSite'));
  return { text: lines.join('\n'), url };
}
