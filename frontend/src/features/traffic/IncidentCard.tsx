import { useTranslation } from 'react-i18next';
import { useDeleteIncident, useVote, type Incident, type Vote } from '../../api/traffic';
import { useSession } from '../../api/session';
import { useDateTime, useTimeAgo } from '../news/time';
import { INCIDENT_STYLE } from './incidentStyle';
import styles from './Traffic.module.css';

const VOTES: Vote[] = ['confirm', 'gone'];

/**
 * One incident: type, title, place, times, source, the residents' votes. Signed-in residents confirm it or
 * say it is gone; the author (or a moderator) deletes it.
 */
export function IncidentCard({ incident, headingLevel = 3 }: { incident: Incident; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const ago = useTimeAgo();
  const dateTime = useDateTime();
  const user = useSession((s) => s.user);
  const vote = useVote();
  const remove = useDeleteIncident();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const titleId = `incident-${incident.id}-title`;
  const place = [incident.street, incident.commune].filter(Boolean).join(', ');
  const mine = incident.mine || (user !== null && incident.reported_by?.id === user.id);
  // Moderators remove residents' reports; official incidents end with their source.
  const canDelete = mine || (incident.source === 'resident' && (user?.role === 'moderator' || user?.role === 'admin'));
  const style = INCIDENT_STYLE[incident.type];
  const sourceName = t(`traffic.source.${incident.source}`, { defaultValue: incident.source });
  return (
    <article className={styles.card} aria-labelledby={titleId} id={`incident-${incident.id}`} tabIndex={-1} data-type={incident.type}>
      <p className={styles.type}>
        <span aria-hidden="true" className={styles.typeSymbol} style={{ borderColor: style.colour }}>
          {style.symbol}
        </span>
        {t(`traffic.type.${incident.type}`, { defaultValue: incident.type })}
        <span className={styles.source}> · {sourceName}</span>
      </p>
      <Heading id={titleId} className={styles.title}>
        {incident.title}
      </Heading>
      {place ? <p className={styles.place}>{place}</p> : null}
      {incident.description ? <p className={styles.description}>{incident.description}</p> : null}
      <p className={styles.meta}>
        {incident.starts_at ? <time dateTime={incident.starts_at}>{t('traffic.incident.since', { time: dateTime(incident.starts_at) })}</time> : null}
        {incident.ends_at ? <time dateTime={incident.ends_at}>{t('traffic.incident.until', { time: dateTime(incident.ends_at) })}</time> : null}
        {!incident.starts_at ? <time dateTime={incident.created_at}>{t('traffic.incident.reportedAt', { time: ago(incident.created_at) })}</time> : null}
        {incident.reported_by ? <span>{t('traffic.incident.reportedBy', { name: incident.reported_by.display_name || incident.reported_by.username })}</span> : null}
        {incident.source_url ? (
          <a href={incident.source_url} target="_blank" rel="noopener noreferrer">
            {t('traffic.incident.sourceLink', { source: sourceName })}
          </a>
        ) : null}
      </p>
      {incident.photo_url ? <img className={styles.photo} src={incident.photo_url} alt={t('traffic.incident.photo', { title: incident.title })} loading="lazy" /> : null}
      <p className={styles.counts}>
        <span>{t('traffic.incident.confirmations', { count: incident.confirmations })}</span>
        <span>{t('traffic.incident.gone', { count: incident.gone_votes })}</span>
      </p>
      {user ? (
        <div className={styles.actions}>
          <div role="group" aria-label={t('traffic.incident.votes')} className={styles.votes}>
            {VOTES.map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={incident.my_vote === v}
                aria-label={t(v === 'confirm' ? 'traffic.incident.confirmLabel' : 'traffic.incident.goneLabel', { title: incident.title })}
                disabled={vote.isPending}
                onClick={() => {
                  vote.mutate({ id: incident.id, vote: v });
                }}
              >
                {t(`traffic.incident.${v}`)}
              </button>
            ))}
          </div>
          {canDelete ? (
            <button
              type="button"
              className={styles.delete}
              aria-label={t('traffic.incident.deleteLabel', { title: incident.title })}
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(t('traffic.incident.deleteConfirm'))) remove.mutate(incident.id);
              }}
            >
              {t('traffic.incident.delete')}
            </button>
          ) : null}
        </div>
      ) : null}
      {vote.isError ? <p role="alert">{t('traffic.incident.voteFailed')}</p> : null}
      {remove.isError ? <p role="alert">{t('traffic.incident.deleteFailed')}</p> : null}
    </article>
  );
}
