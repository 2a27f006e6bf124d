import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStopSearch } from '../../api/transit';
import { useMessage } from '../../components/Form/messages';
import { SEARCH_DEBOUNCE_MS } from '../search/UserSearchPage';
import { useDebounced } from '../search/useDebounced';
import type { StopRef } from './homeStop';
import { LineBadge } from './LineBadge';
import styles from './Transit.module.css';

/** What a stop field holds: the words typed, and the stop once one is chosen. */
export interface StopChoice {
  text: string;
  stop: StopRef | null;
}

interface StopComboboxProps {
  label: string;
  value: StopChoice;
  onChange: (value: StopChoice) => void;
  /** Messages (i18n keys or the server's words) about this field. */
  errors?: string[] | undefined;
  /** Shown after the field (a "use my location" button). */
  children?: ReactNode;
}

/**
 * A stop field with suggestions (ARIA 1.2 combobox): type, then arrows and Enter or a click choose a
 * stop; Escape closes the list.
 */
export function StopCombobox({ label, value, onChange, errors = [], children }: StopComboboxProps) {
  const { t } = useTranslation();
  const message = useMessage();
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(value.stop ? '' : value.text.trim(), SEARCH_DEBOUNCE_MS);
  const search = useStopSearch({ q: q.slice(0, 100), limit: 8 });
  const options = q && !value.stop ? (search.data ?? []) : [];
  const expanded = open && options.length > 0;
  const choose = (index: number) => {
    const stop = options[index];
    if (!stop) return;
    onChange({ text: stop.name, stop: { id: stop.id, name: stop.name } });
    setOpen(false);
    setActive(-1);
  };
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <div className={styles.comboRow}>
        <div className={styles.combo}>
          <input
            id={id}
            type="text"
            role="combobox"
            autoComplete="off"
            maxLength={100}
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={errors.length > 0 ? errorId : undefined}
            value={value.text}
            onChange={(e) => {
              onChange({ text: e.target.value, stop: null });
              setOpen(true);
              setActive(-1);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                setOpen(true);
                if (options.length === 0) return;
                const step = e.key === 'ArrowDown' ? 1 : -1;
                setActive((current) => (current + step + options.length) % options.length);
              } else if (e.key === 'Enter' && expanded && active >= 0) {
                e.preventDefault();
                choose(active);
              } else if (e.key === 'Escape' && expanded) {
                e.preventDefault();
                setOpen(false);
                setActive(-1);
              }
            }}
            onBlur={() => {
              setOpen(false);
            }}
          />
          <ul id={listId} role="listbox" aria-label={t('transit.plan.suggestions', { field: label })} className={styles.listbox} hidden={!expanded}>
            {options.map((stop, index) => (
              <li
                key={stop.id}
                id={`${listId}-${index}`}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                className={styles.option}
                onMouseDown={(e) => {
                  // Keeps the focus in the field, so that its blur does not close the list first.
                  e.preventDefault();
                }}
                onClick={() => {
                  choose(index);
                }}
                onKeyDown={() => undefined}
              >
                <span>{stop.name}</span>
                <span className={styles.optionBadges}>
                  {stop.lines.slice(0, 6).map((line) => (
                    <LineBadge key={line.id} line={line} />
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </div>
        {children}
      </div>
      <span className="visually-hidden" aria-live="polite">
        {open && q && search.isSuccess ? (options.length > 0 ? t('transit.plan.suggestionsCount', { count: options.length }) : t('transit.stops.none')) : ''}
      </span>
      {errors.length > 0 ? (
        <p id={errorId} role="alert" className={styles.error}>
          {errors.map((e) => message(e)).join(' ')}
        </p>
      ) : null}
    </div>
  );
}
