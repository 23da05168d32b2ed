import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RestHandler } from '@chatbot/api';
import type { App } from '@chatbot/core';
import { externalSignIn } from '@chatbot/core/accounts';
import { TRPCError } from '@trpc/server';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { sendRestResponse } from './rest';

/**
 * Google sign-in on the standalone server: the authorization code flow with state, nonce and
 * PKCE (S256). The flow's secrets ride in a signed, HttpOnly cookie scoped to /auth/google, so
 * any instance can finish a flow another one started. The callback never puts tokens in a URL:
 * it issues a one-time code (60 s) that the client trades for tokens with
 * POST /auth/google/exchange, sent either in the fragment of GOOGLE_SUCCESS_REDIRECT_URL or,
 * when that is unset, as JSON. The client starts the flow with a PKCE challenge of its own
 * (`?code_challenge=`) and the code is bound to it: only the client holding the verifier can
 * redeem it, so an attacker's code sent to a victim cannot sign the victim in as the attacker.
 * The callback URL is PUBLIC_URL's, never one made from the request's Host header.
 */
export const GOOGLE_ROUTES = { start: '/auth/google', callback: '/auth/google/callback' } as const;
const FLOW_COOKIE = 'chatbot_google_flow';
const FLOW_AUDIENCE = 'chatbot-ai:google-flow';
const FLOW_TTL_SECONDS = 600;

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  /** The PKCE challenge of the client that started the flow; its login code is bound to it. */
  clientChallenge: string;
}

/** An S256 challenge: a SHA-256 digest in base64url. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The challenge the client started the flow with, required. */
function clientChallengeOf(req: IncomingMessage): string {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const challenge = query.get('code_challenge') ?? '';
  const method = query.get('code_challenge_method') ?? 'S256';
  if (!S256_CHALLENGE.test(challenge) || method !== 'S256') {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message:
        'Start Google sign-in with ?code_challenge=<base64url(SHA-256(verifier))>; send the ' +
        'verifier with the code to POST /auth/google/exchange',
    });
  }
  return challenge;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function createGoogleRoutes(app: App, rest: RestHandler) {
  const google = app.config.auth.google;
  const key = new TextEncoder().encode(app.config.auth.jwtSecret);
  const secureCookie = app.config.publicUrl?.startsWith('https:') ?? false;
  if (google && !app.config.publicUrl) {
    app.logger.warn(
      {},
      'GOOGLE_CLIENT_ID is set but PUBLIC_URL is not: Google sign-in refuses (501)',
    );
  }
  let discovered: Promise<oidc.Configuration> | undefined;

  function provider(settings: NonNullable<typeof google>) {
    discovered ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        // Plain http only for a local issuer (the tests' OpenID Connect mock server).
        execute: settings.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = undefined; // try again on the next sign-in
        throw error;
      });
    return discovered;
  }

  function callbackUrl() {
    const base = app.config.publicUrl;
    if (!base) {
      // A URL made from the Host header would send Google's code wherever a request says.
      throw new TRPCError({
        code: 'NOT_IMPLEMENTED',
        message: 'Google sign-in needs PUBLIC_URL (the URL Google returns to); set it',
      });
    }
    return new URL(GOOGLE_ROUTES.callback, base).toString();
  }

  function flowCookie(value: string, maxAge: number) {
    return `${FLOW_COOKIE}=${value}; Path=/auth/google; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secureCookie ? '; Secure' : ''}`;
  }

  async function start(
    req: IncomingMessage,
    res: ServerResponse,
    settings: NonNullable<typeof google>,
  ) {
    const redirectUri = callbackUrl();
    const clientChallenge = clientChallengeOf(req);
    const config = await provider(settings);
    const flow: Flow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      clientChallenge,
    };
    const signed = await new SignJWT({ ...flow })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(FLOW_AUDIENCE)
      .setExpirationTime(`${FLOW_TTL_SECONDS}s`)
      .sign(key);
    const location = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    res.writeHead(302, {
      location: location.toString(),
      'set-cookie': flowCookie(signed, FLOW_TTL_SECONDS),
      'cache-control': 'no-store',
    });
    res.end();
  }

  async function readFlow(req: IncomingMessage): Promise<Flow> {
    const notStartedHere = new TRPCError({
      code: 'BAD_REQUEST',
      message: 'This sign-in was not started here or has expired; start again at /auth/google',
    });
    const cookie = cookieValue(req, FLOW_COOKIE);
    if (!cookie) throw notStartedHere;
    try {
      const { payload } = await jwtVerify(cookie, key, {
        algorithms: ['HS256'],
        audience: FLOW_AUDIENCE,
      });
      return payload as unknown as Flow;
    } catch (error) {
      throw error instanceof joseErrors.JOSEError ? notStartedHere : error;
    }
  }

  async function callback(
    req: IncomingMessage,
    res: ServerResponse,
    settings: NonNullable<typeof google>,
  ) {
    const flow = await readFlow(req);
    const config = await provider(settings);
    const current = new URL(req.url ?? '/', callbackUrl());
    if (current.searchParams.get('state') !== flow.state) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'The sign-in state does not match' });
    }
    if (current.searchParams.has('error')) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: `Google sign-in failed: ${current.searchParams.get('error')}`,
      });
    }
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      app.logger.warn({ err: error }, 'Google sign-in: code exchange refused');
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Google did not confirm the sign-in' });
    }
    if (!claims) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'No identity from Google' });
    const signedIn = await externalSignIn(
      app.database.prisma,
      {
        provider: 'google',
        providerAccountId: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : null,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : null,
        image: typeof claims.picture === 'string' ? claims.picture : null,
      },
      flow.clientChallenge,
    );
    const headers = { 'set-cookie': flowCookie('', 0), 'cache-control': 'no-store' };
    if (settings.successRedirectUrl) {
      const target = new URL(settings.successRedirectUrl);
      target.hash = new URLSearchParams({ code: signedIn.code }).toString();
      res.writeHead(302, { ...headers, location: target.toString() });
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ code: signedIn.code, expiresIn: signedIn.expiresIn }));
  }

  return async function serveGoogle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string | undefined> {
    const path = (req.url ?? '/').split('?')[0];
    const route =
      path === GOOGLE_ROUTES.start
        ? GOOGLE_ROUTES.start
        : path === GOOGLE_ROUTES.callback
          ? GOOGLE_ROUTES.callback
          : undefined;
    if (!route) return undefined;
    try {
      if (req.method !== 'GET') {
        throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: 'Use GET here' });
      }
      if (!google) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'Google sign-in is not configured' });
      }
      await (route === GOOGLE_ROUTES.start ? start : callback)(req, res, google);
    } catch (error) {
      sendRestResponse(req, res, rest.errorResponse(error));
    }
    return route;
  };
}

