import { createUser } from '@chatbot/core/accounts';
import type { BrowserContext, Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { signInOverHttp } from './authHttp';
import { newPage, registerThroughUi, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';
import { startWebServer } from './webServer';

const password = 'a long enough password';
const forgeryVictim = 'victim@example.com';
const SENDS_PER_MINUTE = 2;

const suite = webSuite({
  env: () => ({
    RATE_LIMIT_SENDS_PER_MINUTE: String(SENDS_PER_MINUTE),
    // Many sign-ins from 127.0.0.1 here; the sign-in limit has its own file.
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
  }),
  async seed({ prisma }) {
    await createUser(prisma, { email: forgeryVictim, password });
  },
});

const trpc = (path: string) => `${suite.web.url}/api/trpc/${path}`;
const listInput = encodeURIComponent(JSON.stringify({ json: {} }));

async function cookieHeader(context: BrowserContext) {
  return (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join('; ');
}

async function sendInUi(page: Page, text: string) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
}

async function waitForReplies(page: Page, count: number) {
  const replies = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect.poll(() => replies.count(), { timeout: 30_000 }).toBe(count);
}

/** The headers every response of the web app carries. */
function expectSecurityHeaders(response: Response, what: string) {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp, what).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=_-]{16,}'/);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toMatch(/img-src 'self' data: blob:(;|$)/);
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), what).toMatch(
    /^(strict-origin-when-cross-origin|strict-origin|same-origin|no-referrer)$/,
  );
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
}

