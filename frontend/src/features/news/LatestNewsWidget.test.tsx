import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { articleRef, story } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { LatestNewsWidget } from './LatestNewsWidget';

describe('LatestNewsWidget', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('lists the five latest stories with their sources', async () => {
    const fake = fakeApi({
      'GET /news': { status: 200, data: { items: [story({ breaking: true, articles: [articleRef(), articleRef({ id: 'A2', source_name: 'Paris-Normandie' })] })], next_cursor: null } },
    });
    restore = fake.restore;
    renderWithProviders(<LatestNewsWidget />);
    const widget = screen.getByRole('region', { name: 'Dernières actualités' });
    expect(await within(widget).findByRole('link', { name: /Incendie rue du Gros-Horloge/ })).toHaveAttribute('href', '/news/01JDART00000000000000001');
    expect(within(widget).getByText(/76actu, Paris-Normandie/)).toBeInTheDocument();
    expect(within(widget).getByText(/Dernière minute/)).toBeInTheDocument();
    expect(fake.calls[0]?.params.limit).toBe(5);
  });
});
