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
