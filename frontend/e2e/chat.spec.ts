import { expect, test } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resident, signedIn } from './residents';

const here = path.dirname(fileURLToPath(import.meta.url));

test('two residents chat live: typing shows, the message arrives, the read tick appears; a notification arrives live', async ({ browser, request }) => {
  const suffix = Date.now().toString(36);
  const alice = `alice_${suffix}`;
  const bruno = `bruno_${suffix}`;
  const aliceEmail = await resident(request, alice, 'Alice Saint-Sever');
  const brunoEmail = await resident(request, bruno, 'Bruno Beauvoisine');

  // Alice opens a conversation with Bruno.
  const a = await signedIn(browser, aliceEmail);
  await a.goto('/messages');
  await a.getByLabel('Écrire à (nom d’utilisateur)').fill(bruno);
  await a.getByRole('button', { name: 'Ouvrir la conversation' }).click();
  await expect(a.getByRole('heading', { name: 'Bruno Beauvoisine' })).toBeVisible();
  const conversationUrl = a.url();

  // Bruno opens it too (the link from his list).
  const b = await signedIn(browser, brunoEmail);
  await b.goto('/messages');
  await b.getByRole('link', { name: /Alice Saint-Sever/ }).click();
  await expect(b.getByRole('heading', { name: 'Alice Saint-Sever' })).toBeVisible();
  expect(b.url()).toBe(conversationUrl);

  // Alice types: Bruno sees it.
  await a.getByLabel('Votre message').pressSequentially('On se retrouve', { delay: 20 });
  await expect(b.getByText('Alice Saint-Sever écrit…')).toBeVisible();

  // Alice sends with Enter: Bruno sees the message without reloading.
  await a.getByLabel('Votre message').pressSequentially(' au Gros-Horloge ?');
  await a.getByLabel('Votre message').press('Enter');
  await expect(b.getByText('On se retrouve au Gros-Horloge ?')).toBeVisible();
  // Bruno has it open, so it is read: Alice's message gets the read tick.
  await expect(a.getByTestId('read-tick')).toBeVisible();

  // Bruno answers; Alice sees it live.
  await b.getByLabel('Votre message').fill('Oui, à 18 h !');
  await b.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(a.getByText('Oui, à 18 h !')).toBeVisible();

  // A photo: Bruno sends one, Alice sees it.
  await b.getByLabel('Envoyer une photo').setInputFiles(path.join(here, 'fixtures', 'avatar.png'));
  await expect(a.getByRole('img', { name: 'Photo' })).toBeVisible();

  // A live notification: Bruno on the home page, Alice follows him; his bell counts it without reload.
  await b.goto('/');
  const bell = b.getByRole('link', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName(/Notifications \(0 non lue|^Notifications$/);
  await a.goto(`/profile/${bruno}`);
  await a.getByRole('button', { name: 'Suivre', exact: true }).click();
  await expect(bell).toHaveAccessibleName('Notifications (1 non lue)');
});

test('notification preferences: a channel and quiet hours are saved, a bad time is refused', async ({ browser, request }) => {
  const suffix = Date.now().toString(36);
  const email = await resident(request, `prefs_${suffix}`, 'Paule Réglages');
  const page = await signedIn(browser, email);
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Notifications', exact: true }).click();
  const likes = page.getByRole('checkbox', { name: 'J’aime : Dans l’application' });
  await expect(likes).toBeChecked();
  await likes.uncheck();
  await page.getByLabel('Activer les heures calmes').check();
  await page.getByLabel('De (HH:MM)').fill('25:00');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('alert')).toContainText('HH:MM');
  await page.getByLabel('De (HH:MM)').fill('22:30');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Préférences enregistrées.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'J’aime : Dans l’application' })).not.toBeChecked();
  await expect(page.getByLabel('De (HH:MM)')).toHaveValue('22:30');
});
