import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { articleRef, story } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { StoryCard } from './StoryCard';

describe('StoryCard', () => {
  it('links the lead article, says how long ago, and shows the category', () => {
    renderWithProviders(<StoryCard story={story()} />);
    const card = screen.getByRole('article', { name: /Incendie rue du Gros-Horloge/ });
    expect(within(card).getByRole('heading', { level: 2 }).querySelector('a')).toHaveAttribute('href', '/news/01JDART00000000000000001');
    expect(within(card).getByText('il y a 30 minutes')).toBeInTheDocument();
    expect(within(card).getByText('Faits divers')).toBeInTheDocument();
    expect(within(card).getByText('1 source :')).toBeInTheDocument();
    expect(within(card).queryByText('Dernière minute')).toBeNull();
  });

  it('lists every source of a story, each to its own article, and marks breaking news', () => {
    const second = articleRef({ id: 'A2', source_id: 'paris-normandie', source_name: 'Paris-Normandie', title: 'Feu dans le centre de Rouen' });
    renderWithProviders(<StoryCard story={story({ breaking: true, articles: [articleRef(), second] })} />);
    expect(screen.getByText('Dernière minute')).toBeInTheDocument();
    expect(screen.getByText('2 sources :')).toBeInTheDocument();
    const sources = screen.getByRole('list', { name: 'Sources' });
    expect(within(sources).getByRole('link', { name: '76actu' })).toHaveAttribute('href', '/news/01JDART00000000000000001');
    expect(within(sources).getByRole('link', { name: 'Paris-Normandie' })).toHaveAttribute('href', '/news/A2');
  });
});
