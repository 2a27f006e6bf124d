import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { toProblem } from '../../api/problem';
import { useLine } from '../../api/transit';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { AlertList } from './AlertList';
import { LineBadge } from './LineBadge';
import { LineStatusBadge } from './LinesPage';
import styles from './Transit.module.css';

/** `/transport/lines/:id`: one line, its status and its alerts. */
export function LinePage() {
  const { t } = useTranslation();
  const message = useMessage();
  const { id = '' } = useParams();
  const line = useLine(id);
  const problem = line.isError ? toProblem(line.error) : null;
  return (
    <section aria-labelledby="transit-line-title" className={styles.section}>
      <p className={styles.back}>
        <Link to="/transport/lines">{t('transit.lines.back')}</Link>
      </p>
      {line.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {problem ? (
        <>
          <h2 id="transit-line-title">{t('transit.lines.notFoundTitle')}</h2>
          <p role="alert">{problem.status === 404 ? t('transit.lines.notFound') : message(problemMessage(problem))}</p>
        </>
      ) : null}
      {line.data ? (
        <>
          <h2 id="transit-line-title" className={styles.titleRow}>
            <LineBadge line={line.data} /> <span>{line.data.long_name}</span>
          </h2>
          <p className={styles.lineFacts}>
            <span>{t(`transit.mode.${line.data.mode}`)}</span>
            <LineStatusBadge status={line.data.status} alertsCount={line.data.alerts.length} />
          </p>
          <section aria-labelledby="transit-line-alerts">
            <h3 id="transit-line-alerts">{t('transit.alerts.title')}</h3>
            {line.data.alerts.length === 0 ? <p>{t('transit.alerts.none')}</p> : <AlertList alerts={line.data.alerts} labelledBy="transit-line-alerts" />}
          </section>
        </>
      ) : null}
    </section>
  );
}
