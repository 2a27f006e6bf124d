import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useFavourite, useRsvp, type EventView, type RsvpStatus } from '../../api/events';
import { useSession } from '../../api/session';
import styles from './Events.module.css';

const STATUSES: RsvpStatus[] = ['going', 'interested'];

/**
 * "J'y vais" / "Intéressé·e" (pressing the chosen one again takes the answer back), the favourite star
 * and the .ics download. Visitors are sent to the sign-in page and brought back here.
 */
export function EventActions({ event }: { event: EventView }) {
  const { t } = useTranslation();
  const ids = useId();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const navigate = useNavigate();
  const location = useLocation();
  const rsvp = useRsvp(event.id);
  const favourite = useFavourite(event.id);
  const signInFirst = () => {
    void navigate(`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`);
  };
  const answer = (status: RsvpStatus) => {
    if (!signedIn) {
      signInFirst();
      return;
    }
    if (rsvp.isPending) return;
    rsvp.mutate(event.my_rsvp === status ? null : status);
  };
  const counts: Record<RsvpStatus, number> = { going: event.going_count, interested: event.interested_count };
  return (
    <div className={styles.actions}>
      <div role="group" aria-label={t('events.rsvp.label')} className={styles.rsvp}>
        {STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={event.my_rsvp === status}
            aria-describedby={`${ids}-${status}`}
            onClick={() => {
              answer(status);
            }}
          >
            {t(`events.rsvp.${status}`)}
            <span className={styles.rsvpCount} aria-hidden="true">
              {counts[status]}
            </span>
          </button>
        ))}
        {STATUSES.map((status) => (
          <span key={status} id={`${ids}-${status}`} hidden>
            {t(status === 'going' ? 'events.going' : 'events.interested', { count: counts[status] })}
          </span>
        ))}
      </div>
      <button
        type="button"
        className={styles.star}
        aria-pressed={event.favourite}
        onClick={() => {
          if (!signedIn) signInFirst();
          else if (!favourite.isPending) favourite.mutate(!event.favourite);
        }}
      >
        <span aria-hidden="true">{event.favourite ? '★' : '☆'}</span> {t('events.favourite')}
      </button>
      <a className={styles.ics} href={event.ics_url} download>
        {t('events.addToCalendar')}
      </a>
      {rsvp.isError || favourite.isError ? <p role="alert">{t('events.rsvp.failed')}</p> : null}
    </div>
  );
}
