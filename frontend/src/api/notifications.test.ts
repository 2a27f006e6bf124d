import { describe, expect, it } from 'vitest';
import { notificationTarget, type NotificationView } from './notifications';

function n(overrides: Partial<NotificationView>): NotificationView {
  return { ids: ['1'], kind: 'like', actors: [], actor_count: 0, post_id: null, created_at: '2026-12-04T08:00:00Z', read: false, ...overrides };
}

describe('notificationTarget', () => {
  it('sends event reminders and breaking news to their pages, or to the section', () => {
    expect(notificationTarget(n({ kind: 'event_reminder', subject: { kind: 'event', id: 'E1', title: 'Orelsan' } }))).toBe('/events/E1');
    expect(notificationTarget(n({ kind: 'event_reminder' }))).toBe('/events');
    expect(notificationTarget(n({ kind: 'breaking_news', subject: { kind: 'article', id: 'A1', title: 'Pont Flaubert fermé' } }))).toBe('/news/A1');
    expect(notificationTarget(n({ kind: 'breaking_news' }))).toBe('/news');
    expect(notificationTarget(n({ kind: 'weather_warning', subject: { kind: 'weather_alert', id: 'W1', title: 'Vent violent' } }))).toBe('/weather');
    expect(notificationTarget(n({ kind: 'transport_disruption', subject: { kind: 'transit_alert', id: 'A1', title: 'T4 dévié' } }))).toBe('/transport');
  });

  it('keeps the other kinds where they went', () => {
    expect(notificationTarget(n({ kind: 'message', conversation_id: 'C1' }))).toBe('/messages/C1');
    expect(notificationTarget(n({ kind: 'like', post_id: 'P1' }))).toBe('/posts/P1');
    expect(notificationTarget(n({ kind: 'follow', actors: [{ id: 'U', username: 'paul_rg', display_name: 'Paul', avatar: null, neighbourhood: null }], actor_count: 1 }))).toBe('/profile/paul_rg');
    expect(notificationTarget(n({ kind: 'follow' }))).toBeNull();
  });
});
