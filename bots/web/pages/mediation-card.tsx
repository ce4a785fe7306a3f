import { formatDateTime } from '../../../core/i18n/index.ts';
import type { PublicMediationCard } from '../../../core/public/mediations.ts';
import { type JoinPlaces, telegramDeepLink } from '../join-links.ts';
import type { PageTexts } from '../texts.ts';
import { ruleSentence } from './rule.tsx';

/** A mediation's rule card: company, status, rule, deadlines and the number of participants. */
export function MediationFacts(props: { texts: PageTexts; mediation: PublicMediationCard }) {
  const { texts, mediation: m } = props;
  const when = (at: Date) => formatDateTime(at, texts.locale);
  return (
    <dl class="facts">
      <dt>{texts.t('card.company')}</dt>
      <dd>
        <a href={texts.href(`/companies/${m.company.slug}`)}>{m.company.name}</a>
      </dd>
      <dt>{texts.t('card.status')}</dt>
      <dd>{texts.t(`status.${m.status}`)}</dd>
      <dt>{texts.t('card.participants')}</dt>
      <dd>{texts.t('card.participantsCount', { count: m.participants })}</dd>
      <dt>{texts.t('card.rule')}</dt>
      <dd>{ruleSentence(texts, m.rule)}</dd>
      {m.registrationClosesAt && (
        <>
          <dt>{texts.t('card.registrationCloses')}</dt>
          <dd>{when(m.registrationClosesAt)}</dd>
        </>
      )}
      <dt>{texts.t('card.legalLimit')}</dt>
      <dd>{m.endsBy ? texts.t('card.endsBy', { endsBy: when(m.endsBy) }) : texts.t('card.limitUndated')}</dd>
    </dl>
  );
}

/** How to join an open mediation: the Telegram link and its QR code, the Discord server. */
export function JoinBox(props: { texts: PageTexts; slug: string; places: JoinPlaces }) {
  const { texts, slug, places } = props;
  if (!places.telegramBot && !places.discordInvite) return <p>{texts.t('join.noPlace')}</p>;
  return (
    <div class="join">
      <div>
        <ul>
          {places.telegramBot && (
            <li>
              <a href={telegramDeepLink(places.telegramBot, slug)}>{texts.t('join.telegram')}</a>
            </li>
          )}
          {places.discordInvite && (
            <li>
              <a href={places.discordInvite}>{texts.t('join.discord', { slug })}</a>
            </li>
          )}
        </ul>
      </div>
      {places.telegramBot && (
        <img
          src={`/qr/${encodeURIComponent(slug)}.svg`}
          alt={texts.t('join.qrAlt')}
          width="160"
          height="160"
        />
      )}
    </div>
  );
}
