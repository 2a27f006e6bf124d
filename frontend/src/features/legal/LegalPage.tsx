import { useTranslation } from 'react-i18next';

/** The privacy policy or the terms: their text lives in the locales, in both languages. */
export function LegalPage({ doc }: { doc: 'privacy' | 'terms' }) {
  const { t } = useTranslation();
  const sections = t(`legal.${doc}.sections`, { returnObjects: true }) as unknown;
  const list = Array.isArray(sections) ? (sections as { title: string; body: string }[]) : [];
  return (
    <article aria-labelledby="legal-title">
      <h1 id="legal-title">{t(`legal.${doc}.title`)}</h1>
      <p>{t('legal.updated')}</p>
      {list.map((section) => (
        <section key={section.title}>
          <h2>{section.title}</h2>
          <p>{section.body}</p>
        </section>
      ))}
    </article>
  );
}
