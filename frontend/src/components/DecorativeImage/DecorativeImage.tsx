import { useState } from 'react';

/**
 * An illustration that adds nothing the text does not say (`alt=""`): a broken one is removed rather
 * than shown as a broken image.
 */
export function DecorativeImage({ src, className }: { src: string; className?: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (failed === src) return null;
  return (
    <img
      src={src}
      alt=""
      loading="lazy"
      className={className}
      onError={() => {
        setFailed(src);
      }}
    />
  );
}
