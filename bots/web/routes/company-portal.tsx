import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { COMPANY_SESSION_HOURS, DECLINE_REASON_MAX } from '../../../core/company/commands.ts';
import type { CompanySessionView } from '../../../core/company/queries.ts';
import { newPortalToken, portalTokenHash, portalTokenPattern } from '../../../core/company/tokens.ts';
import type { Core } from '../../../core/core.ts';
import { companyActor, systemActor } from '../../../core/domain/actor.ts';
import { type OfferFormState, readOfferForm } from '../company-offer-form.ts';
import { formToken, isSameSiteForm, TOKEN_FIELD } from '../csrf.ts';
import type { PayoutNotice } from '../pages/company-payouts.tsx';
import {
  type AnswerForm,
  CompanyPortalPage,
  CompanySignInPage,
  portalPath,
} from '../pages/company-portal.tsx';
import { NotFoundPage } from '../pages/not-found.tsx';
import { type PageTexts, textsOf, textsOfPath } from '../texts.ts';

/**
 * The company's portal (issue 15), on the site's server: `/{lang}/company/sign-in?token=…` spends a
 * one-time link for a session cookie (HttpOnly, SameSite=Strict, Secure behind HTTPS) that opens
 * `/{lang}/company/mediations/{slug}` — that mediation's page and no other: any other slug is a 404, as
 * for a page that does not exist. Pages are never cached; every form carries the site's CSRF token.
 */
const SESSION_COOKIE = 'company_session';

