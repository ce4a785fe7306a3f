import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { otherLocale, type PageTexts } from './texts.ts';

/**
 * Every page: its language, a title that says where one is, a link to skip to the content, the same
 * navigation everywhere, and the same page in the other language. No script: the site works without one.
 */
export function Layout(props: { texts: PageTexts; title: string; path: string; children: Child }) {
  const { texts, title, path } = props;
  const other = otherLocale(texts.locale);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={texts.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} — ${texts.t('site.name')}`}</title>
          <link rel="stylesheet" href="/site.css" />
          <link rel="alternate" hreflang={other} href={`/${other}${path}`} />
        </head>
        <body>
          <a class="skip" href="#content">
            {texts.t('site.skip')}
          </a>
          <header>
            <p class="brand">
              <a href={texts.href('/')}>{texts.t('site.name')}</a>
            </p>
            <nav aria-label={texts.t('site.navigation')}>
              <ul>
                <li>
                  <a href={texts.href('/')}>{texts.t('nav.mediations')}</a>
                </li>
                <li>
                  <a href={texts.href('/report')}>{texts.t('nav.report')}</a>
                </li>
                <li>
                  <a href={texts.href('/privacy')}>{texts.t('nav.privacy')}</a>
                </li>
                <li>
                  <a href={texts.href('/legal')}>{texts.t('nav.legal')}</a>
                </li>
                <li>
                  <a href={`/${other}${path}`} hreflang={other} lang={other}>
                    {texts.t('site.otherLanguage')}
                  </a>
                </li>
              </ul>
            </nav>
          </header>
          <main id="content">
            <h1>{title}</h1>
            {props.children}
          </main>
          <footer>
            <p>{texts.t('site.footer')}</p>
          </footer>
        </body>
      </html>
    </>
  );
}
