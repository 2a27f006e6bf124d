import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { stop } from '../../test/transitFixtures';
import { StopCombobox, type StopChoice } from './StopCombobox';

function Harness({ errors }: { errors?: string[] }) {
  const [value, setValue] = useState<StopChoice>({ text: '', stop: null });
  return (
    <>
      <StopCombobox label="Départ" value={value} onChange={setValue} errors={errors} />
      <output data-testid="chosen">{value.stop ? value.stop.id : ''}</output>
    </>
  );
}

const routes = {
  'GET /transit/stops': { status: 200, data: { stops: [stop(), stop({ id: 'SSEVE', name: 'Saint-Sever', lines: [] })] } },
};

describe('StopCombobox', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('suggests stops and chooses one with the keyboard', async () => {
    restore = fakeApi(routes).restore;
    renderWithProviders(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Départ' });
    expect(input).toHaveAttribute('aria-expanded', 'false');
    await userEvent.type(input, 'sa');
    const listbox = await screen.findByRole('listbox', { name: 'Arrêts proposés pour « Départ »' });
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByRole('option')).toHaveLength(2);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    const second = screen.getByRole('option', { name: 'Saint-Sever' });
    expect(second).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', second.id);
    await userEvent.keyboard('{Enter}');
    expect(input).toHaveValue('Saint-Sever');
    expect(screen.getByTestId('chosen')).toHaveTextContent('SSEVE');
    expect(listbox).not.toBeVisible();
  });

  it('chooses with a click, closes on Escape, and shows its errors', async () => {
    restore = fakeApi(routes).restore;
    renderWithProviders(<Harness errors={['transit.plan.pickStop']} />);
    const input = screen.getByRole('combobox', { name: 'Départ' });
    expect(input).toHaveAccessibleDescription('Choisissez un arrêt dans la liste proposée.');
    await userEvent.type(input, 'th');
    await screen.findByRole('listbox');
    await userEvent.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    await userEvent.type(input, 'e');
    await userEvent.click(await screen.findByRole('option', { name: /Théâtre des Arts/ }));
    expect(screen.getByTestId('chosen')).toHaveTextContent('TARTS');
  });
});
