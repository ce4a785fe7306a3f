import type { MediationStatus } from '../../../core/db/generated/enums.ts';
import type { PublicMediationCard } from '../../../core/public/mediations.ts';
import type { JoinPlaces } from '../join-links.ts';
import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';
import { JoinBox, MediationFacts } from './mediation-card.tsx';

/** The catalogue's three parts, in the order a visitor looks for them. */
const groups: { key: string; statuses: readonly MediationStatus[] }[] = [
  { key: 'open', statuses: ['OPEN'] },
  {
    key: 'running',
    statuses: [
      'REGISTRATION_CLOSED',
      'NEGOTIATION',
      'VOTING',
      'ACCEPTED',
      'REJECTED',
      'ADHESION',
      'EXECUTION',
    ],
  },
  { key: 'ended', statuses: ['CLOSED_SUCCESS', 'CLOSED_FAILURE', 'CANCELLED'] },
];

export function CataloguePage(props: {
  texts: PageTexts;
  mediations: readonly PublicMediationCard[];
  places: JoinPlaces;
}) {
  const { texts, mediations, places } = props;
  return (
    <Layout texts={texts} title={texts.t('catalogue.title')} path="/">
      <p>{texts.t('catalogue.intro')}</p>
      {groups.map((group) => {
        const items = mediations.filter((m) => group.statuses.includes(m.status));
        return (
          <section aria-labelledby={`group-${group.key}`}>
            <h2 id={`group-${group.key}`}>{texts.t(`catalogue.group.${group.key}`)}</h2>
            {items.length === 0 ? (
              <p class="muted">{texts.t(`catalogue.none.${group.key}`)}</p>
            ) : (
              <ul class="cards">
                {items.map((m) => (
                  <li class="card">
                    <h3>
                      <a href={texts.href(`/mediations/${m.slug}`)}>{m.title[texts.locale]}</a>
                    </h3>
                    <p>{m.summary[texts.locale]}</p>
                    <MediationFacts texts={texts} mediation={m} />
                    {m.status === 'OPEN' && <JoinBox texts={texts} slug={m.slug} places={places} />}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
