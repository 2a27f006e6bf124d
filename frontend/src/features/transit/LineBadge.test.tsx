import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { F1, line, T1 } from '../../test/transitFixtures';
import { LineBadge, LineBadges } from './LineBadge';

describe('LineBadge', () => {
  it('shows the short name on the line’s colour, named "Ligne …" for screen readers', () => {
    render(<LineBadge line={line()} />);
    const name = screen.getByText('Ligne M');
    expect(name).toHaveClass('visually-hidden');
    expect(name.parentElement).toHaveStyle({ backgroundColor: '#123E8B', color: '#FFFFFF' });
  });

  it('replaces a text colour too faint on its background', () => {
    render(<LineBadge line={F1} />);
    expect(screen.getByText('Ligne F1').parentElement).toHaveStyle({ backgroundColor: '#FFD500', color: '#000000' });
  });

  it('lists a stop’s lines', () => {
    render(<LineBadges lines={[line(), T1]} />);
    const list = screen.getByRole('list', { name: 'Lignes desservies' });
    expect(list).toHaveTextContent('Ligne M');
    expect(list).toHaveTextContent('Ligne T1');
  });
});
