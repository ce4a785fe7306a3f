import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';
import { ChatText, splitTitle } from './chat-text.tsx';

/** The chats number their three messages (« (1/3) »); on one page the headings need no number. */
const partNumber = /\s*\(\d+\/\d+\)\s*$/;

/**
 * The privacy notice: the very texts `/confidentialite` sends in the chats (core/i18n/privacy-notice.ts),
 * each part under its own heading, its paragraphs and lists as such.
 */
export function PrivacyPage(props: { texts: PageTexts; notice: readonly string[] }) {
  const { texts } = props;
  return (
    <Layout texts={texts} title={texts.t('privacy.title')} path="/privacy">
      <p>{texts.t('privacy.intro')}</p>
      {props.notice.map((part, index) => {
        const { title, body } = splitTitle(part);
        return (
          <section aria-labelledby={`privacy-${index + 1}`}>
            <h2 id={`privacy-${index + 1}`}>{title.replace(partNumber, '')}</h2>
            <ChatText text={body} />
          </section>
        );
      })}
    </Layout>
  );
}
