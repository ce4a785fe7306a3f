import type { Locale } from '../../core/i18n/index.ts';

/**
 * The public site's addresses, in one place: its routes (site.tsx), its pages' links and the chats'
 * links (PUBLIC_URL) all build them here, so a link in a message cannot point to a page that moved.
 */
export const mediationPath = (slug: string) => `/mediations/${encodeURIComponent(slug)}`;

export const resultsPath = (slug: string, round: number | string) =>
  `${mediationPath(slug)}/votes/${encodeURIComponent(String(round))}`;

/** The company's one-time sign-in link to its portal (issue 15). */
export const companySignInPath = (token: string) => `/company/sign-in?token=${encodeURIComponent(token)}`;

/** An absolute link to a page in a language: `https://host/fr/mediations/x`. */
export const pageUrl = (publicUrl: string, locale: Locale, path: string) => `${publicUrl}/${locale}${path}`;
