import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { EventCategoryChips, EventFilters } from './EventFilters';
import { readEventSearch } from './eventSearch';

describe('EventFilters', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('names the category chips in French with the server’s counts, and knows them before it answers', async () => {
    restore = fakeApi({ 'GET /events/categories': { status: 200, data: { items: [{ code: 'theatre', upcoming: 2 }] } } }).restore;
    const onChange = vi.fn();
    renderWithProviders(<EventCategoryChips value={undefined} onChange={onChange} />);
    expect(screen.getByRole('button', { name: 'Conférences' })).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Conférences' })).toBeNull();
    });
    const theatre = screen.getByRole('button', { name: 'Théâtre' });
    expect(theatre).toHaveTextContent('2');
    await userEvent.click(theatre);
    expect(onChange).toHaveBeenCalledWith('theatre');
  });

  it('shows the date pickers for custom dates only and reports each change', async () => {
    restore = fakeApi({ 'GET /neighbourhoods': { status: 200, data: { items: [] } } }).restore;
    const update = vi.fn();
    const { unmount } = renderWithProviders(<EventFilters search={readEventSearch(new URLSearchParams())} update={update} />);
    expect(screen.queryByLabelText('Du')).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Quand'), 'Ce week-end');
    expect(update).toHaveBeenLastCalledWith({ when: 'weekend', from: null, to: null });
    unmount();
    renderWithProviders(<EventFilters search={readEventSearch(new URLSearchParams('when=custom&from=2026-12-01'))} update={update} />);
    expect(screen.getByLabelText('Du')).toHaveValue('2026-12-01');
    expect(screen.getByLabelText('Au')).toHaveAttribute('min', '2026-12-01');
  });
});
