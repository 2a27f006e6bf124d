import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PASSWORD = 'Les quais de Seine au soleil';
const here = path.dirname(fileURLToPath(import.meta.url));

interface Mail {
  to: string;
  template: string;
  text: string;
}

/** A second resident, made through the API the way the web app would (register, mailed link, verify). */
async function residentViaApi(request: APIRequestContext, username: string): Promise<void> {
  const email = `${username}@example.fr`;
  const registered = await request.post('/api/v1/auth/register', {
    data: { email, username, password: PASSWORD, accept_terms: true, display_name: 'Paul Rive Gauche' },
  });
  expect(registered.status()).toBe(202);
  const mails = (await (await request.get('/dev/mailbox.json')).json()) as Mail[];
  const mail = mails.find((m) => m.to === email && m.template === 'verify_email');
  const token = /\?token=(\S+)/.exec(mail?.text ?? '')?.[1];
  expect(token).toBeTruthy();
  const verified = await request.post('/api/v1/auth/verify-email', { data: { token } });
  expect(verified.status()).toBe(200);
}

async function signIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByLabel("E-mail ou nom d'utilisateur").fill(login);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

test('a resident registers, verifies by e-mail, edits their profile with an avatar, follows a neighbour, signs out and back in', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const username = `marie_${suffix}`;
  const email = `${username}@example.fr`;
  const neighbour = `paul_${suffix}`;

  // Register.
  await page.goto('/register');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel("Nom d'utilisateur").fill(username);
  await page.getByLabel('Nom affiché').fill('Marie Dupont');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByLabel(/J'accepte les/).check();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte mail' })).toBeVisible();

  // Signing in before verifying is refused, with a way to get a new link.
  await signIn(page, email);
  await expect(page.getByRole('button', { name: 'Renvoyer le lien de confirmation' })).toBeVisible();

  // Open the verification mail in the dev mailbox and follow its link.
  await page.goto('/dev/mailbox');
  const mail = page.locator('article', { hasText: email }).filter({ hasText: 'verify_email' }).first();
  await mail.getByRole('link', { name: /verify-email\?token=/ }).click();
  await expect(page.getByText('Votre adresse est confirmée : vous pouvez vous connecter.')).toBeVisible();

  // Sign in; the header shows the resident.
  await signIn(page, username);
  const menu = page.getByText('Marie Dupont', { exact: true }).first();
  await expect(menu).toBeVisible();

  // The session survives a reload (refresh cookie → new access token).
  await page.goto('/settings/profile');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Modifier mon profil' })).toBeVisible();

  // Edit the profile with an avatar.
  await page.getByLabel('Choisir une photo').setInputFiles(path.join(here, 'fixtures', 'avatar.png'));
  await expect(page.getByText('Image enregistrée.')).toBeVisible();
  const preview = page.getByRole('img', { name: 'Aperçu de la photo de profil' });
  await expect(preview).toBeVisible();
  await page.getByLabel('Présentation').fill('Fan du 106 et des bords de Seine.');
  await page.getByLabel('Quartier').selectOption({ label: 'Saint-Sever' });
  await page.getByLabel('Centres d’intérêt').fill('concerts, vélo');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Enregistré.')).toBeVisible();

  // Follow another resident.
  await residentViaApi(request, neighbour);
  await page.goto('/search/users');
  await page.getByRole('searchbox').fill('Paul Rive');
  await page.getByRole('link', { name: new RegExp(`@${neighbour}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paul Rive Gauche' })).toBeVisible();
  await page.getByRole('button', { name: 'Suivre', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Ne plus suivre' })).toBeVisible();
  await page.getByRole('button', { name: 'Abonnés' }).click();
  await expect(page.getByRole('list', { name: 'Abonnés' }).getByText(`@${username}`)).toBeVisible();

  // Sign out with the keyboard only (the account menu opens with Enter, closes with Escape), then back
  // in: the profile kept everything.
  const accountMenu = page.getByLabel('Menu du compte de Marie Dupont');
  await accountMenu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: 'Mon profil' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('link', { name: 'Mon profil' })).toBeHidden();
  await expect(accountMenu).toBeFocused();
  await page.keyboard.press('Enter');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings/);

  await page.getByLabel("E-mail ou nom d'utilisateur").fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Paramètres' })).toBeVisible();
  await page.goto(`/profile/${username}`);
  await expect(page.getByText('Fan du 106 et des bords de Seine.')).toBeVisible();
  await expect(page.getByText('Quartier : Saint-Sever')).toBeVisible();
  const avatar = page.locator('header img').first();
  await expect(avatar).toHaveAttribute('src', /\/blobs\//);
});

test('repeated failed sign-ins lock the login and say when to try again', async ({ page }) => {
  await page.goto('/login');
  const login = `nobody_${Date.now().toString(36)}`;
  await page.getByLabel("E-mail ou nom d'utilisateur").fill(login);
  await page.getByLabel('Mot de passe').fill('not the password at all');
  for (let i = 0; i < 5; i += 1) {
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('alert')).toHaveText('E-mail, nom d’utilisateur ou mot de passe incorrect.');
  }
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Trop de tentatives\. Réessayez à \d{2}:\d{2} \(dans 1 minute\)\.$/);
});

test('the account pages fit a 360 px phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/register', '/login', '/forgot-password', '/privacy', '/terms', '/search/users']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test('the privacy policy and terms exist in both languages', async ({ page }) => {
  await page.goto('/privacy');
  await expect(page.getByRole('heading', { level: 1, name: 'Politique de confidentialité' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Vos droits' })).toBeVisible();
  await page.getByRole('button', { name: 'Passer en anglais' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy policy' })).toBeVisible();
  await page.goto('/terms');
  await expect(page.getByRole('heading', { name: 'Respect for others' })).toBeVisible();
});
