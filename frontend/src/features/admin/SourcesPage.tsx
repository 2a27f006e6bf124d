import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import { SOURCE_KINDS, useSources, type SourceHealth, type SourceKind } from '../../api/sources';
import { Chips } from '../../components/Chips/Chips';
import { FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import styles from './Admin.module.css';
import { countByState, sortSources } from './sourceHealth';
import { SourceTable } from './SourceTable';

function isKind(value: string | null): value is SourceKind {
  return SOURCE_KINDS.some((k) => k === value);
}

/** The administrators' view of the event and news sources: which fail, since when, and what they skipped. */
export function SourcesPage() {
  const { t, i18n } = useTranslation();
  const admin = useSession((s) => s.user?.role === 'admin');
  const sources = useSources(admin);
  const [params, setParams] = useSearchParams();
  const raw = params.get('kind');
  const kind = isKind(raw) ? raw : undefined;

  if (!admin) {
    return <FormAlert>{t('errors.forbidden')}</FormAlert>;
  }
  const all = sources.data ?? [];
  const shown = sortSources(
    all.filter((s) => kind === undefined || s.kind === kind),
    i18n.language,
  );
  return (
    <section aria-labelledby="sources-title" className={styles.page}>
      <div className={styles.heading}>
        <h1 id="sources-title">{t('admin.sources.title')}</h1>
        <button
          type="button"
          className={formStyles.secondary}
          onClick={() => {
            void sources.refetch();
          }}
        >
          {t('admin.sources.refresh')}
        </button>
      </div>
      <p role="status" className={styles.updated}>
        {sources.isFetching
          ? t('common.loading')
          : sources.dataUpdatedAt > 0
            ? t('admin.sources.updatedAt', { time: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(sources.dataUpdatedAt) })
            : null}
      </p>
      {sources.isError ? <FormAlert>{t(`errors.${toProblem(sources.error).code}`, { defaultValue: t('errors.unexpected_error') })}</FormAlert> : null}
      {sources.data ? (
        <>
          <Summary sources={all} />
          <Chips
            label={t('admin.sources.filter')}
            allLabel={t('admin.sources.allKinds')}
            options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`admin.sources.kind.${k}`), count: all.filter((s) => s.kind === k).length }))}
            value={kind}
            onChange={(value) => {
              setParams(
                (previous) => {
                  const next = new URLSearchParams(previous);
                  if (value) next.set('kind', value);
                  else next.delete('kind');
                  return next;
                },
                { replace: true },
              );
            }}
          />
          {shown.length === 0 ? <p>{t('admin.sources.empty')}</p> : <SourceTable sources={shown} />}
        </>
      ) : null}
    </section>
  );
}

/** "18 sources OK, 1 en erreur, 2 non configurées". */
function Summary({ sources }: { sources: SourceHealth[] }) {
  const { t } = useTranslation();
  const parts = countByState(sources).map(({ state, count }) => t(`admin.sources.summary.${state}`, { count }));
  return <p className={styles.summary}>{parts.join(', ')}</p>;
}
