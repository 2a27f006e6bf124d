import styles from './Chips.module.css';

export interface ChipOption {
  value: string;
  label: string;
  /** Shown after the label; not part of the button's name, so the name stays the label. */
  count?: number;
}

/**
 * A row of toggle buttons of which at most one is on (`aria-pressed`): pressing the one that is on
 * turns it off. The first button, `allLabel`, stands for no choice.
 */
export function Chips({ label, options, value, onChange, allLabel }: { label: string; options: ChipOption[]; value: string | undefined; onChange: (value: string | undefined) => void; allLabel: string }) {
  return (
    <div role="group" aria-label={label} className={styles.chips}>
      <button
        type="button"
        aria-pressed={value === undefined}
        onClick={() => {
          onChange(undefined);
        }}
      >
        {allLabel}
      </button>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => {
            onChange(value === o.value ? undefined : o.value);
          }}
        >
          {o.label}
          {o.count !== undefined ? (
            <span className={styles.count} aria-hidden="true">
              {o.count}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
