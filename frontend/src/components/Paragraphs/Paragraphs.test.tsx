import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Paragraphs, paragraphs } from './Paragraphs';

describe('Paragraphs', () => {
  it('splits on blank lines and drops empty ones', () => {
    expect(paragraphs('Un.\n\n  \n\nDeux,\nsuite.\n\n')).toEqual(['Un.', 'Deux,\nsuite.']);
  });

  it('renders one paragraph each', () => {
    const { container } = render(<Paragraphs text={'Premier.\n\nSecond.'} />);
    expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['Premier.', 'Second.']);
  });
});
