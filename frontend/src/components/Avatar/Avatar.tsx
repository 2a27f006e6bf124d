import type { ImageUrls } from '../../api/types';
import styles from './Avatar.module.css';

interface AvatarProps {
  image: ImageUrls | null;
  name: string;
  size?: 'small' | 'medium' | 'large';
}

/** A resident's picture, or their initial when they have none. Decorative: the name is always beside it. */
export function Avatar({ image, name, size = 'small' }: AvatarProps) {
  const className = `${styles.avatar} ${styles[size] ?? ''}`;
  if (image) {
    return <img className={className} src={size === 'large' ? image.medium : image.small} alt="" />;
  }
  return (
    <span className={className} aria-hidden="true">
      {name.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}
