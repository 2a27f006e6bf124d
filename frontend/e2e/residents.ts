import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

export const PASSWORD = 'Les quais de Seine au soleil';

interface Mail {
  to: string;
  template: string;
  text: string;
}

/** Registers a resident through the API and confirms the address from the dev mailbox; returns the e-mail. */
export async function resident(request: APIRequestContext, username: string, displayName: string): Promise<string> {
  const email = `${username}@example.fr`;
  expect((await request.post('/api/v1/auth/register', { data: { email, username, password: PASSWORD, accept_terms: true, display_name: displayName } })).status()).toBe(202);
  const mails = (await (await request.get('/dev/mailbox.json')).json()) as Mail[];
  const token = /\?token=(\S+)/.exec(mails.find((m) => m.to === email && m.template === 'verify_email')?.text ?? '')?.[1];
  expect((await request.post('/api/v1/auth/verify-email', { data: { token } })).status()).toBe(200);
  return email;
}

/** A new browser context signed in through the sign-in page. */
export async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.getByLabel("E-mail ou nom d'utilisateur").fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('button', { name: 'Publier' })).toBeVisible();
  return page;
}