describe.runIf(suite.enabled)('the edge: /api/trpc and the pages', () => {
  it('a rate-limited send is 429 with Retry-After, and the chat says how long to wait', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await registerThroughUi(page, uniqueEmail('limited-sender'));
    await sendInUi(page, 'first');
    await page.waitForURL(/\/c\//);
    await waitForReplies(page, 1);
    for (let sent = 1; sent < SENDS_PER_MINUTE; sent += 1) {
      await sendInUi(page, `message ${sent + 1}`);
      await waitForReplies(page, sent + 1);
    }
    await sendInUi(page, 'one too many');
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toMatch(/^Too many messages, try again in \d+ s/);

    const sessionId = page.url().split('/c/')[1]!;
    const response = await fetch(trpc('messages.send'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: await cookieHeader(context),
        origin: suite.web.url,
      },
      body: JSON.stringify({ json: { sessionId, content: 'again', clientId: 'http-1' } }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    // The whole chat ran under the CSP: nothing it needs was blocked.
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('/api/trpc refuses a body over BODY_LIMIT_BYTES with 413, declared or chunked', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024); // the default limit is 1 MiB
    const declared = await fetch(trpc('sessions.create'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: suite.web.url },
      body: JSON.stringify({ json: { title: big } }),
    });
    expect(declared.status).toBe(413);

    const chunks = [JSON.stringify({ json: { title: '' } }).slice(0, -3), big, '"}}'];
    const streamed = await fetch(trpc('sessions.create'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: suite.web.url },
      body: new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.headers.get('content-length')).not.toBe(String(big.length));
    expect(streamed.status).toBe(413);

    // The server is still fine.
    expect((await fetch(trpc('health.check'))).status).toBe(200);
  });

  it('a cross-origin form post with the session cookie is refused with 403', async () => {
    const signedIn = await signInOverHttp(suite.web.url, { email: forgeryVictim, password });
    expect(signedIn.error).toBeNull();
    const cookie = signedIn.cookies.join('; ');
    const form = new FormData();
    form.set('title', 'forged');

    const forged = await fetch(trpc('sessions.create'), {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example' },
      body: form,
    });
    expect(forged.status).toBe(403);
    const noOrigin = await fetch(trpc('sessions.create'), {
      method: 'POST',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
      body: form,
    });
    expect(noOrigin.status).toBe(403);
    const byReferer = await fetch(trpc('sessions.create'), {
      method: 'POST',
      headers: { cookie, referer: 'http://evil.example/page' },
      body: form,
    });
    expect(byReferer.status).toBe(403);
    const signOut = await fetch(`${suite.web.url}/api/auth/signout`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example' },
    });
    expect(signOut.status).toBe(403);

    const list = await fetch(trpc(`sessions.list?input=${listInput}`), { headers: { cookie } });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { result: { data: { json: { items: unknown[] } } } };
    expect(page.result.data.json.items).toEqual([]);
  });

  it('signing out ends the session on the server: a copied cookie stops working', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('sign-out'));
    const copied = await context.cookies();
    const cookie = await cookieHeader(context);
    expect(
      (await fetch(trpc(`sessions.list?input=${listInput}`), { headers: { cookie } })).status,
    ).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);

    const afterSignOut = await fetch(trpc(`sessions.list?input=${listInput}`), {
      headers: { cookie },
    });
    expect(afterSignOut.status).toBe(401);
    const body = (await afterSignOut.json()) as { error: { json: { data: { code: string } } } };
    expect(body.error.json.data.code).toBe('UNAUTHORIZED');

    const thief = await suite.browser.newContext({ baseURL: suite.web.url });
    await thief.addCookies(copied);
    const thiefPage = await thief.newPage();
    await thiefPage.goto('/');
    await thiefPage.waitForURL(/\/signin/);
    await thief.close();
    await context.close();
  });

  it('pages, API responses and error pages carry the security headers', async () => {
    const signInPage = await fetch(`${suite.web.url}/signin`);
    expectSecurityHeaders(signInPage, 'the sign-in page');
    // Next puts the request's nonce on every script it renders.
    const nonce = /'nonce-([^']+)'/.exec(signInPage.headers.get('content-security-policy')!)![1];
    const html = await signInPage.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    expectSecurityHeaders(await fetch(trpc('health.check')), 'an API response');
    const missing = await fetch(`${suite.web.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, 'the not-found page');
    const apiError = await fetch(trpc('no.such.procedure'));
    expect(apiError.status).toBe(404);
    expectSecurityHeaders(apiError, 'an API error');

    // Each response gets its own nonce.
    const again = await fetch(`${suite.web.url}/signin`);
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('the sign-in page cannot be framed', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    // Room for a busy machine at every step: the page, the frame, and the refused frame's error
    // page can each take longer than the 15 s default to settle.
    const slow = { timeout: 45_000 };
    await page.goto('/signin', slow);
    await page.setContent(`<iframe id="frame" src="${suite.web.url}/signin"></iframe>`, slow);
    const frame = await (await page.waitForSelector('#frame', slow)).contentFrame();
    await frame!.waitForLoadState('load', slow);
    // A refused frame is the browser's error page: the form never shows.
    const framedForm = await frame!.locator('input[name="email"]').count();
    expect(framedForm).toBe(0);
    await context.close();
  });

  it("a reply's Markdown image is a link, not a request to another site", async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    const offSite: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('evil.example')) offSite.push(request.url());
    });
    await registerThroughUi(page, uniqueEmail('markdown'));
    await sendInUi(page, 'Look ![a pixel](https://evil.example/leak.png?data=secret)');
    await page.waitForURL(/\/c\//);
    await waitForReplies(page, 1);
    const reply = page.locator('article[data-role="assistant"]').last();
    await shown(reply.getByRole('link', { name: /Remote image \(click to open\)/ }));
    expect(
      await reply
        .getByRole('link', { name: /Remote image/ })
        .first()
        .getAttribute('href'),
    ).toBe('https://evil.example/leak.png?data=secret');
    expect(await page.locator('img[src*="evil.example"]').count()).toBe(0);
    expect(offSite).toEqual([]);
    await context.close();
  });

  it('over HTTPS (PUBLIC_URL https://) responses carry HSTS', async () => {
    const secure = await startWebServer({ PUBLIC_URL: 'https://chat.example.test' });
    try {
      const response = await fetch(`${secure.url}/signin`);
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
      const api = await fetch(`${secure.url}/api/trpc/health.check`);
      expect(api.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    } finally {
      await secure.stop();
    }
    // Not over plain HTTP.
    const plain = await fetch(`${suite.web.url}/signin`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
