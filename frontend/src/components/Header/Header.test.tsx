import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../App';
import { LANGUAGE_STORAGE_KEY, useLanguage } from '../../stores/language';
import { renderWithProviders } from '../../test/render';

describe('Header', () => {
  beforeEach(() => {
    useLanguage.setState({ lang: 'fr' });
  });

  it('is French by default and switches to English, remembering the choice', async () => {
    renderWithProviders(<App />);
    expect(screen.getByRole('link', { name: 'Événements' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr');

    await userEvent.click(screen.getByRole('button', { name: 'Passer en anglais' }));

    expect(await screen.findByRole('link', { name: 'Events' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toContain('"en"');

    await userEvent.click(screen.getByRole('button', { name: 'Switch to French' }));
    expect(await screen.findByRole('link', { name: 'Événements' })).toBeInTheDocument();
  });

  it('has a menu button that tells whether the navigation is open', async () => {
    renderWithProviders(<App />);
    const menu = screen.getByRole('button', { name: 'Menu' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(menu);
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    const navId = menu.getAttribute('aria-controls') ?? '';
    expect(document.getElementById(navId)).toHaveAccessibleName('Navigation principale');
  });

  it('offers a skip link to the main content', () => {
    renderWithProviders(<App />);
    expect(screen.getByRole('link', { name: 'Aller au contenu' })).toHaveAttribute('href', '#main');
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
  });
});
