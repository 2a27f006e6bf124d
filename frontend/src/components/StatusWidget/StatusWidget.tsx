import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchBuildInfo, fetchHealth } from '../../api/client';
import { toProblem } from '../../api/problem';
import styles from './StatusWidget.module.css';

const KNOWN_CHECKS = new Set(['item_store', 'search_index', 'blob_store', 'queue']);

function formatTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Paris' }).format(date);
}

/** Live health and build information of the platform, for residents and operators alike. */
export function StatusWidget() {
  const { t, i18n } = useTranslation();
  const health = useQuery({ queryKey: ['health'], queryFn: fetchHealth, refetchInterval: 60_000 });
  const build = useQuery({ queryKey: ['build-info'], queryFn: fetchBuildInfo, staleTime: Infinity });

  return (
    <section className={styles.widget} aria-labelledby="status-title">
      <h2 id="status-title" className={styles.title}>
        {t('status.title')}
      </h2>
      {health.isPending && <p role="status">{t('status.loading')}</p>}
      {health.isError && (
        <div role="alert" className={styles.error}>
          <p>{t('status.error')}</p>
          <p className={styles.muted}>{t('status.errorCode', { code: toProblem(health.error).code })}</p>
        </div>
      )}
      {health.data && (
        <>
          <p className={health.data.status === 'ok' ? styles.ok : styles.degraded} data-testid="platform-status">
            {t('status.overall', { status: t(health.data.status === 'ok' ? 'status.ok' : 'status.degraded') })}
          </p>
          <ul className={styles.checks}>
            {health.data.checks.map((check) => (
              <li key={check.name}>
                <span>{KNOWN_CHECKS.has(check.name) ? t(`status.checks.${check.name}`) : check.name}</span>
                <span className={check.status === 'ok' ? styles.ok : styles.degraded}>
                  {t(check.status === 'ok' ? 'status.checkOk' : 'status.checkError')}
                  {check.status === 'ok' && ` · ${t('status.latency', { ms: check.latency_ms })}`}
                </span>
              </li>
            ))}
          </ul>
          <p className={styles.muted}>{t('status.checkedAt', { time: formatTime(health.data.time, i18n.language) })}</p>
        </>
      )}
      {build.data && (
        <dl className={styles.build}>
          <dt>{t('status.version')}</dt>
          <dd data-testid="build-version">{build.data.version}</dd>
          <dt>{t('status.commit')}</dt>
          <dd data-testid="build-sha">
            <code>{build.data.git_sha}</code>
          </dd>
          <dt>{t('status.runtime')}</dt>
          <dd>{t(build.data.runtime === 'aws' ? 'status.runtimeAws' : 'status.runtimeLocal')}</dd>
        </dl>
      )}
    </section>
  );
}
