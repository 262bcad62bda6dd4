import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from 'crm-host/internal/sessions/password';

/** Debian's chromium: the browser tests never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/** The admin the browser tests sign in as on the login page. */
export const ADMIN = { userName: 'admin', password: 'admin-pass-123' } as const;

/** Flags most browser tests launch chromium with (headless, no sandbox, nothing in the background). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
] as const;

/**
 * Launches headless chromium with `args`; without {@link CHROMIUM}, skips the suite (`context` is the
 * `before` hook's `this`) and says why, with `hint` (e.g. how to install it).
 */
export async function launchChromiumOrSkip(
  context: Mocha.Context,
  args: readonly string[] = CHROMIUM_ARGS,
  hint = '; apt-get install -y chromium',
): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    console.log(`    (skipped: ${CHROMIUM} is not installed${hint})`);
    context.skip();
  }
  return launchChromium(args);
}

/** Launches headless chromium ({@link CHROMIUM}) with `args`. */
export async function launchChromium(args: readonly string[] = CHROMIUM_ARGS): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...args] });
}

/** The values of the {@link ADMIN} user "Ada Admin" (password hashed fast), for `em.create(User, ...)`. */
export async function adminUserValues(): Promise<Record<string, unknown>> {
  return {
    userName: ADMIN.userName,
    type: 'admin',
    name: 'Ada Admin',
    passwordHash: await hashPassword(ADMIN.password, { N: 1024, r: 8, p: 1 }),
  };
}

/** Signs in as {@link ADMIN} on the login page of `base` and waits for the home page. */
export async function signInAsAdmin(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.fill('#userName', ADMIN.userName);
  await page.fill('#password', ADMIN.password);
  await page.click('form button[type=submit]');
  await page.waitForURL('**/home');
}
