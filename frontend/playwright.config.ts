import { defineConfig, devices } from '@playwright/test';

// The local binary serves the built app and the API; `make test` starts it and sets E2E_BASE_URL.
export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  // CI shares two cores with the Rust build and the servers: give assertions room, they still have to hold.
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080',
    trace: 'off',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not available here.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
});
