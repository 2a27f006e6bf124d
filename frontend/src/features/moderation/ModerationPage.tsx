import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAudit, fetchHeld, fetchReports, resolveReport, setPostStatus, suspendUser } from '../../api/posts';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import { Field, FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import { PostCard } from '../feed/PostCard';

/** The moderators' desk: held posts, open reports, suspensions, and the audit trail. */
export function ModerationPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.user?.role);
  const client = useQueryClient();
  const allowed = role === 'moderator' || role === 'admin';
  const held = useQuery({ queryKey: ['moderation', 'held'], queryFn: fetchHeld, enabled: allowed });
  const reports = useQuery({ queryKey: ['moderation', 'reports'], queryFn: fetchReports, enabled: allowed });
  const audit = useQuery({ queryKey: ['moderation', 'audit'], queryFn: fetchAudit, enabled: allowed });
  const refresh = () => client.invalidateQueries({ queryKey: ['moderation'] });
  const status = useMutation({ mutationFn: (v: { id: string; status: 'visible' | 'hidden' }) => setPostStatus(v.id, v.status), onSettled: refresh });
  const resolve = useMutation({
    mutationFn: (v: { id: string; outcome: 'dismissed' | 'hidden' | 'removed' }) => resolveReport(v.id, v.outcome),
    onSettled: refresh,
  });
  const [user, setUser] = useState('');
  const [days, setDays] = useState('7');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const suspend = useMutation({
    mutationFn: (lift: boolean) => suspendUser(user.trim(), lift ? null : Number(days), ''),
    onSuccess: () => {
      setMessage({ tone: 'success', text: t('moderation.suspended') });
      void refresh();
    },
    onError: (err) => {
      setMessage({ tone: 'error', text: t(`errors.${toProblem(err).code}`) });
    },
  });

  if (!allowed) {
    return <FormAlert>{t('errors.forbidden')}</FormAlert>;
  }
  return (
    <section aria-labelledby="moderation-title">
      <h1 id="moderation-title">{t('moderation.title')}</h1>
      <h2>{t('moderation.held')}</h2>
      {held.data?.length === 0 ? <p>{t('moderation.none')}</p> : null}
      {held.data?.map((post) => (
        <div key={post.id}>
          <PostCard post={post} />
          <div className={formStyles.actions}>
            <button type="button" className={formStyles.primary} onClick={() => { status.mutate({ id: post.id, status: 'visible' }); }}>
              {t('moderation.release')}
            </button>
            <button type="button" className={formStyles.secondary} onClick={() => { status.mutate({ id: post.id, status: 'hidden' }); }}>
              {t('moderation.hide')}
            </button>
          </div>
        </div>
      ))}
      <h2>{t('moderation.reports')}</h2>
      {reports.data?.length === 0 ? <p>{t('moderation.none')}</p> : null}
      {reports.data?.map((report) => (
        <article key={report.id} aria-label={t('moderation.report', { reason: report.reason })}>
          <p>
            <strong>{t(`moderation.reason.${report.reason}`)}</strong> {report.details}
          </p>
          {report.post ? <PostCard post={report.post} /> : <p>{t('moderation.postGone')}</p>}
          <div className={formStyles.actions}>
            {(['dismissed', 'hidden', 'removed'] as const).map((outcome) => (
              <button key={outcome} type="button" className={formStyles.secondary} onClick={() => { resolve.mutate({ id: report.id, outcome }); }}>
                {t(`moderation.outcome.${outcome}`)}
              </button>
            ))}
          </div>
        </article>
      ))}
      <h2>{t('moderation.suspendTitle')}</h2>
      <form
        className={formStyles.form}
        onSubmit={(e) => {
          e.preventDefault();
          suspend.mutate(false);
        }}
      >
        {message ? <FormAlert tone={message.tone}>{message.text}</FormAlert> : null}
        <Field label={t('moderation.user')} value={user} onChange={(e) => { setUser(e.target.value); }} />
        <Field label={t('moderation.days')} type="number" min={1} max={365} value={days} onChange={(e) => { setDays(e.target.value); }} />
        <div className={formStyles.actions}>
          <button type="submit" className={formStyles.primary} disabled={user.trim() === ''}>
            {t('moderation.suspend')}
          </button>
          <button type="button" className={formStyles.secondary} disabled={user.trim() === ''} onClick={() => { suspend.mutate(true); }}>
            {t('moderation.lift')}
          </button>
        </div>
      </form>
      <h2>{t('moderation.audit')}</h2>
      <ul>
        {audit.data?.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> · {t(`moderation.action.${entry.action}`, { defaultValue: entry.action })} · {entry.target}
            {entry.reason ? ` · ${entry.reason}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
