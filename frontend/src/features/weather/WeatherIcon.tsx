import { useTranslation } from 'react-i18next';
import type { Condition } from '../../api/weather';
import { conditionEmoji, conditionKey } from './format';
import styles from './Weather.module.css';

/**
 * A condition's emoji. With `labelled`, it is an image named after the condition (for places where the
 * name is not written next to it); otherwise it is decoration beside the written name.
 */
export function WeatherIcon({ condition, isDay = true, labelled = false, size = 'normal' }: { condition: Condition; isDay?: boolean; labelled?: boolean; size?: 'normal' | 'large' }) {
  const { t } = useTranslation();
  const className = size === 'large' ? styles.iconLarge : styles.icon;
  return labelled ? (
    <span role="img" aria-label={t(conditionKey(condition, isDay))} title={t(conditionKey(condition, isDay))} className={className}>
      {conditionEmoji(condition, isDay)}
    </span>
  ) : (
    <span aria-hidden="true" className={className}>
      {conditionEmoji(condition, isDay)}
    </span>
  );
}
