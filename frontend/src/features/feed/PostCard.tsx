import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { deletePost, editPost, reportPost, setPostLike, sharePost, type PostView } from '../../api/posts';
import { useSession } from '../../api/session';
import { Avatar } from '../../components/Avatar/Avatar';
import { CommentSection } from './CommentSection';
import styles from './Feed.module.css';
import { PostText } from './PostText';

function useRelativeTime() {
  const { i18n } = useTranslation();
  return (iso: string) => {
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
    const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
    const abs = Math.abs(seconds);
    if (abs < 60) return format.format(seconds, 'second');
    if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
    if (abs < 7 * 86400) return format.format(Math.round(seconds / 86400), 'day');
    return new Date(iso).toLocaleDateString(i18n.language);
  };
}

/** One post: author, time, text, photos, counters, and what the reader can do with it. */
export function PostCard({ post }: { post: PostView }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const client = useQueryClient();
  const ago = useRelativeTime();
  const [liked, setLiked] = useState(post.liked);
  const [likes, setLikes] = useState(post.counts.likes);
  const [comments, setComments] = useState(post.counts.comments);
  const [showComments, setShowComments] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const shareDialog = useRef<HTMLDialogElement>(null);
  const [shareText, setShareText] = useState('');
  const reportDialog = useRef<HTMLDialogElement>(null);
  const [reportReason, setReportReason] = useState('spam');
  const [reportDetails, setReportDetails] = useState('');
  const [text, setText] = useState(post.text);
  const [editing, setEditing] = useState<string | null>(null);
  const [editedAt, setEditedAt] = useState(post.edited_at);

  const like = useMutation({
    mutationFn: (on: boolean) => setPostLike(post.id, on),
    // Optimistic: the heart answers at once; the server's count replaces the guess.
    onMutate: (on) => {
      setLiked(on);
      setLikes((n) => n + (on ? 1 : -1));
    },
    onSuccess: (state) => {
      setLiked(state.liked);
      setLikes(state.likes);
    },
    onError: (_err, on) => {
      setLiked(!on);
      setLikes((n) => n + (on ? -1 : 1));
    },
  });
  const remove = useMutation({
    mutationFn: () => deletePost(post.id),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['feed'] }),
  });
  const share = useMutation({
    mutationFn: () => sharePost(post.id, shareText),
    onSuccess: () => {
      shareDialog.current?.close();
      setShareText('');
      setNotice(t('post.shared'));
      void client.invalidateQueries({ queryKey: ['feed'] });
    },
  });
  const report = useMutation({
    mutationFn: () => reportPost(post.id, reportReason, reportDetails),
    onSuccess: () => {
      reportDialog.current?.close();
      setReportDetails('');
      setNotice(t('post.reported'));
    },
  });
  const edit = useMutation({
    mutationFn: (next: string) => editPost(post.id, next),
    onSuccess: (saved) => {
      setText(saved.text);
      setEditedAt(saved.edited_at);
      setEditing(null);
    },
  });
  const mine = me?.id === post.author.id;
  const canShare = post.visibility === 'public' && !post.shared;

  return (
    <article className={styles.card} aria-labelledby={`post-${post.id}-author`}>
      <header className={styles.cardHeader}>
        <Avatar image={post.author.avatar} name={post.author.display_name} />
        <div>
          <Link id={`post-${post.id}-author`} to={`/profile/${post.author.username}`} className={styles.authorName}>
            {post.author.display_name}
          </Link>
          <span className={styles.meta}>
            @{post.author.username} · <time dateTime={post.created_at}>{ago(post.created_at)}</time>
            {editedAt ? ` · ${t('post.edited')}` : ''}
            {post.visibility === 'followers' ? ` · ${t('post.followersOnly')}` : ''}
          </span>
        </div>
      </header>
      {editing !== null ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            edit.mutate(editing);
          }}
        >
          <label htmlFor={`edit-${post.id}`} className={styles.visuallyHidden}>
            {t('post.editLabel')}
          </label>
          <textarea
            id={`edit-${post.id}`}
            className={styles.editBox}
            value={editing}
            rows={3}
            onChange={(e) => {
              setEditing(e.target.value);
            }}
          />
          <div className={styles.dialogActions}>
            <button type="submit" disabled={edit.isPending}>
              {t('settings.save')}
            </button>
            <button type="button" onClick={() => { setEditing(null); }}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : text ? (
        <PostText text={text} />
      ) : null}
      {post.photos.length > 0 ? (
        <div className={styles.photos} data-count={post.photos.length}>
          {post.photos.map((photo, i) => (
            <a key={photo.large} href={photo.large} target="_blank" rel="noopener noreferrer">
              <img
                src={photo.medium}
                width={photo.width}
                height={photo.height}
                loading="lazy"
                alt={t('post.photoAlt', { n: i + 1, name: post.author.display_name })}
              />
            </a>
          ))}
        </div>
      ) : null}
      {post.shared ? (
        <div className={styles.shared}>
          <PostCard post={post.shared} />
        </div>
      ) : null}
      <footer className={styles.actions}>
        <button type="button" aria-pressed={liked} disabled={!me} onClick={() => { like.mutate(!liked); }}>
          {liked ? '♥' : '♡'} <span>{t('post.likes', { count: likes })}</span>
        </button>
        <button type="button" aria-expanded={showComments} onClick={() => { setShowComments((v) => !v); }}>
          {t('post.comments', { count: comments })}
        </button>
        {me && canShare ? (
          <button type="button" onClick={() => shareDialog.current?.showModal()}>
            {t('post.share')} {post.counts.shares > 0 ? `(${String(post.counts.shares)})` : ''}
          </button>
        ) : null}
        {mine && !post.shared ? (
          <button type="button" onClick={() => { setEditing(text); }}>
            {t('post.edit')}
          </button>
        ) : null}
        {mine ? (
          <button type="button" onClick={() => { remove.mutate(); }}>
            {t('post.delete')}
          </button>
        ) : me ? (
          <button type="button" onClick={() => reportDialog.current?.showModal()}>
            {t('post.report')}
          </button>
        ) : null}
      </footer>
      {notice ? <p role="status">{notice}</p> : null}
      {showComments ? (
        <CommentSection postId={post.id} postAuthorId={post.author.id} onCountChange={(d) => { setComments((n) => n + d); }} />
      ) : null}
      <dialog ref={shareDialog} aria-labelledby={`share-${post.id}`} className={styles.dialog}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            share.mutate();
          }}
        >
          <h2 id={`share-${post.id}`}>{t('post.shareTitle')}</h2>
          <label htmlFor={`share-text-${post.id}`}>{t('post.shareComment')}</label>
          <textarea id={`share-text-${post.id}`} value={shareText} onChange={(e) => { setShareText(e.target.value); }} rows={3} />
          <div className={styles.dialogActions}>
            <button type="submit" disabled={share.isPending}>
              {t('post.share')}
            </button>
            <button type="button" onClick={() => shareDialog.current?.close()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </dialog>
      <dialog ref={reportDialog} aria-labelledby={`report-${post.id}`} className={styles.dialog}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            report.mutate();
          }}
        >
          <h2 id={`report-${post.id}`}>{t('post.reportTitle')}</h2>
          <label htmlFor={`report-reason-${post.id}`}>{t('post.reportReason')}</label>
          <select id={`report-reason-${post.id}`} value={reportReason} onChange={(e) => { setReportReason(e.target.value); }}>
            {['spam', 'harassment', 'hate', 'illegal', 'misinformation', 'other'].map((r) => (
              <option key={r} value={r}>
                {t(`moderation.reason.${r}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`report-details-${post.id}`}>{t('post.reportDetails')}</label>
          <textarea id={`report-details-${post.id}`} maxLength={1000} rows={3} value={reportDetails} onChange={(e) => { setReportDetails(e.target.value); }} />
          <div className={styles.dialogActions}>
            <button type="submit" disabled={report.isPending}>
              {t('post.report')}
            </button>
            <button type="button" onClick={() => reportDialog.current?.close()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </article>
  );
}
