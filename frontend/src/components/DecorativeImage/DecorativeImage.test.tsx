import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DecorativeImage } from './DecorativeImage';

describe('DecorativeImage', () => {
  it('is decorative, and goes away when it cannot load', () => {
    const { container } = render(<DecorativeImage src="https://example.fr/a.jpg" />);
    const img = container.querySelector('img');
    expect(img).toHaveAttribute('alt', '');
    if (img) fireEvent.error(img);
    expect(container.querySelector('img')).toBeNull();
  });
});
