import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTrafficSummary } from '../../api/traffic';
import widget from '../../components/Widget/Widget.module.css';
import { useTimeAgo } from '../news/time';
import { INCIDENT_STYLE, LEVEL_SYMBOL } from './incidentStyle';
import styles from './Traffic.module.css';

/** Home page: how the traffic is, the counts, the main incidents. */
export function TrafficWidget() {
  const { t } = useTranslation();
  const ago = useTimeAgo();
  const summary = useTrafficSummary();
  const data = summary.data;
  return (
    <section className={widget.widget} aria-labelledby="traffic-widget-title">
      <h2 id="traffic-widget-title">{t('traffic.widget.title')}</h2>
      {summary.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {summary.isError ? <p>{t('traffic.unavailable')}</p> : null}
      {data ? (
        <>
          <p className={styles.level} data-level={data.level}>
            <span aria-hidden="true">{LEVEL_SYMBOL[data.level]} </span>
            {t('traffic.level.current', { level: t(`traffic.level.${data.level}`) })}
          </p>
          <p className={widget.meta}>
            {[
              t('traffic.counts.incidents', { count: data.incidents_count }),
              t('traffic.counts.roadworks', { count: data.roadworks_count }),
              t('traffic.counts.reports', { count: data.reports_count }),
            ].join(' · ')}
          </p>
          {typeof data.disrupted_lines === 'number' && data.disrupted_lines > 0 ? (
            <p className={widget.meta}>{t('traffic.counts.disruptedLines', { count: data.disrupted_lines })}</p>
          ) : null}
          {data.top.length > 0 ? (
            <ul aria-label={t('traffic.widget.top')}>
              {data.top.map((i) => (
                <li key={i.id}>
                  <span aria-hidden="true">{INCIDENT_STYLE[i.type].symbol} </span>
                  <span className={styles.tag}>{t(`traffic.type.${i.type}`, { defaultValue: i.type })}</span>{' '}
                  <Link to={`/traffic#incident-${encodeURIComponent(i.id)}`}>{i.title}</Link>
                  {i.street || i.commune ? <span className={widget.meta}>{[i.street, i.commune].filter(Boolean).join(', ')}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <p className={widget.meta}>
            <time dateTime={data.updated_at}>{t('traffic.updatedAt', { time: ago(data.updated_at) })}</time>
          </p>
        </>
      ) : null}
      <Link to="/traffic" className={widget.all}>
        {t('traffic.widget.all')}
      </Link>
    </section>
  );
}
