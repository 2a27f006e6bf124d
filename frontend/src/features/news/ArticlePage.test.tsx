import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { article, articleRef } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { ArticlePage } from './ArticlePage';

const ID = '01JDART00000000000000001';

function page() {
  return (
    <Routes>
      <Route path="/news/:id" element={<ArticlePage />} />
    </Routes>
  );
}

describe('ArticlePage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('without the text, shows the summary and a link to read it at the source; lists the other sources', async () => {
    restore = fakeApi({
      [`GET /news/${ID}`]: {
        status: 200,
        data: article({
          published_at: '2026-12-05T17:45:00Z',
          related: [articleRef({ id: 'A2', source_id: 'paris-normandie', source_name: 'Paris-Normandie', title: 'Feu dans le centre de Rouen' })],
        }),
      },
    }).restore;
    renderWithProviders(page(), `/news/${ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: /Incendie rue du Gros-Horloge/ })).toBeInTheDocument();
    expect(screen.getByText(/par Jeanne Martin/)).toBeInTheDocument();
    expect(screen.getByText('5 décembre 2026 à 18:45')).toBeInTheDocument();
    expect(screen.getByText('Un feu s’est déclaré dans un immeuble du centre historique.')).toBeInTheDocument();
    const readOn = screen.getByRole('link', { name: "Lire l'article sur 76actu" });
    expect(readOn).toHaveAttribute('href', 'https://actu.fr/normandie/rouen/incendie');
    expect(readOn).toHaveAttribute('target', '_blank');
    expect(readOn).toHaveAttribute('rel', 'noopener noreferrer');
    const related = screen.getByRole('region', { name: 'Aussi couvert par' });
    expect(within(related).getByText('Paris-Normandie')).toBeInTheDocument();
    expect(within(related).getByRole('link', { name: 'Feu dans le centre de Rouen' })).toHaveAttribute('href', '/news/A2');
  });

  it('with the text, shows its paragraphs and no "also covered" when alone', async () => {
    restore = fakeApi({ [`GET /news/${ID}`]: { status: 200, data: article({ content: 'Premier paragraphe.\n\nSecond paragraphe.' }) } }).restore;
    renderWithProviders(page(), `/news/${ID}`);
    expect(await screen.findByText('Premier paragraphe.')).toBeInTheDocument();
    expect(screen.getByText('Second paragraphe.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: "Lire l'article sur 76actu" })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Aussi couvert par' })).toBeNull();
  });

  it('says when the article does not exist', async () => {
    restore = fakeApi({ [`GET /news/${ID}`]: problem(404, 'not_found') }).restore;
    renderWithProviders(page(), `/news/${ID}`);
    expect(await screen.findByRole('alert')).toHaveTextContent('Cet article est introuvable.');
  });
});
