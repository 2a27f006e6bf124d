import { describe, expect, it } from 'vitest';
import type { MessageView } from '../api/chat';
import { mergeMessage } from './RealtimeConnection';

const m = (id: string, text: string): MessageView => ({
  id,
  conversation_id: 'C',
  author_id: 'A',
  text,
  image: null,
  created_at: '2026-11-25T10:00:00Z',
  edited_at: null,
  deleted: false,
  client_id: null,
});

describe('mergeMessage', () => {
  it('puts a new message first and replaces a known one (a push and a resync may both bring it)', () => {
    const data = { pages: [{ items: [m('02', 'b'), m('01', 'a')], next_cursor: null, more: false }], pageParams: [undefined] };
    const added = mergeMessage(data, m('03', 'c'));
    expect(added?.pages[0]?.items.map((x) => x.id)).toEqual(['03', '02', '01']);
    const again = mergeMessage(added, m('03', 'c edited'));
    expect(again?.pages[0]?.items.map((x) => x.text)).toEqual(['c edited', 'b', 'a']);
    expect(mergeMessage(undefined, m('04', 'd'))).toBeUndefined();
  });
});
