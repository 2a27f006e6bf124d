import { expect, test, type Page } from '@playwright/test';
import { resident, signedIn } from './residents';

// The recorded city sources were captured on 25 November 2026 and the platform's clock starts there
// (ROUEN_CLOCK_START); the browser's clock starts there too, so "this month" is theirs.
const CAPTURED = new Date('2026-11-25T11:30:00Z');

async function atCaptureTime(page: Page): Promise<void> {
  await page.clock.install({ time: CAPTURED });
}

test('a resident browses events, filters a category, RSVPs and finds the event in their calendar', async ({ browser, request }) => {
  const suffix = Date.now().toString(36);
  const email = await resident(request, `agnes_${suffix}`, 'Agnès Saint-Sever');
  const page = await signedIn(browser, email);
  await atCaptureTime(page);

  await page.goto('/events');
  await expect(page.getByRole('heading', { level: 1, name: 'Événements' })).toBeVisible();
  // Events from every kind of source, read from their recorded snapshots by the real pipeline.
  await expect(page.getByRole('article').first()).toBeVisible();

  // Filter: concerts only.
  await page.getByRole('button', { name: 'Concerts', exact: true }).click();
  await expect(page).toHaveURL(/category=concerts/);
  const cards = page.getByRole('article');
  await expect(cards.filter({ hasNotText: 'Concerts' })).toHaveCount(0);
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(1);

  // The concert listed by the venue and by the Métropole's agenda is one event with both sources.
  const orelsan = page.getByRole('article').filter({ hasText: /orelsan/i });
  await expect(orelsan).toHaveCount(1);
  await orelsan.getByRole('link', { name: /orelsan/i }).click();
  await expect(page.getByRole('heading', { level: 1, name: /orelsan/i })).toBeVisible();
  await expect(page.getByText('Kindarena').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Voir sur la carte' })).toHaveAttribute('href', /openstreetmap\.org/);
  await expect(page.getByRole('link', { name: 'Ajouter à mon agenda' })).toHaveAttribute('href', /\.ics$/);

  // RSVP: going, and the count moves.
  const going = page.getByRole('button', { name: "J'y vais" });
  const before = Number((await going.textContent())?.replace(/\D/g, '') || '0');
  await going.click();
  await expect(going).toHaveAttribute('aria-pressed', 'true');
  await expect(going).toHaveAccessibleDescription(new RegExp(`^${before + 1} y (va|vont)$`));

  // The calendar of the resident's own events has it on its day (12 December 2026).
  await page.goto('/events?view=calendar&month=2026-12&mine=true');
  await expect(page.getByRole('heading', { name: /décembre 2026/i })).toBeVisible();
  await expect(page.getByRole('link', { name: /orelsan/i }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /Marché de Noël/i })).toHaveCount(0);

  // Reloaded, the answer is remembered.
  await page.goto('/events');
  await page.getByRole('link', { name: /orelsan/i }).first().click();
  await expect(page.getByRole('button', { name: "J'y vais" })).toHaveAttribute('aria-pressed', 'true');
});

test('a news story told by several sources opens on an article that links the others', async ({ page }) => {
  await atCaptureTime(page);
  await page.goto('/news');
  await expect(page.getByRole('heading', { level: 1, name: 'Actualités' })).toBeVisible();
  await page.getByRole('button', { name: 'Faits divers', exact: true }).click();
  await expect(page).toHaveURL(/category=faits_divers/);
  // The fire of rue du Gros-Horloge, grouped from several outlets.
  const story = page.getByRole('article').filter({ hasText: /Gros-Horloge/ }).filter({ hasText: /sources :/ }).first();
  await expect(story).toBeVisible();
  const sources = story.getByRole('list', { name: 'Sources' }).getByRole('listitem');
  expect(await sources.count()).toBeGreaterThanOrEqual(2);

  await story.getByRole('heading').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/incendie|feu|flammes/i);
  const related = page.getByRole('region', { name: 'Aussi couvert par' });
  await expect(related.getByRole('link').first()).toBeVisible();

  // The breaking story of the morning (pont Flaubert) is announced on every page.
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: /pont Flaubert/i })).toBeVisible();
});
