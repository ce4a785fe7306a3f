import { continueAfterColon, formatDateTime, renderNotification } from '../../../core/i18n/index.ts';
import type { NotificationPayload } from '../../../core/i18n/render.ts';
import type { PublicMediationPage } from '../../../core/public/mediations.ts';
import type { JoinPlaces } from '../join-links.ts';
import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';
import { JoinBox, MediationFacts } from './mediation-card.tsx';

type Moment = { at: Date; text: string; link?: { href: string; label: string } };

/** Everything that happened or is due, in the order of time: a visitor reads the mediation's story. */
function timeline(texts: PageTexts, m: PublicMediationPage): Moment[] {
  const when = (at: Date) => formatDateTime(at, texts.locale);
  const moments: Moment[] = [];
  const add = (at: Date | null, key: string, params: Record<string, unknown> = {}) => {
    if (at) moments.push({ at, text: texts.t(`timeline.${key}`, { ...params, at: when(at) }) });
  };
  add(m.registrationOpenedAt, 'registrationOpened');
  add(m.registrationClosesAt, 'registrationCloses');
  add(m.openingNoticeAt, 'seized');
  add(m.companyInvitedAt, 'companyInvited');
  add(m.companyAnswerDueAt, 'companyAnswerDue');
  for (const offer of m.offers) add(offer.at, 'offer', { round: offer.round });
  for (const vote of m.votes) {
    add(vote.opensAt, 'voteOpened', { round: vote.round, closes: when(vote.closesAt) });
    if (vote.closedAt && vote.outcome && vote.outcome !== 'VOIDED') {
      moments.push({
        at: vote.closedAt,
        text: texts.t(`timeline.voteClosed.${vote.outcome}`, {
          round: vote.round,
          at: when(vote.closedAt),
          accept: vote.accept ?? 0,
          refuse: vote.refuse ?? 0,
          abstain: vote.abstain ?? 0,
          electorate: vote.electorate ?? 0,
        }),
        link: {
          href: texts.href(`/mediations/${m.slug}/votes/${vote.round}`),
          label: texts.t('timeline.results'),
        },
      });
    } else if (vote.closedAt) add(vote.closedAt, 'voteVoided', { round: vote.round });
  }
  for (const extension of m.extensions) add(extension.at, 'extended', { endsBy: when(extension.newEndsBy) });
  add(m.adhesionClosesAt, 'adhesionCloses');
  if (m.closedAt) {
    const reason = m.closingReasonCode ? texts.t(`mediations:closingReasons.${m.closingReasonCode}`) : null;
    add(m.closedAt, reason ? 'closedBecause' : 'closed', { status: texts.t(`status.${m.status}`), reason });
  }
  return moments.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function MediationPage(props: {
  texts: PageTexts;
  mediation: PublicMediationPage;
  places: JoinPlaces;
}) {
  const { texts, mediation: m, places } = props;
  const when = (at: Date) => formatDateTime(at, texts.locale);
  return (
    <Layout texts={texts} title={m.title[texts.locale]} path={`/mediations/${m.slug}`}>
      <p>{m.summary[texts.locale]}</p>
      <p>
        <strong>{texts.t('mediation.goal')}</strong> {continueAfterColon(m.goal[texts.locale], texts.locale)}
      </p>
      <MediationFacts texts={texts} mediation={m} />
      {m.status === 'OPEN' && (
        <section aria-labelledby="join">
          <h2 id="join">{texts.t('join.title')}</h2>
          <JoinBox texts={texts} slug={m.slug} places={places} />
        </section>
      )}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{texts.t('mediation.timeline')}</h2>
        <ol class="timeline">
          {timeline(texts, m).map((moment) => (
            <li>
              {moment.text}
              {moment.link && (
                <>
                  {' '}
                  <a href={moment.link.href}>{moment.link.label}</a>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="news">
        <h2 id="news">{texts.t('mediation.news')}</h2>
        {m.news.length === 0 ? (
          <p class="muted">{texts.t('mediation.noNews')}</p>
        ) : (
          <ul>
            {m.news.map((item) => (
              <li>
                <time datetime={item.at.toISOString()}>{when(item.at)}</time>
                {texts.t('mediation.newsSeparator')}
                {renderNotification(texts.locale, item.payload as NotificationPayload)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
