import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';
import { ChatText, Linked, splitTitle } from './chat-text.tsx';

/** Who the mediator is: the configured controller, or the demo's examples, which say they are. */
export interface MediatorIdentity {
  controller: string;
  contact: string;
}

const guarantees = ['free', 'priorComplaint', 'deadline', 'confidential', 'freeChoice'] as const;

/**
 * The legal information a consumer mediator owes the public: who the mediator is and how to reach them,
 * what a consumer mediation is (Code de la consommation, L611-1 and following), how to complain, the
 * consumer's rights (the chats' own `rights:faq`), and where the annual report is published.
 */
export function LegalPage(props: { texts: PageTexts; mediator: MediatorIdentity }) {
  const { texts, mediator } = props;
  const rights = splitTitle(texts.t('rights:faq'));
  return (
    <Layout texts={texts} title={texts.t('legal.title')} path="/legal">
      <section aria-labelledby="mediator">
        <h2 id="mediator">{texts.t('legal.mediator.title')}</h2>
        <p>{texts.t('legal.mediator.text', { controller: mediator.controller })}</p>
        <p>{texts.t('legal.mediator.contact', { contact: mediator.contact })}</p>
      </section>
      <section aria-labelledby="consumer-mediation">
        <h2 id="consumer-mediation">{texts.t('legal.mediation.title')}</h2>
        <p>{texts.t('legal.mediation.what')}</p>
        <p>{texts.t('legal.mediation.collective')}</p>
        <h3>{texts.t('legal.mediation.guaranteesTitle')}</h3>
        <ul>
          {guarantees.map((key) => (
            <li>{texts.t(`legal.mediation.guarantees.${key}`)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="rights">
        <h2 id="rights">{rights.title}</h2>
        {rights.body
          .split(/\n{2,}/)
          .filter((block) => block.trim() !== '')
          .map((block) => {
            const { title: question, body: answer } = splitTitle(block.trim());
            return (
              <>
                <h3>{question}</h3>
                <ChatText text={answer} />
              </>
            );
          })}
      </section>
      <section aria-labelledby="complaints">
        <h2 id="complaints">{texts.t('legal.complaints.title')}</h2>
        <ul>
          <li>{texts.t('legal.complaints.service', { contact: mediator.contact })}</li>
          <li>
            <Linked text={texts.t('legal.complaints.data', { contact: mediator.contact })} />
          </li>
        </ul>
        <p>
          <a href={texts.href('/privacy')}>{texts.t('legal.complaints.privacyLink')}</a>
        </p>
      </section>
      <section aria-labelledby="annual-report">
        <h2 id="annual-report">{texts.t('legal.report.title')}</h2>
        <p>{texts.t('legal.report.text')}</p>
        <p>
          <a href={texts.href('/report')}>{texts.t('legal.report.link')}</a>
        </p>
      </section>
    </Layout>
  );
}
