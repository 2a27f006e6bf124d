import { useTranslation } from 'react-i18next';

export function ComingSoon({ section }: { section: string }) {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t(section)}</h1>
      <p>{t('comingSoon.body')}</p>
    </section>
  );
}
