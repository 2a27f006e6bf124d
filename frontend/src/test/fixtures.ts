import type { EventView } from '../api/events';
import type { ArticleRef, ArticleView, StoryView } from '../api/news';
import type { Me } from '../api/types';

export function me(overrides: Partial<Me> = {}): Me {
  return {
    id: '01JD0000000000000000000001',
    username: 'marie_76',
    display_name: 'Marie Dupont',
    bio: 'Fan du 106',
    neighbourhood: 'saint-sever',
    interests: ['concerts', 'vélo'],
    language: 'fr',
    avatar: null,
    cover: null,
    private_account: false,
    counts: { followers: 12, following: 3, posts: 0 },
    created_at: '2026-11-01T10:00:00Z',
    relationship: null,
    email: 'marie@example.fr',
    email_verified: true,
    role: 'resident',
    settings: { private_account: false, who_can_message: 'everyone', show_presence: true, language: 'fr' },
    ...overrides,
  };
}

export function event(overrides: Partial<EventView> = {}): EventView {
  return {
    id: '01JDEVENT0000000000000001',
    title: 'Orelsan en concert',
    description: 'Le rappeur caennais revient au 106.\n\nPremière partie à 19 h.',
    starts_at: '2026-12-05T19:00:00Z',
    ends_at: '2026-12-05T22:00:00Z',
    all_day: false,
    occurrences: [{ starts_at: '2026-12-05T19:00:00Z', ends_at: '2026-12-05T22:00:00Z', all_day: false }],
    venue: { name: 'Le 106', address: 'Quai Jean de Béthencourt', postal_code: '76100', city: 'Rouen', lat: 49.4339, lon: 1.0766 },
    neighbourhood: 'saint-sever',
    price: { kind: 'paid', min_cents: 1500, max_cents: 3000 },
    category: 'concerts',
    image: null,
    status: 'scheduled',
    sources: [{ source_id: 'le-106', name: 'Le 106', url: 'https://www.le106.com/agenda/orelsan' }],
    going_count: 3,
    interested_count: 7,
    my_rsvp: null,
    favourite: false,
    map_url: 'https://www.openstreetmap.org/?mlat=49.4339&mlon=1.0766#map=17/49.4339/1.0766',
    ics_url: '/api/v1/events/01JDEVENT0000000000000001.ics',
    ...overrides,
  };
}

export function articleRef(overrides: Partial<ArticleRef> = {}): ArticleRef {
  return {
    id: '01JDART00000000000000001',
    title: 'Incendie rue du Gros-Horloge : les pompiers sur place',
    source_id: '76actu',
    source_name: '76actu',
    url: 'https://actu.fr/normandie/rouen/incendie',
    published_at: new Date(Date.now() - 30 * 60_000).toISOString(),
    ...overrides,
  };
}

export function story(overrides: Partial<StoryView> = {}): StoryView {
  const lead = articleRef();
  return {
    id: '01JDSTORY0000000000000001',
    title: lead.title,
    summary: 'Un feu s’est déclaré dans un immeuble du centre historique.',
    image: null,
    category: 'faits_divers',
    published_at: lead.published_at,
    breaking: false,
    local: true,
    places: ['Gros-Horloge'],
    lead_article_id: lead.id,
    articles: [lead],
    ...overrides,
  };
}

export function article(overrides: Partial<ArticleView> = {}): ArticleView {
  const lead = articleRef();
  return {
    id: lead.id,
    story_id: '01JDSTORY0000000000000001',
    title: lead.title,
    summary: 'Un feu s’est déclaré dans un immeuble du centre historique.',
    content: null,
    url: lead.url,
    image: null,
    author: 'Jeanne Martin',
    published_at: lead.published_at,
    source: { id: '76actu', name: '76actu', homepage: 'https://actu.fr/76actu' },
    category: 'faits_divers',
    breaking: false,
    local: true,
    places: ['Gros-Horloge'],
    related: [],
    ...overrides,
  };
}
