import { expect, test } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resident, signedIn } from './residents';

const here = path.dirname(fileURLToPath(import.meta.url));

test('a resident posts a photo; a follower sees it in their feed, likes and comments; the author sees the counts', async ({ browser, request }) => {
  const suffix = Date.now().toString(36);
  const author = `chloe_${suffix}`;
  const reader = `hugo_${suffix}`;
  const authorEmail = await resident(request, author, 'Chloé Seine');
  const readerEmail = await resident(request, reader, 'Hugo Rive Droite');

  // The reader follows the author.
  const readerPage = await signedIn(browser, readerEmail);
  await readerPage.goto(`/profile/${author}`);
  await readerPage.getByRole('button', { name: 'Suivre', exact: true }).click();
  await expect(readerPage.getByRole('button', { name: 'Ne plus suivre' })).toBeVisible();

  // The author posts with a photo.
  const authorPage = await signedIn(browser, authorEmail);
  await authorPage.getByLabel('Quoi de neuf dans votre quartier ?').fill(`Lever de soleil sur la Seine ${suffix} #rouen`);
  await authorPage.getByLabel('Ajouter des photos').setInputFiles(path.join(here, 'fixtures', 'avatar.png'));
  await expect(authorPage.getByRole('img', { name: 'Aperçu de la photo 1' })).toBeVisible();
  await authorPage.getByRole('button', { name: 'Publier' }).click();
  const own = authorPage.getByRole('article', { name: 'Chloé Seine' }).first();
  await expect(own.getByText(`Lever de soleil sur la Seine ${suffix}`)).toBeVisible();
  await expect(own.getByRole('img', { name: /Photo 1 de Chloé Seine/ })).toBeVisible();

  // The follower finds it in their feed (fan-out runs in the background), likes and comments.
  let found = false;
  for (let i = 0; i < 20 && !found; i += 1) {
    await readerPage.goto('/');
    found = await readerPage
      .getByText(`Lever de soleil sur la Seine ${suffix}`)
      .isVisible()
      .catch(() => false);
    if (!found) await readerPage.waitForTimeout(300);
  }
  const card = readerPage.getByRole('article', { name: 'Chloé Seine' }).first();
  await expect(card.getByText(`Lever de soleil sur la Seine ${suffix}`)).toBeVisible();
  await expect(card.getByRole('img', { name: /Photo 1 de Chloé Seine/ })).toBeVisible();
  await card.getByRole('button', { name: /0 j’aime/ }).click();
  await expect(card.getByRole('button', { name: /1 j’aime/ })).toHaveAttribute('aria-pressed', 'true');
  await card.getByRole('button', { name: /0 commentaire/ }).click();
  await card.getByLabel('Votre commentaire', { exact: true }).fill('Magnifique !');
  await card.getByRole('button', { name: 'Commenter' }).click();
  await expect(card.getByText('Magnifique !')).toBeVisible();

  // The author sees the counts.
  await authorPage.goto(`/profile/${author}`);
  const mine = authorPage.getByRole('article', { name: 'Chloé Seine' }).first();
  await expect(mine.getByRole('button', { name: /1 j’aime/ })).toBeVisible();
  await expect(mine.getByRole('button', { name: /1 commentaire/ })).toBeVisible();
  await mine.getByRole('button', { name: /1 commentaire/ }).click();
  await expect(mine.getByText('Magnifique !')).toBeVisible();

  // The hashtag page lists it.
  await authorPage.getByRole('link', { name: '#rouen' }).first().click();
  await expect(authorPage.getByRole('heading', { name: '#rouen' })).toBeVisible();
  await expect(authorPage.getByText(`Lever de soleil sur la Seine ${suffix}`)).toBeVisible();
});
