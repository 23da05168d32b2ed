import type { Page } from 'playwright';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, registerThroughUi, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

let oidc: OAuth2Server;
/** The identity the mock provider puts in its next token. */
let identity: { sub: string; email: string; email_verified: boolean; name: string };

beforeAll(async () => {
  // A local OpenID Connect provider standing in for Google.
  oidc = new OAuth2Server();
  await oidc.issuer.keys.generate('RS256');
  await oidc.start(0, '127.0.0.1');
  oidc.service.on('beforeTokenSigning', (token) => {
    Object.assign(token.payload, identity, { aud: 'e2e-google-client' });
  });
  oidc.service.on('beforeUserinfo', (userInfo) => {
    userInfo.body = { ...identity };
  });
});
afterAll(async () => {
  await oidc?.stop();
});
const suite = webSuite({
  env: () => ({
    GOOGLE_CLIENT_ID: 'e2e-google-client',
    GOOGLE_CLIENT_SECRET: 'e2e-google-secret',
    GOOGLE_ISSUER: oidc.issuer.url!,
  }),
});

async function signInWithGoogle(page: Page) {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
}

/** Start a chat; the echo model's reply titles it with the message's first words. */
async function sentMessageIsListed(page: Page, text: string) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  // Generous: in CI this file shares two cores with the other suites (a wait, not a speed test).
  await page.waitForURL(/\/c\//, { timeout: 45_000 });
  await expect
    .poll(() => page.getByTestId('chat-title').innerText(), { timeout: 30_000 })
    .toBe(text);
}

describe.runIf(suite.enabled)('Google sign-in (local OpenID Connect provider)', () => {
  it('creates a new user, and brings the same user back next time', async () => {
    identity = {
      sub: `google-${Date.now()}`,
      email: uniqueEmail('google'),
      email_verified: true,
      name: 'Grace Google',
    };
    const first = await newPage(suite.browser, suite.web.url);
    await signInWithGoogle(first.page);
    await first.page.getByRole('heading', { name: 'New chat' }).waitFor();
    await shown(first.page.getByText('Grace Google'));
    await sentMessageIsListed(first.page, 'Remember me');
    await first.context.close();

    const second = await newPage(suite.browser, suite.web.url);
    await signInWithGoogle(second.page);
    await second.page.getByRole('heading', { name: 'New chat' }).waitFor();
    await shown(
      second.page
        .getByRole('navigation', { name: 'Chat list' })
        .getByRole('link', { name: 'Remember me' }),
    );
    await second.context.close();
  });

  it('links to an existing account with the same verified email', async () => {
    const email = uniqueEmail('linked');
    const registered = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(registered.page, email);
    await sentMessageIsListed(registered.page, 'Made with a password');
    await registered.context.close();

    identity = { sub: `google-linked-${Date.now()}`, email, email_verified: true, name: 'Linked' };
    const viaGoogle = await newPage(suite.browser, suite.web.url);
    await signInWithGoogle(viaGoogle.page);
    await shown(
      viaGoogle.page
        .getByRole('navigation', { name: 'Chat list' })
        .getByRole('link', { name: 'Made with a password' }),
    );
    await viaGoogle.context.close();
  });

  it('refuses an unverified email that matches an existing account', async () => {
    const email = uniqueEmail('unverified');
    const registered = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(registered.page, email);
    await registered.context.close();

    identity = {
      sub: `google-unverified-${Date.now()}`,
      email,
      email_verified: false,
      name: 'Mallory',
    };
    const attacker = await newPage(suite.browser, suite.web.url);
    await signInWithGoogle(attacker.page);
    await attacker.page.waitForURL(/\/signin\?error=/);
    await shown(attacker.page.locator('#signin-error'));
    expect(await attacker.page.locator('#signin-error').innerText()).toContain('no verified email');
    await attacker.context.close();
  });

  it('refuses a callback whose state was tampered with', async () => {
    identity = {
      sub: `google-state-${Date.now()}`,
      email: uniqueEmail('state'),
      email_verified: true,
      name: 'State',
    };
    const { page, context } = await newPage(suite.browser, suite.web.url);
    // The provider's redirect back to the app carries a forged state.
    await page.route(`${oidc.issuer.url}/authorize**`, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const location = new URL(response.headers().location!);
      expect(location.pathname).toBe('/api/auth/callback/google');
      location.searchParams.set('state', 'forged-state');
      await route.fulfill({ status: 302, headers: { location: location.toString() } });
    });
    await signInWithGoogle(page);
    await page.waitForURL(/\/signin\?.*error=OAuthCallback/);
    await shown(page.locator('#signin-error'));
    await page.goto('/');
    await page.waitForURL(/\/signin/); // not signed in
    await context.close();
  });
});
