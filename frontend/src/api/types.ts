/** Shapes of the accounts API (docs/api/accounts.md; the OpenAPI document is the reference). */

export type Language = 'fr' | 'en';
export type WhoCanMessage = 'everyone' | 'followers' | 'nobody';

export interface ImageUrls {
  small: string;
  medium: string;
  large: string;
}

export interface Relationship {
  following: boolean;
  followed_by: boolean;
  requested: boolean;
  blocking: boolean;
  muting: boolean;
}

export interface Profile {
  id: string;
  username: string;
  display_name: string;
  bio: string;
  neighbourhood: string | null;
  interests: string[];
  language: Language;
  avatar: ImageUrls | null;
  cover: ImageUrls | null;
  private_account: boolean;
  counts: { followers: number; following: number; posts: number };
  created_at: string;
  relationship: Relationship | null;
}

export interface Me extends Profile {
  email: string;
  email_verified: boolean;
  role: 'resident' | 'moderator' | 'admin';
  settings: {
    private_account: boolean;
    who_can_message: WhoCanMessage;
    show_presence: boolean;
    language: Language;
  };
}

export interface ProfileSummary {
  id: string;
  username: string;
  display_name: string;
  avatar: ImageUrls | null;
  neighbourhood: string | null;
}

export interface SummaryPage {
  items: ProfileSummary[];
  next_cursor?: string | null;
}

export interface Session {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: Me;
}

export interface Neighbourhood {
  id: string;
  name: string;
  sector?: string;
}
