import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './harness';

const allowedOrigin = 'https://chat.example.com';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ CORS_ORIGINS: allowedOrigin, BODY_LIMIT_BYTES: '2048' });
});
afterAll(async () => {
  await t?.close();
});

describe('the HTTP surface', () => {
  it('GET /health answers 200 with a request id', async () => {
    const response = await fetch(`${t.server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a caller-supplied request id', async () => {
    const response = await fetch(`${t.server.url}/health`, {
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${t.server.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('serves tRPC over plain HTTP with the right status codes', async () => {
    const unauthorized = await fetch(`${t.trpcUrl}/groups.list`);
    expect(unauthorized.status).toBe(401);
    const badInput = await fetch(`${t.trpcUrl}/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'x', password: '' } }),
    });
    expect(badInput.status).toBe(400);
    const body = (await badInput.json()) as { error: { json: { data: { fieldErrors: unknown } } } };
    expect(body.error.json.data.fieldErrors).toMatchObject({
      email: ['must be an email address'],
      password: ['is required'],
    });
  });

  it('allows the configured origin and answers its preflight', async () => {
    const preflight = await fetch(`${t.trpcUrl}/groups.list`, {
      method: 'OPTIONS',
      headers: { origin: allowedOrigin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const actual = await fetch(`${t.server.url}/health`, { headers: { origin: allowedOrigin } });
    expect(actual.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
  });

  it('refuses requests from unknown origins', async () => {
    const response = await fetch(`${t.trpcUrl}/auth.register`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'evil@example.com', password: 'password123' } }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await t.database.prisma.user.count({ where: { email: 'evil@example.com' } })).toBe(0);
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await fetch(`${t.trpcUrl}/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'a@example.com', password: 'x'.repeat(5000) } }),
    });
    expect(response.status).toBe(413);
  });
});

function openSocket(origin?: string, query = '') {
  const socket = new WebSocket(
    `${t.trpcUrl.replace('http', 'ws')}${query}`,
    origin ? { headers: { origin } } : {},
  );
  return new Promise<WebSocket>((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

describe('the WebSocket endpoint', () => {
  it('authenticates with connectionParams and answers procedures', async () => {
    const user = await t.signUp();
    const pair = await t
      .anonymous()
      .auth.login.mutate({ email: user.email, password: user.password });
    // As tRPC's wsLink does: the first message carries the connection's params (the token).
    const socket = await openSocket(undefined, '?connectionParams=1');
    try {
      const reply = new Promise<unknown>((resolve) =>
        socket.on('message', (data) => resolve(JSON.parse(String(data)))),
      );
      socket.send(
        JSON.stringify({ method: 'connectionParams', data: { token: pair.accessToken } }),
      );
      socket.send(
        JSON.stringify({
          id: 1,
          method: 'query',
          params: { path: 'auth.me', input: { json: undefined } },
        }),
      );
      expect(await reply).toMatchObject({
        id: 1,
        result: { type: 'data', data: { json: { id: user.userId, email: user.email } } },
      });
    } finally {
      socket.close();
    }
  });

  it('accepts an allowed Origin and refuses an unknown one', async () => {
    (await openSocket(allowedOrigin)).close();
    await expect(openSocket('https://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('refuses upgrades on other paths', async () => {
    const socket = new WebSocket(`${t.server.url.replace('http', 'ws')}/elsewhere`);
    await expect(
      new Promise((_resolve, reject) => {
        socket.once('unexpected-response', (_request, response) =>
          reject(new Error(`HTTP ${response.statusCode}`)),
        );
        socket.once('error', reject);
      }),
    ).rejects.toThrow(/404|socket hang up|Unexpected server response/);
  });
});

describe('health when the database is gone', () => {
  it('answers 503', async () => {
    const broken = await startTestServer();
    try {
      await broken.database.close();
      const status = await new Promise<number>((resolve, reject) => {
        request(`${broken.server.url}/health`, (response) => resolve(response.statusCode ?? 0))
          .on('error', reject)
          .end();
      });
      expect(status).toBe(503);
    } finally {
      await broken.server.close();
    }
  });
});
