import { useTranslation } from 'react-i18next';
import type { Line } from '../../api/transit';
import styles from './Transit.module.css';
import { badgeColors } from './transitFormat';

/** A line's short name on its colour, always readable; screen readers hear "Ligne M". */
export function LineBadge({ line }: { line: Pick<Line, 'short_name' | 'color' | 'text_color'> }) {
  const { t } = useTranslation();
  return (
    <span className={styles.badge} style={badgeColors(line.color, line.text_color)}>
      <span aria-hidden="true">{line.short_name}</span>
      <span className="visually-hidden">{t('transit.line.name', { name: line.short_name })}</span>
    </span>
  );
}

/** The badges of the lines serving a stop. */
export function LineBadges({ lines }: { lines: Line[] }) {
  const { t } = useTranslation();
  if (lines.length === 0) return null;
  return (
    <ul className={styles.badges} aria-label={t('transit.line.served')}>
      {lines.map((line) => (
        <li key={line.id}>
          <LineBadge line={line} />
        </li>
      ))}
    </ul>
  );
}
