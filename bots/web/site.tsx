import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Logger } from '../../core/config/logger.ts';
import type { Core } from '../../core/core.ts';
import { negotiateLocale } from '../../core/i18n/index.ts';
import { type JoinPlaces, qrSvg, telegramDeepLink } from './join-links.ts';
import { CataloguePage } from './pages/catalogue.tsx';
import { MediationPage } from './pages/mediation.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { registerCompanyPortalRoutes } from './routes/company-portal.tsx';
import { registerInformationRoutes } from './routes/information.tsx';
import { registerResultRoutes } from './routes/vote-results.tsx';
import { securityHeaders } from './security.ts';
import { type PageTexts, slugPattern, textsOf, textsOfPath } from './texts.ts';

export interface SiteOptions extends JoinPlaces {
  core: Core;
  logger: Logger;
  /** The site's public address (`PUBLIC_URL`): HTTPS there turns HSTS on. */
  publicUrl?: string;
  /** Behind a reverse proxy (`WEB_TRUST_FORWARDED_FOR`): the client's address is the proxy's word. */
  trustForwardedFor?: boolean;
}

const stylesheet = readFileSync(new URL('./site.css', import.meta.url), 'utf8');

/**
 * The public web site (issue 14): server-rendered pages in French and English, no script, nothing
 * personal. Every page lives under its language (`/fr/…`, `/en/…`); `/` sends a visitor to theirs.
 */
export function createSite(options: SiteOptions): Hono {
  const { core } = options;
  const places: JoinPlaces = { telegramBot: options.telegramBot, discordInvite: options.discordInvite };
  const site = new Hono();
  site.use(securityHeaders({ https: options.publicUrl?.startsWith('https://') ?? false }));

  const notFound = (texts: PageTexts, path: string) => ({ page: <NotFoundPage texts={texts} path={path} /> });

  site.get('/', (c) => {
    const locale = negotiateLocale({ platformLanguage: c.req.header('accept-language')?.slice(0, 5) });
    c.header('Vary', 'Accept-Language');
    return c.redirect(`/${locale}/`, 303);
  });
  site.get('/site.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(stylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  site.get('/qr/:file{[a-z0-9-]+\\.svg}', async (c) => {
    const slug = c.req.param('file').replace(/\.svg$/, '');
    if (!options.telegramBot || !(await core.query.publicMediation({ slug }))) return c.notFound();
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(await qrSvg(telegramDeepLink(options.telegramBot, slug)), 200, {
      'Content-Type': 'image/svg+xml',
    });
  });

  site.get('/:lang/', async (c) => {
    const texts = textsOf(c.req.param('lang'));
    if (!texts) return c.notFound();
    const mediations = await core.query.publicMediations();
    return c.html(<CataloguePage texts={texts} mediations={mediations} places={places} />);
  });
  site.get('/:lang/mediations/:slug', async (c) => {
    const texts = textsOf(c.req.param('lang'));
    const slug = c.req.param('slug');
    if (!texts) return c.notFound();
    const mediation = slugPattern.test(slug) ? await core.query.publicMediation({ slug }) : null;
    if (!mediation) return c.html(notFound(texts, `/mediations/${slug}`).page, 404);
    return c.html(<MediationPage texts={texts} mediation={mediation} places={places} />);
  });
  registerResultRoutes(site, {
    core,
    publicUrl: options.publicUrl,
    trustForwardedFor: options.trustForwardedFor ?? false,
  });
  registerInformationRoutes(site, { core });
  registerCompanyPortalRoutes(site, { core, publicUrl: options.publicUrl });

  site.notFound((c) => {
    const texts = textsOfPath(c.req.path);
    return c.html(notFound(texts, '/').page, 404);
  });
  site.onError((error, c) => {
    options.logger.error({ err: error, path: c.req.routePath }, 'web page failed');
    const texts = textsOfPath(c.req.path);
    return c.text(texts.t('errors:internal'), 500);
  });
  return site;
}
