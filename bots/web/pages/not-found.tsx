import { Layout } from '../layout.tsx';
import type { PageTexts } from '../texts.ts';

/** Any page that does not exist — a private mediation among them: it looks exactly like a wrong link. */
export function NotFoundPage(props: { texts: PageTexts; path: string }) {
  const { texts } = props;
  return (
    <Layout texts={texts} title={texts.t('notFound.title')} path={props.path}>
      <p>{texts.t('notFound.text')}</p>
      <p>
        <a href={texts.href('/')}>{texts.t('notFound.back')}</a>
      </p>
    </Layout>
  );
}
