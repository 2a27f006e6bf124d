import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { Composer } from './Composer';

describe('Composer', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('counts characters as residents see them and publishes', async () => {
    const fake = fakeApi({ 'POST /posts': { status: 201, data: { id: 'P1' } } });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<Composer />);
    const publish = screen.getByRole('button', { name: 'Publier' });
    expect(publish).toBeDisabled();
    await user.type(screen.getByLabelText('Quoi de neuf dans votre quartier ?'), 'Fête 🎉');
    expect(screen.getByText('6 / 2000')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Qui peut voir cette publication'), 'followers');
    await user.click(publish);
    await screen.findByRole('button', { name: 'Publier' });
    expect(fake.calls[0]?.data).toEqual({ text: 'Fête 🎉', image_ids: [], visibility: 'followers' });
  });

  it('keeps at most four photos, each removable', async () => {
    restore = fakeApi({}).restore;
    const user = userEvent.setup();
    renderWithProviders(<Composer />);
    const files = Array.from({ length: 5 }, (_, i) => new File(['x'], `p${String(i)}.png`, { type: 'image/png' }));
    await user.upload(screen.getByLabelText('Ajouter des photos'), files);
    expect(screen.getAllByRole('img')).toHaveLength(4);
    await user.click(screen.getByRole('button', { name: 'Retirer la photo 2' }));
    expect(screen.getAllByRole('img')).toHaveLength(3);
  });
});
