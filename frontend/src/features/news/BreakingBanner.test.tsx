import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { story } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { BreakingBanner, DISMISSED_KEY } from './BreakingBanner';

const fire = story({ breaking: true });
const older = story({ id: 'S0', title: 'Alerte orange aux orages', lead_article_id: 'A0', breaking: true });

describe('BreakingBanner', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows the newest breaking story in a polite live region, and remembers a dismissal', async () => {
    restore = fakeApi({ 'GET /news/breaking': { status: 200, data: { items: [fire, older] } } }).restore;
    const { unmount } = renderWithProviders(<BreakingBanner />);
    const region = screen.getByRole('status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    const link = await within(region).findByRole('link', { name: fire.title });
    expect(link).toHaveAttribute('href', '/news/01JDART00000000000000001');
    expect(within(region).getByText('Dernière minute')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Masquer cette alerte' }));
    expect(await within(region).findByRole('link', { name: 'Alerte orange aux orages' })).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '[]')).toEqual([fire.id]);
    unmount();
    renderWithProviders(<BreakingBanner />);
    expect(await screen.findByRole('link', { name: 'Alerte orange aux orages' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: fire.title })).toBeNull();
  });

  it('stays empty without breaking news, or when the server fails', async () => {
    const fake = fakeApi({ 'GET /news/breaking': { status: 404 } });
    restore = fake.restore;
    renderWithProviders(<BreakingBanner />);
    await screen.findByRole('status');
    expect(fake.calls).toHaveLength(1);
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });
});
