import { expect, test, type Page } from '@playwright/test';
import { resident, signedIn } from './residents';

// Weather, the network's timetable and real time, and the traffic sources are read from their
// recorded snapshots by the real pipeline; the platform's clock starts on the day they describe
// (ROUEN_CLOCK_START), and so does the browser's.
const CAPTURED = new Date('2026-11-25T11:30:00Z');

async function atCaptureTime(page: Page): Promise<void> {
  await page.clock.install({ time: CAPTURED });
}

test('the home page shows the weather with its warning, and the traffic', async ({ page }) => {
  await atCaptureTime(page);
  await page.goto('/');
  const weather = page.getByRole('region', { name: 'Météo' });
  await expect(weather).toBeVisible();
  await expect(weather.getByText(/°C/).first()).toBeVisible();
  // The recorded Météo-France map has Seine-Maritime in orange for wind.
  await expect(weather.getByText(/Vigilance orange/)).toBeVisible();
  const traffic = page.getByRole('region', { name: 'Trafic' });
  await expect(traffic).toBeVisible();
  await expect(traffic.getByText(/Trafic : (Fluide|Chargé|Saturé)/)).toBeVisible();
  await expect(traffic.getByText(/chantiers?/)).toBeVisible();

  await weather.getByRole('link', { name: 'Prévisions détaillées' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Météo à Rouen' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Prévisions sur 7 jours' })).toBeVisible();
  await expect(page.getByText('Vent violent').first()).toBeVisible();
});

test('a resident plans a journey between two stops and sees its legs and times', async ({ page }) => {
  await atCaptureTime(page);
  await page.goto('/transport/plan');
  await expect(page.getByRole('heading', { name: 'Calculer un itinéraire' })).toBeVisible();

  const from = page.getByRole('combobox', { name: 'Départ' });
  await from.fill('Boulingrin');
  await page.getByRole('option', { name: /Boulingrin/ }).first().click();
  const to = page.getByRole('combobox', { name: 'Arrivée' });
  await to.fill('Technopôle');
  await page.getByRole('option', { name: /Technopôle/ }).first().click();
  await page.getByRole('button', { name: 'Rechercher un itinéraire' }).click();

  await expect(page).toHaveURL(/from=BOULI/);
  const results = page.getByRole('list', { name: 'Itinéraires' });
  const first = results.getByRole('article').first();
  await expect(first).toBeVisible();
  // "Itinéraire 1 : 12:30 → 12:55", then its legs: the metro towards Technopôle.
  await expect(first.getByRole('heading')).toHaveText(/Itinéraire 1 : \d{1,2}[:h]\d{2} → \d{1,2}[:h]\d{2}/);
  await expect(first.getByText(/direction Technopôle/)).toBeVisible();
  await expect(first.getByText(/Durée/)).toBeVisible();
  await expect(first.getByRole('list', { name: 'Étapes' }).getByText(/\d{2} arrêts/)).toBeVisible();
  // The first journey is on the map, its legs drawn. Tiles are out of reach here, so the map may already
  // have given way to its message (the timeline says the same, and the "show on the map" buttons go),
  // but Leaflet's drawing stays in the page.
  const journeyMap = page.getByTestId('journey-map');
  await expect(journeyMap).toBeAttached();
  await expect(journeyMap.locator('.leaflet-overlay-pane path[data-line-id]').first()).toBeAttached();

  // The stop's board lists the next departures (real time when the recorded feed covers them) and
  // the disruption of a line that serves it.
  await page.goto('/transport/stops/TARTS');
  await expect(page.getByRole('heading', { name: 'Départs de Théâtre des Arts' })).toBeVisible();
  await expect(page.getByText(/^(Temps réel|Horaire théorique)$/).first()).toBeVisible();
  await expect(page.getByText(/dans \d+ min|à l’approche/).first()).toBeVisible();
  await expect(page.getByText(/T4 : travaux/).first()).toBeVisible();
});

test('a resident reports an incident and sees it listed, then another confirms it', async ({ browser, request }) => {
  const suffix = Date.now().toString(36);
  const email = await resident(request, `odile_${suffix}`, 'Odile Beauvoisine');
  const page = await signedIn(browser, email);
  await atCaptureTime(page);
  await page.goto('/traffic');
  await expect(page.getByRole('heading', { level: 1, name: 'Trafic routier' })).toBeVisible();
  // No internet in tests: the map falls back to the list with a message.
  await expect(page.getByText(/La carte ne peut pas être affichée/).first()).toBeVisible({ timeout: 20_000 });

  await page.getByRole('button', { name: 'Signaler un incident' }).click();
  await page.getByLabel("Type d’incident").selectOption('hazard');
  const description = `Branche tombée sur la chaussée ${suffix}`;
  await page.getByLabel('Description (facultatif)').fill(description);
  await page.getByLabel('Lieu connu').selectOption({ label: 'Théâtre des Arts' });
  await page.getByLabel('Rue (facultatif)').fill('Rue Jeanne-d’Arc');
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(page.getByText('Merci ! Votre signalement est publié.')).toBeVisible();

  const mine = page.getByRole('article').filter({ hasText: description });
  await expect(mine).toBeVisible();
  await expect(mine.getByText('Signalé par Odile Beauvoisine')).toBeVisible();

  // A neighbour confirms it.
  const otherEmail = await resident(request, `yanis_${suffix}`, 'Yanis Croix-de-Pierre');
  const other = await signedIn(browser, otherEmail);
  await atCaptureTime(other);
  await other.goto('/traffic?source=resident');
  const seen = other.getByRole('article').filter({ hasText: description });
  await seen.getByRole('button', { name: /Confirmer/ }).click();
  await expect(seen.getByText('1 confirmation')).toBeVisible();
});
