import { create } from 'zustand';
import type { Frame, SocketStatus } from './socket';

interface RealtimeState {
  status: SocketStatus;
  /** Bumped at every (re)connection, so open conversations subscribe again. */
  generation: number;
  send: (frame: Frame) => boolean;
  /** Who is typing where: conversation → user → until when (ms). */
  typing: Record<string, Record<string, number>>;
  /** Posts announced by `posts_available` since the feed was last shown. */
  newPosts: string[];
  /** The last live notification, for the polite announcement. */
  announcement: string | null;
  /** The last error frame that answered a frame of ours (`id` is our correlation id). */
  frameError: { id: string; code: string } | null;
  set: (patch: Partial<RealtimeState>) => void;
  sawTyping: (conversation: string, user: string) => void;
  sawPost: (postId: string) => void;
  clearPosts: () => void;
}

export const useRealtime = create<RealtimeState>()((set) => ({
  status: 'idle',
  generation: 0,
  send: () => false,
  typing: {},
  newPosts: [],
  announcement: null,
  frameError: null,
  set: (patch) => {
    set(patch);
  },
  sawTyping: (conversation, user) => {
    set((s) => ({ typing: { ...s.typing, [conversation]: { ...s.typing[conversation], [user]: Date.now() + 5000 } } }));
  },
  sawPost: (postId) => {
    set((s) => (s.newPosts.includes(postId) ? s : { newPosts: [...s.newPosts, postId] }));
  },
  clearPosts: () => {
    set({ newPosts: [] });
  },
}));
