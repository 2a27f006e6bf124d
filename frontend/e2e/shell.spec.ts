import { expect, test } from '@playwright/test';

interface BuildInfo {
  version: string;
  git_sha: string;
}

test('the shell speaks French, shows the live platform status, and switches to English for good', async ({
  page,
  request,
}) => {
  const build = (await (await request.get('/api/v1/build-info')).json()) as BuildInfo;

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue à Rouen Social' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Événements', exact: true })).toBeVisible();

  const status = page.getByRole('complementary');
  await expect(status.getByTestId('platform-status')).toHaveText('État : opérationnelle');
  await expect(status.getByTestId('build-version')).toHaveText(build.version);
  await expect(status.getByTestId('build-sha')).toHaveText(build.git_sha);

  await page.getByRole('button', { name: 'Passer en anglais' }).click();
  await expect(page.getByRole('link', { name: 'Events', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(status.getByTestId('platform-status')).toHaveText('Status: operational');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Rouen Social' })).toBeVisible();

  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
});

test('at 360 px the navigation opens from the menu button', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('link', { name: 'Événements', exact: true })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('link', { name: 'Événements', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Événements' })).toBeVisible();
  // Nothing overflows the narrow screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the page is served with a strict Content Security Policy and runs under it', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('platform-status')).toBeVisible();
  expect(violations).toEqual([]);
});
