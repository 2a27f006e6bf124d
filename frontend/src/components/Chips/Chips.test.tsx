import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Chips } from './Chips';

describe('Chips', () => {
  it('names each chip by its label, marks the chosen one, and turns it off when pressed again', async () => {
    const onChange = vi.fn();
    render(<Chips label="Catégories" allLabel="Toutes" value="sport" onChange={onChange} options={[{ value: 'sport', label: 'Sport', count: 4 }, { value: 'culture', label: 'Culture' }]} />);
    const sport = screen.getByRole('button', { name: 'Sport' });
    expect(sport).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Toutes' })).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(sport);
    expect(onChange).toHaveBeenLastCalledWith(undefined);
    await userEvent.click(screen.getByRole('button', { name: 'Culture' }));
    expect(onChange).toHaveBeenLastCalledWith('culture');
  });
});