export const googleOpenApiPaths = {
  [GOOGLE_ROUTES.start]: {
    get: {
      operationId: 'google.start',
      summary: 'Start Google sign-in (redirects to Google)',
      description:
        'Open in a browser with `?code_challenge=` (S256 of a verifier the client keeps; the ' +
        'one-time code is bound to it). Redirects to Google with state, nonce and a PKCE ' +
        "challenge; the flow's secrets ride in an HttpOnly cookie scoped to /auth/google. " +
        'Needs PUBLIC_URL (501 without it).',
      tags: ['Auth'],
      security: [],
      parameters: [
        {
          name: 'code_challenge',
          in: 'query',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
        },
        {
          name: 'code_challenge_method',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['S256'] },
        },
      ],
      responses: {
        '302': { description: "Redirect to Google's consent page" },
        '400': { $ref: '#/components/responses/E400' },
        '404': { $ref: '#/components/responses/E404' },
        default: { $ref: '#/components/responses/Error' },
      },
    },
  },
  [GOOGLE_ROUTES.callback]: {
    get: {
      operationId: 'google.callback',
      summary: 'Where Google returns; hands over a one-time code',
      description:
        'Checks state, exchanges the code with the PKCE verifier, verifies the ID token and its ' +
        'nonce, then signs in (a returning Google account, an existing user with the same ' +
        'verified email, or a new user). Redirects to GOOGLE_SUCCESS_REDIRECT_URL with ' +
        '`#code=...` in the fragment, or answers the code as JSON when that is unset. Trade the ' +
        'code and the verifier for tokens with POST /auth/google/exchange within 60 s; it works once.',
      tags: ['Auth'],
      security: [],
      parameters: [
        { name: 'code', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'state', in: 'query', required: true, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'The one-time code (no success redirect configured)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { code: { type: 'string' }, expiresIn: { type: 'integer' } },
                required: ['code', 'expiresIn'],
              },
            },
          },
        },
        '302': { description: 'Redirect to the client with #code=<one-time code>' },
        '400': { $ref: '#/components/responses/E400' },
        '401': { $ref: '#/components/responses/E401' },
        '404': { $ref: '#/components/responses/E404' },
        '409': { $ref: '#/components/responses/E409' },
        default: { $ref: '#/components/responses/Error' },
      },
    },
  },
};
