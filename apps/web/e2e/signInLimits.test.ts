import { createUser } from '@chatbot/core/accounts';
import { describe, expect, it } from 'vitest';
import { signInOverHttp } from './authHttp';
import { newPage, shown } from './browser';
import { webSuite } from './suite';

const email = 'limited@example.com';
const password = 'a long enough password';
/** A small budget, so reaching it takes a few attempts. */
const AUTH_PER_MINUTE = 3;

const suite = webSuite({
  env: () => ({ RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_PER_MINUTE) }),
  async seed({ prisma }) {
    await createUser(prisma, { email, password });
  },
});

// Every test here signs in from 127.0.0.1, so they share one per-IP budget: each keeps trying
// until the limit answers, whatever the tests before it spent.
describe.runIf(suite.enabled)('the edge: sign-in limits', () => {
  it('the sign-in form is rate limited like auth.login, and says how long to wait', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await page.goto('/signin');
    const alert = page.locator('#signin-error');
    let limited = false;
    for (let attempt = 0; attempt <= AUTH_PER_MINUTE && !limited; attempt += 1) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await shown(alert);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      limited = /Too many attempts, try again in \d+ s/.test(await alert.innerText());
    }
    expect(limited).toBe(true);

    // The right password does not get through the limit either.
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => alert.innerText()).toMatch(/^Too many attempts, try again in \d+ s$/);
    expect(page.url()).toContain('/signin');
    await context.close();
  });

  it('the register form spends the same budget, and past it says how long to wait', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    const alert = page.locator('form [role="alert"], main [role="alert"]').first();
    let refusedEmail: string | undefined;
    for (let attempt = 0; attempt <= AUTH_PER_MINUTE && !refusedEmail; attempt += 1) {
      const candidate = `register-limit-${attempt}@example.com`;
      await page.goto('/register');
      await page.getByLabel('Email').fill(candidate);
      await page.getByLabel(/^Password/).fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      // Either the form refuses, or the account is made and the sign-in page or chat follows.
      await expect
        .poll(async () => (await alert.isVisible()) || !page.url().includes('/register'))
        .toBe(true);
      if (page.url().includes('/register')) {
        expect(await alert.innerText()).toMatch(/^Too many attempts, try again in \d+ s$/);
        refusedEmail = candidate;
      }
    }
    // (That nothing is made past the limit is core's test: this server owns its database.)
    expect(refusedEmail).toBeDefined();
    await context.close();
  });

  it('with TRUST_PROXY unset, a rotating X-Forwarded-For does not escape the limit', async () => {
    const errors: (string | null)[] = [];
    for (let attempt = 0; attempt <= AUTH_PER_MINUTE; attempt += 1) {
      // Another account each time, so only the per-IP budget can stop these.
      const result = await signInOverHttp(
        suite.web.url,
        { email: `nobody-${attempt}@example.com`, password: 'wrong password' },
        { 'x-forwarded-for': `203.0.113.${attempt + 1}` },
      );
      errors.push(result.error);
    }
    expect(errors.at(-1)).toMatch(/^RateLimited:\d+$/);
  });

  it('auth.login on /api/trpc answers 429 with Retry-After past the limit', async () => {
    let response: Response | undefined;
    for (let attempt = 0; attempt <= AUTH_PER_MINUTE; attempt += 1) {
      response = await fetch(`${suite.web.url}/api/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { email, password: 'not the password' } }),
      });
    }
    expect(response!.status).toBe(429);
    expect(Number(response!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response!.json()) as { error: { json: { data: { code: string } } } };
    expect(body.error.json.data.code).toBe('TOO_MANY_REQUESTS');
  });

  it('a NUL byte or a 10,000-character email is refused without internal error text', async () => {
    for (const bad of ['nul\u0000@example.com', `${'a'.repeat(10_000)}@example.com`]) {
      const result = await signInOverHttp(suite.web.url, { email: bad, password: 'whatever' });
      expect(result.error).toBe('CredentialsSignin');
      expect(result.url).not.toMatch(/prisma|invalid|byte|sequence|query/i);
      expect(result.url.length).toBeLessThan(300);
    }
  });
});
