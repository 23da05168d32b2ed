import { createUser } from '@chatbot/core/accounts';
import { describe, expect, it } from 'vitest';
import { signInOverHttp } from './authHttp';
import { webSuite } from './suite';

const email = 'pinned@example.com';
const password = 'a long enough password';

// PUBLIC_URL unset, as from a fresh clone: the production server must still not take its own
// address from the request's headers.
const suite = webSuite({
  env: () => ({ PUBLIC_URL: '' }),
  async seed({ prisma }) {
    await createUser(prisma, { email, password });
  },
});

describe.runIf(suite.enabled)('the edge: the app URL is pinned', () => {
  it('a sign-in with X-Forwarded-Host: evil.example never redirects there', async () => {
    const spoofed = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const failed = await signInOverHttp(
      suite.web.url,
      { email, password: 'not the password' },
      spoofed,
    );
    const succeeded = await signInOverHttp(suite.web.url, { email, password }, spoofed);
    expect(succeeded.error).toBeNull();
    for (const url of [failed.url, succeeded.url]) {
      expect(url).not.toContain('evil.example');
      expect(new URL(url, suite.web.url).host).not.toBe('evil.example');
    }

    const signInPage = await fetch(`${suite.web.url}/api/auth/signin`, {
      redirect: 'manual',
      headers: spoofed,
    });
    expect(signInPage.headers.get('location') ?? '').not.toContain('evil.example');
  });
});
