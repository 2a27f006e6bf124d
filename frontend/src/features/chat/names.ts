import type { ConversationView } from '../../api/chat';

/** A group's name, or the other members' names for a direct conversation. */
export function conversationTitle(c: ConversationView, me: string | undefined): string {
  if (c.name) return c.name;
  const others = c.members.filter((m) => m.user.id !== me).map((m) => m.user.display_name);
  return others.join(', ') || '…';
}

/** Whether someone other than the author has read up to this message (ULIDs sort by time). */
export function readByOthers(c: ConversationView | undefined, messageId: string, me: string | undefined): boolean {
  return Boolean(c?.members.some((m) => m.user.id !== me && m.last_read !== null && m.last_read >= messageId));
}
