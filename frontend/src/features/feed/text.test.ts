import { describe, expect, it } from 'vitest';
import { tokenize, visibleLength } from './text';

describe('post text', () => {
  it('counts characters as residents see them', () => {
    expect(visibleLength('Rouen')).toBe(5);
    expect(visibleLength('e\u0301te\u0301')).toBe(3);
    expect(visibleLength('👨‍👩‍👧‍👦🇫🇷')).toBe(2);
  });

  it('finds hashtags, mentions and http links, and nothing dangerous', () => {
    const tokens = tokenize('Voir https://rouen.fr/agenda. #Fête avec @marie_76, mail@example.fr javascript:alert(1)');
    expect(tokens).toEqual([
      { kind: 'text', value: 'Voir ' },
      { kind: 'link', value: 'https://rouen.fr/agenda', href: 'https://rouen.fr/agenda' },
      { kind: 'text', value: '. ' },
      { kind: 'hashtag', value: '#Fête', tag: 'Fête' },
      { kind: 'text', value: ' avec ' },
      { kind: 'mention', value: '@marie_76', username: 'marie_76' },
      { kind: 'text', value: ', mail@example.fr javascript:alert(1)' },
    ]);
  });
});
