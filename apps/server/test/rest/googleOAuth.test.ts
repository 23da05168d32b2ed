import { createHash, randomBytes } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { freePort } from '../ownServices';
import { registerOverRest, restClient, restEmail } from './restClient';

const CLIENT_ID = 'server-google-client';
let oidc: OAuth2Server;
let t: TestServer;
let withRedirect: TestServer;
let google: Record<string, string>;
/** The identity the mock provider puts in its next ID token. */
let identity: { sub: string; email: string; email_verified: boolean; name: string };

beforeAll(async () => {
  // A local OpenID Connect provider standing in for Google.
  oidc = new OAuth2Server();
  await oidc.issuer.keys.generate('RS256');
  await oidc.start(0, '127.0.0.1');
  oidc.service.on('beforeTokenSigning', (token) => {
    Object.assign(token.payload, identity, { aud: CLIENT_ID });
  });
  google = {
    GOOGLE_CLIENT_ID: CLIENT_ID,
    GOOGLE_CLIENT_SECRET: 'server-google-secret',
    GOOGLE_ISSUER: oidc.issuer.url!,
  };
  // Google sign-in needs PUBLIC_URL: each server listens where its PUBLIC_URL says.
  const port = await freePort();
  t = await startTestServer({ ...google, PUBLIC_URL: `http://127.0.0.1:${port}` }, { port });
  const redirectPort = await freePort();
  withRedirect = await startTestServer(
    {
      ...google,
      PUBLIC_URL: `http://127.0.0.1:${redirectPort}`,
      GOOGLE_SUCCESS_REDIRECT_URL: 'https://app.example.com/signed-in',
    },
    { database: t.database, port: redirectPort },
  );
});
afterAll(async () => {
  await withRedirect?.close();
  await t?.close();
  await oidc?.stop();
});