export function registerCompanyPortalRoutes(site: Hono, options: { core: Core; publicUrl?: string }): void {
  const { core } = options;
  const https = options.publicUrl?.startsWith('https://') ?? false;
  const web = systemActor('web');
  /** A body larger than a form of the portal can be is refused before it is read, in plain words. */
  const limited = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => c.text(textsOfPath(c.req.path).t('portal.errors.tooLarge'), 413) });
  const smallForm = limited(16 * 1024);

  const privatePage = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
  };
  const notFound = (c: Context) =>
    c.html(
      <NotFoundPage texts={textsOfPath(c.req.path)} path={c.req.path.replace(/^\/[a-z]{2}/, '')} />,
      404,
    );

  /** The session the cookie opens, for the mediation the path names; null for any other. */
  async function sessionFor(c: Context): Promise<CompanySessionView | null> {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (!cookie || !portalTokenPattern.test(cookie)) return null;
    const session = await core.query.companySession({ tokenHash: portalTokenHash(cookie) });
    return session && session.slug === c.req.param('slug') ? session : null;
  }

  async function portal(
    c: Context,
    texts: PageTexts,
    session: CompanySessionView,
    forms: { answer?: AnswerForm; offer?: OfferFormState; payouts?: PayoutNotice } = {},
  ) {
    const [file, payouts] = await Promise.all([
      core.query.companyFile({ mediationId: session.mediationId }),
      core.query.companyPayouts({ mediationId: session.mediationId }),
    ]);
    const marked = Number(c.req.query('marked')) || 0;
    const proof = c.req.query('proof') === '1';
    if (!file) return notFound(c);
    privatePage(c);
    const page = (
      <CompanyPortalPage
        texts={texts}
        file={file}
        formToken={formToken(c, { https })}
        form={forms.answer}
        offerForm={forms.offer}
        payouts={payouts}
        payoutNotice={forms.payouts ?? (marked > 0 || proof ? { marked, proof } : undefined)}
        maxProofMegabytes={Math.floor(core.deps.limits.maxEvidenceBytes / 2 ** 20)}
      />
    );
    const refused = forms.answer || forms.offer || (forms.payouts && 'error' in forms.payouts);
    return c.html(page, refused ? 400 : 200);
  }

  site.get('/:lang/company/sign-in', (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    privatePage(c);
    const token = c.req.query('token') ?? null;
    const usable = token !== null && portalTokenPattern.test(token);
    return c.html(
      <CompanySignInPage
        texts={texts}
        token={usable ? token : null}
        formToken={formToken(c, { https })}
        error={token !== null && !usable ? texts.t('company:errors.linkInvalid') : undefined}
      />,
      token !== null && !usable ? 403 : 200,
    );
  });

  site.post('/:lang/company/sign-in', smallForm, async (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    privatePage(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const refused = (message: string, status: 403) =>
      c.html(
        <CompanySignInPage texts={texts} token={null} formToken={formToken(c, { https })} error={message} />,
        status,
      );
    if (!isSameSiteForm(c, form[TOKEN_FIELD], options.publicUrl))
      return refused(texts.t('results.check.expired'), 403);
    const token = typeof form.token === 'string' && portalTokenPattern.test(form.token) ? form.token : null;
    if (!token) return refused(texts.t('company:errors.linkInvalid'), 403);
    const session = newPortalToken();
    const result = await core.signInCompany(web, {
      linkTokenHash: portalTokenHash(token),
      sessionTokenHash: portalTokenHash(session),
    });
    if (!result.ok) return refused(texts.t(result.error.messageKey, result.error.params), 403);
    setCookie(c, SESSION_COOKIE, session, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: https,
      maxAge: COMPANY_SESSION_HOURS * 3600,
    });
    return c.redirect(texts.href(portalPath(result.value.slug)), 303);
  });

  site.get('/:lang/company/mediations/:slug', async (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    const session = await sessionFor(c);
    if (!session) return notFound(c);
    return portal(c, texts, session);
  });

  site.post('/:lang/company/mediations/:slug/answer', smallForm, async (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    const session = await sessionFor(c);
    if (!session) return notFound(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const answer = text('answer');
    const reason = text('reason').slice(0, DECLINE_REASON_MAX + 1);
    const given: AnswerForm = { answer, reason, errors: {} };
    if (!isSameSiteForm(c, form[TOKEN_FIELD], options.publicUrl))
      given.errors.form = texts.t('results.check.expired');
    if (answer !== 'TAKE_PART' && answer !== 'DECLINED')
      given.errors.answer = texts.t('portal.errors.answer');
    if (answer === 'DECLINED' && reason.trim() === '')
      given.errors.reason = texts.t('portal.errors.reasonMissing');
    if (reason.length > DECLINE_REASON_MAX) {
      given.errors.reason = texts.t('portal.errors.reasonTooLong', { count: DECLINE_REASON_MAX });
    }
    if (text('confirm') !== 'yes') given.errors.confirm = texts.t('portal.errors.confirm');
    if (Object.keys(given.errors).length > 0) return portal(c, texts, session, { answer: given });
    const result = await core.answerInvitation(
      companyActor(session.companyId, session.mediationId),
      answer === 'DECLINED' ? { answer, reason } : { answer: 'TAKE_PART' },
    );
    if (!result.ok) {
      return portal(c, texts, session, {
        answer: { ...given, errors: { form: texts.t(result.error.messageKey) } },
      });
    }
    return c.redirect(texts.href(portalPath(session.slug)), 303);
  });

  site.post('/:lang/company/mediations/:slug/offer', smallForm, async (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    const session = await sessionFor(c);
    if (!session) return notFound(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const read = readOfferForm(texts, form, core.deps.clock.now());
    if (!isSameSiteForm(c, form[TOKEN_FIELD], options.publicUrl)) {
      const values = read.ok ? {} : read.state.values;
      return portal(c, texts, session, {
        offer: { values, errors: { form: texts.t('results.check.expired') } },
      });
    }
    if (!read.ok) return portal(c, texts, session, { offer: read.state });
    const result = await core.recordOffer(companyActor(session.companyId, session.mediationId), {
      mediationId: session.mediationId,
      ...read.terms,
    });
    if (!result.ok) {
      const error = texts.t(result.error.messageKey, result.error.params);
      return portal(c, texts, session, { offer: { values: {}, errors: { form: error } } });
    }
    return c.redirect(texts.href(`${portalPath(session.slug)}#offers`), 303);
  });

  // One reference from a row's button, or a file of them (a whole list of 100,000 fits in 4 MB) and a
  // proof of transfer as large as a consumer's evidence may be.
  const referenceFile = limited(4 * 2 ** 20 + core.deps.limits.maxEvidenceBytes + 64 * 1024);
  site.post('/:lang/company/mediations/:slug/payouts', referenceFile, async (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    const session = await sessionFor(c);
    if (!session) return notFound(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const refuse = (error: string) => portal(c, texts, session, { payouts: { error } });
    if (!isSameSiteForm(c, form[TOKEN_FIELD], options.publicUrl))
      return refuse(texts.t('results.check.expired'));
    let read: ReturnType<typeof readReferences>;
    if (typeof form.reference === 'string') read = readReferences(form.reference);
    else if (form.file instanceof File) read = readReferences(await form.file.text());
    else return refuse(texts.t('portal.payouts.errors.noFile'));
    const { references, badLines } = read;
    if (badLines.length > 0) {
      const lines = badLines.slice(0, 5).join(', ');
      return refuse(texts.t('portal.payouts.errors.badLines', { count: badLines.length, lines }));
    }
    if (references.length === 0) return refuse(texts.t('portal.payouts.errors.empty'));
    const proof =
      form.proof instanceof File && form.proof.size > 0
        ? { bytes: new Uint8Array(await form.proof.arrayBuffer()), fileName: form.proof.name }
        : undefined;
    const result = await core.markPayoutsSentByCompany(companyActor(session.companyId, session.mediationId), {
      references,
      proof,
    });
    if (!result.ok) return refuse(texts.t(result.error.messageKey, result.error.params));
    const { marked, proofId } = result.value;
    const query = `?marked=${marked}${proofId ? '&proof=1' : ''}`;
    return c.redirect(`${texts.href(portalPath(session.slug))}${query}#payouts`, 303);
  });
}

/**
 * The references in a file the company uploads: the first column of each line (CSV or plain text), in
 * any case, with or without dashes. Empty lines and a first line that is a header are skipped; any
 * other line that is not a reference is reported by its number, so nothing is left out unnoticed.
 */
export function readReferences(text: string): { references: string[]; badLines: number[] } {
  const references: string[] = [];
  const badLines: number[] = [];
  let seenLine = false;
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const first = (line.split(/[,;\t]/)[0] ?? '')
      .trim()
      .replace(/^"|"$/g, '')
      .replaceAll('-', '')
      .toUpperCase();
    if (/^[0-9A-F]{12}$/.test(first)) references.push(first);
    else if (seenLine) badLines.push(index + 1);
    seenLine = true;
  }
  return { references, badLines };
}
