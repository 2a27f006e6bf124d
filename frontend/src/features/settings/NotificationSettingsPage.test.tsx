import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Preferences } from '../../api/notificationPrefs';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { NotificationSettingsPage } from './NotificationSettingsPage';

const on = { in_app: true, email: true, push: true };
const appOnly = { in_app: true, email: false, push: false };
const defaults: Preferences = {
  follow: appOnly,
  follow_request: on,
  like: appOnly,
  comment: on,
  mention: on,
  share: appOnly,
  message: on,
  event_reminder: appOnly,
  breaking_news: { in_app: false, email: false, push: false },
  weather_warning: { in_app: false, email: false, push: false },
  transport_disruption: { in_app: false, email: false, push: false },
  quiet_hours: null,
};

describe('NotificationSettingsPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('loads the preferences, changes a channel and quiet hours, and saves the whole document', async () => {
    const fake = fakeApi({
      'GET /notifications/preferences': { status: 200, data: defaults },
      'PUT /notifications/preferences': (call) => ({ status: 200, data: call.data }),
    });
    restore = fake.restore;
    renderWithProviders(<NotificationSettingsPage />);
    const likeInApp = await screen.findByRole('checkbox', { name: 'J’aime : Dans l’application' });
    expect(likeInApp).toBeChecked();
    await userEvent.click(likeInApp);
    await userEvent.click(screen.getByLabelText('Activer les heures calmes'));
    await userEvent.clear(screen.getByLabelText('De (HH:MM)'));
    await userEvent.type(screen.getByLabelText('De (HH:MM)'), '23:30');
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Préférences enregistrées.')).toBeInTheDocument();
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put?.data).toEqual({ ...defaults, like: { in_app: false, email: false, push: false }, quiet_hours: { start: '23:30', end: '07:00' } });
  });

  it('refuses a time that is not HH:MM before asking the server, and shows the server’s refusal', async () => {
    const fake = fakeApi({
      'GET /notifications/preferences': { status: 200, data: { ...defaults, quiet_hours: { start: '22:00', end: '07:00' } } },
      'PUT /notifications/preferences': problem(422, 'validation_failed', {
        errors: [{ field: 'body.quiet_hours.end', code: 'empty_window', message: 'x' }],
      }),
    });
    restore = fake.restore;
    renderWithProviders(<NotificationSettingsPage />);
    const start = await screen.findByLabelText('De (HH:MM)');
    await userEvent.clear(start);
    await userEvent.type(start, '25h');
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('HH:MM');
    expect(fake.calls.some((c) => c.method === 'PUT')).toBe(false);
    await userEvent.clear(start);
    await userEvent.type(start, '07:00');
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => {
      expect(fake.calls.some((c) => c.method === 'PUT')).toBe(true);
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('différentes');
  });

  it('offers event reminders and breaking news, breaking news off when the server has no answer for it yet', async () => {
    const older: Record<string, unknown> = { ...defaults };
    delete older.event_reminder;
    delete older.breaking_news;
    const fake = fakeApi({
      'GET /notifications/preferences': { status: 200, data: older },
      'PUT /notifications/preferences': (call) => ({ status: 200, data: call.data }),
    });
    restore = fake.restore;
    renderWithProviders(<NotificationSettingsPage />);
    expect(await screen.findByRole('rowheader', { name: 'Rappels d’événements' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Rappels d’événements : Dans l’application' })).toBeChecked();
    const breakingPush = screen.getByRole('checkbox', { name: 'Dernière minute : Navigateur' });
    expect(breakingPush).not.toBeChecked();
    await userEvent.click(breakingPush);
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => {
      expect(fake.calls.some((c) => c.method === 'PUT')).toBe(true);
    });
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put?.data).toMatchObject({ event_reminder: appOnly, breaking_news: { in_app: false, email: false, push: true } });
  });

  it('says when the browser cannot show notifications', async () => {
    const fake = fakeApi({ 'GET /notifications/preferences': { status: 200, data: defaults } });
    restore = fake.restore;
    renderWithProviders(<NotificationSettingsPage />);
    expect(await screen.findByText('Ce navigateur ne prend pas en charge les notifications.')).toBeInTheDocument();
  });
});