const newIdentity = (email = restEmail('google'), verified = true) => ({
  sub: `google-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  email,
  email_verified: verified,
  name: 'Grace Google',
});

/** A PKCE verifier and its S256 challenge, as the client that starts the sign-in makes them. */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Follow the browser's path: our /auth/google -> the provider -> our callback. */
async function signInWithGoogle(
  server: TestServer,
  tamper: (callback: URL) => void = () => {},
  client = pkce(),
) {
  const start = await fetch(
    `${server.server.url}/auth/google?code_challenge=${client.challenge}&code_challenge_method=S256`,
    { redirect: 'manual' },
  );
  expect(start.status).toBe(302);
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const authorize = new URL(start.headers.get('location')!);
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location')!);
  tamper(callback);
  const answer = await fetch(callback, { redirect: 'manual', headers: { cookie } });
  return { start, authorize, callback, answer, verifier: client.verifier };
}

async function tokensFor(code: string, codeVerifier?: string) {
  return restClient(t.server.url).post('/auth/google/exchange', { code, codeVerifier });
}

describe('Google sign-in on the server (authorization code + PKCE, local OIDC provider)', () => {
  it('sends the browser to the provider with state, nonce and an S256 PKCE challenge', async () => {
    identity = newIdentity();
    const { start, authorize, callback } = await signInWithGoogle(t);
    expect(authorize.origin).toBe(new URL(oidc.issuer.url!).origin);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: `${t.server.url}/auth/google/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: expect.any(String),
      nonce: expect.any(String),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(callback.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    expect(start.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('creates a new user; the one-time code gives tokens once; the user comes back as the same user', async () => {
    identity = newIdentity();
    const first = await signInWithGoogle(t);
    expect(first.answer.status).toBe(200);
    const { code, expiresIn } = (await first.answer.json()) as { code: string; expiresIn: number };
    expect(expiresIn).toBe(60);
    const tokens = await tokensFor(code, first.verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body.user).toMatchObject({ email: identity.email, name: 'Grace Google' });
    const me = await restClient(t.server.url, tokens.body.accessToken).get('/auth/me');
    expect(me.body.email).toBe(identity.email);
    expect((await tokensFor(code, first.verifier)).status).toBe(401);

    const again = await signInWithGoogle(t);
    const returning = await tokensFor(
      ((await again.answer.json()) as { code: string }).code,
      again.verifier,
    );
    expect(returning.body.user.id).toBe(tokens.body.user.id);
  });

  it('links to the existing account with the same verified email, never an unverified one', async () => {
    const registered = await registerOverRest(t.server.url);
    identity = newIdentity(registered.email.toUpperCase());
    const linked = await signInWithGoogle(t);
    const tokens = await tokensFor(
      ((await linked.answer.json()) as { code: string }).code,
      linked.verifier,
    );
    const me = await restClient(t.server.url, registered.tokens.accessToken).get('/auth/me');
    expect(tokens.body.user.id).toBe(me.body.id);

    const other = await registerOverRest(t.server.url);
    identity = newIdentity(other.email, false);
    const refused = await signInWithGoogle(t);
    expect(refused.answer.status).toBe(409);
    expect(await refused.answer.json()).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('refuses a tampered state, a missing flow cookie and a forged code', async () => {
    identity = newIdentity();
    const tampered = await signInWithGoogle(t, (callback) =>
      callback.searchParams.set('state', `${callback.searchParams.get('state')}x`),
    );
    expect(tampered.answer.status).toBe(400);
    expect(await tampered.answer.json()).toMatchObject({ message: expect.stringMatching(/state/) });

    const { callback } = await signInWithGoogle(t);
    const withoutCookie = await fetch(callback, { redirect: 'manual' });
    expect(withoutCookie.status).toBe(400);

    identity = newIdentity();
    const forged = await signInWithGoogle(t, (url) => url.searchParams.set('code', 'forged'));
    expect(forged.answer.status).toBe(401);
    const users = await t.database.prisma.user.count({ where: { email: identity.email } });
    expect(users).toBe(0);
  });

  it('redirects to the configured client URL with the code in the fragment, never the query', async () => {
    identity = newIdentity();
    const { answer, verifier } = await signInWithGoogle(withRedirect);
    expect(answer.status).toBe(302);
    const target = new URL(answer.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe('https://app.example.com/signed-in');
    expect(target.search).toBe('');
    const code = new URLSearchParams(target.hash.slice(1)).get('code')!;
    const tokens = await tokensFor(code, verifier);
    expect(tokens.body.user.email).toBe(identity.email);
    expect(JSON.stringify(target)).not.toContain(tokens.body.accessToken);
  });

  it("binds the code to the client that started the sign-in: an attacker's code signs no one else in", async () => {
    identity = newIdentity();
    // The attacker completes a sign-in of their own and sends the victim a link carrying the code.
    const attackers = await signInWithGoogle(t);
    const { code } = (await attackers.answer.json()) as { code: string };
    // The victim's client redeems it with its own verifier (or none): refused.
    expect((await tokensFor(code)).status).toBe(401);
    expect((await tokensFor(code, pkce().verifier)).status).toBe(401);
    // Refusals do not spend it; the holder of the verifier still can, once.
    expect((await tokensFor(code, attackers.verifier)).status).toBe(200);
  });

  it('refuses to start without a PKCE challenge of the client', async () => {
    const answer = await fetch(`${t.server.url}/auth/google`, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ message: expect.stringMatching(/code_challenge/) });
    const plain = await fetch(
      `${t.server.url}/auth/google?code_challenge=${pkce().challenge}&code_challenge_method=plain`,
      { redirect: 'manual' },
    );
    expect(plain.status).toBe(400);
  });

  it('refuses to start without PUBLIC_URL, whatever Host the request names', async () => {
    const noPublicUrl = await startTestServer(google, { database: t.database });
    try {
      const answer = await fetch(
        `${noPublicUrl.server.url}/auth/google?code_challenge=${pkce().challenge}`,
        { redirect: 'manual', headers: { host: 'evil.example.com' } },
      );
      expect(answer.status).toBe(501);
      expect(await answer.json()).toMatchObject({ message: expect.stringContaining('PUBLIC_URL') });
    } finally {
      await noPublicUrl.close();
    }
  });
});
