import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceHealth, SourceState } from '../../api/sources';
import { useDateTime, useTimeAgo } from '../news/time';
import styles from './Admin.module.css';
import { interval } from './sourceHealth';

/** What needs attention first (state, success, error), so that it shows without scrolling sideways. */
const COLUMNS = ['name', 'state', 'lastSuccess', 'lastError', 'seen', 'skipped', 'every', 'kind', 'format'] as const;

/** The sources, one row each; scrolls sideways inside its own labelled region on a narrow screen. */
export function SourceTable({ sources }: { sources: SourceHealth[] }) {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must take the focus for a keyboard to scroll it
    <div role="region" aria-labelledby={captionId} tabIndex={0} className={styles.scroll}>
      <table className={styles.table}>
        <caption id={captionId}>{t('admin.sources.caption', { count: sources.length })}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col">
                {t(`admin.sources.column.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <SourceRow key={source.id} source={source} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SourceRow({ source }: { source: SourceHealth }) {
  const { t } = useTranslation();
  const timeAgo = useTimeAgo();
  const dateTime = useDateTime();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const { unit, count } = interval(source.every_minutes);
  return (
    <>
      <tr>
        <th scope="row">
          <a href={source.homepage} target="_blank" rel="noopener noreferrer">
            {source.name}
          </a>
        </th>
        <td>
          <StateBadge state={source.state} />
        </td>
        <td>
          {source.last_success_at ? (
            <time dateTime={source.last_success_at} title={dateTime(source.last_success_at)}>
              {timeAgo(source.last_success_at)}
            </time>
          ) : (
            t('admin.sources.never')
          )}
        </td>
        <td className={styles.lastError}>
          {source.last_error ?? <Nothing />}
          {source.consecutive_failures > 0 ? <span className={styles.failures}>{t('admin.sources.failures', { count: source.consecutive_failures })}</span> : null}
        </td>
        <td className={styles.number}>{source.items_seen}</td>
        <td className={`${styles.number} ${styles.skippedCell}`}>
          {source.items_skipped}
          {source.skipped.length > 0 ? (
            <button
              type="button"
              className={styles.disclosure}
              aria-expanded={open}
              aria-controls={panelId}
              onClick={() => {
                setOpen((o) => !o);
              }}
            >
              {open ? t('admin.sources.hideSkipped') : t('admin.sources.showSkipped', { count: source.skipped.length })}
            </button>
          ) : null}
        </td>
        <td>{t(`admin.sources.every.${unit}`, { count })}</td>
        <td>{t(`admin.sources.kind.${source.kind}`, { defaultValue: source.kind })}</td>
        <td>{t(`admin.sources.format.${source.format}`, { defaultValue: source.format })}</td>
      </tr>
      {source.skipped.length > 0 ? (
        <tr id={panelId} hidden={!open} className={styles.details}>
          <td colSpan={COLUMNS.length}>
            <div className={styles.panel}>
              <p className={styles.detailsTitle}>{t('admin.sources.skippedTitle', { name: source.name })}</p>
              <dl className={styles.skipped}>
                {source.skipped.map((s, i) => (
                  <div key={`${s.item}-${String(i)}`}>
                    <dt>{s.item}</dt>
                    <dd>{s.reason}</dd>
                  </div>
                ))}
              </dl>
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}

const GLYPH: Record<SourceState, string> = { ok: '✓', error: '✕', not_configured: '⚙', disabled: '⊘', pending: '…' };

/** The state in words, with a coloured badge and a glyph so that colour is never the only sign. */
export function StateBadge({ state }: { state: SourceState }) {
  const { t } = useTranslation();
  return (
    <span className={styles.badge} data-state={state}>
      <span aria-hidden="true">{GLYPH[state]}</span> {t(`admin.sources.state.${state}`)}
    </span>
  );
}

/** A dash that says "none" to a screen reader. */
function Nothing() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('admin.sources.none')}</span>
    </>
  );
}
