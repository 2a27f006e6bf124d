import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toProblem } from '../../api/problem';
import { useLines, type LineSummary, type TransitMode } from '../../api/transit';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { LineBadge } from './LineBadge';
import styles from './Transit.module.css';
import { MODE_ORDER } from './transitFormat';

/** Lines by mode, in the network's order of weight (metro, TEOR, tram, bus…). */
export function groupByMode(lines: LineSummary[]): { mode: TransitMode; lines: LineSummary[] }[] {
  return MODE_ORDER.map((mode) => ({ mode, lines: lines.filter((l) => l.mode === mode) })).filter((g) => g.lines.length > 0);
}

/** A line's status: normal, or disrupted with how many alerts. */
export function LineStatusBadge({ status, alertsCount }: { status: LineSummary['status']; alertsCount?: number }) {
  const { t } = useTranslation();
  return (
    <span className={status === 'disrupted' ? styles.disrupted : styles.normal}>
      <span aria-hidden="true">{status === 'disrupted' ? '⚠ ' : '✓ '}</span>
      {status === 'disrupted' && alertsCount ? t('transit.status.disruptedCount', { count: alertsCount }) : t(`transit.status.${status}`)}
    </span>
  );
}

/** `/transport/lines`: every line, grouped by mode, with its status. */
export function LinesPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const lines = useLines();
  return (
    <section aria-labelledby="transit-lines-title" className={styles.section}>
      <h2 id="transit-lines-title">{t('transit.lines.title')}</h2>
      {lines.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {lines.isError ? <p role="alert">{message(problemMessage(toProblem(lines.error)))}</p> : null}
      {lines.isSuccess && lines.data.length === 0 ? <p>{t('transit.lines.none')}</p> : null}
      {lines.isSuccess && lines.data.some((l) => l.status === 'disrupted') ? (
        <p className={styles.notice}>{t('transit.lines.disruptedCount', { count: lines.data.filter((l) => l.status === 'disrupted').length })}</p>
      ) : null}
      {groupByMode(lines.data ?? []).map((group) => (
        <section key={group.mode} aria-labelledby={`transit-mode-${group.mode}`} className={styles.modeGroup}>
          <h3 id={`transit-mode-${group.mode}`}>{t(`transit.mode.${group.mode}`)}</h3>
          <ul className={styles.lineList}>
            {group.lines.map((line) => (
              <li key={line.id} className={styles.lineItem}>
                <LineBadge line={line} />
                <Link to={`/transport/lines/${encodeURIComponent(line.id)}`} className={styles.lineName}>
                  {line.long_name || t('transit.line.name', { name: line.short_name })}
                </Link>
                <LineStatusBadge status={line.status} alertsCount={line.alerts_count} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
