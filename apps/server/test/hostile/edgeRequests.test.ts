import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { capturedLogger, startTestServer, type TestServer } from '../harness';
import { registerOverRest, restClient, restEmail } from '../rest/restClient';

/** The edge of the standalone server: body and batch limits, 405s, /metrics, TRUST_PROXY. */
const METRICS_TOKEN = 'metrics-scraper-token-for-the-edge-suite';
let t: TestServer;
let log: ReturnType<typeof capturedLogger>;
beforeAll(async () => {
  log = capturedLogger();
  t = await startTestServer(
    { BODY_LIMIT_BYTES: '2048', MAX_BATCH_SIZE: '5', METRICS_TOKEN },
    { logger: log.logger },
  );
});
afterAll(async () => {
  await t?.close();
});

/** A raw HTTP/1.1 request whose body goes out in chunks; the status line the server answers. */
function chunkedRequest(
  url: string,
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status?: number; body: string; error?: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let received = '';
    socket.on('data', (data) => (received += data.toString('utf8')));
    const done = (error?: Error) => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({
        status: status ? Number(status) : undefined,
        body: received.split('\r\n\r\n').slice(1).join('\r\n\r\n'),
        error: error?.message,
      });
    };
    socket.on('error', done);
    socket.on('close', () => done());
    socket.on('connect', () => {
      // `connection: close`: the answer ends with the connection, which is where we stop reading.
      const head = Object.entries({ host: `${hostname}:${port}`, connection: 'close', ...headers })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`POST ${path} HTTP/1.1\r\n${head}transfer-encoding: chunked\r\n\r\n`);
      for (const chunk of chunks) {
        socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
      }
      socket.write('0\r\n\r\n');
    });
  });
}

describe('a chunked body over BODY_LIMIT_BYTES', () => {
  it('is answered 413 with the error body on every route, not a reset connection', async () => {
    const { tokens } = await registerOverRest(t.server.url);
    const session = (await restClient(t.server.url, tokens.accessToken).post('/sessions', {})).body;
    const auth = { authorization: `Bearer ${tokens.accessToken}` };
    const json = { 'content-type': 'application/json' };
    // 8 KiB of a JSON string, in 1 KiB chunks: no Content-Length to refuse it up front.
    const oversized = ['{"content":"', ...Array.from({ length: 8 }, () => 'x'.repeat(1024)), '"}'];
    const routes = [
      { path: '/auth/login', headers: json },
      { path: '/sessions', headers: { ...json, ...auth } },
      { path: `/sse/sessions/${session.id}/messages`, headers: { ...json, ...auth } },
      { path: '/trpc/sessions.create', headers: { ...json, ...auth } },
    ];
    for (const route of routes) {
      const answer = await chunkedRequest(t.server.url, route.path, route.headers, oversized);
      expect({ path: route.path, status: answer.status }).toEqual({
        path: route.path,
        status: 413,
      });
      if (!route.path.startsWith('/trpc')) {
        expect(JSON.parse(answer.body.replace(/^[0-9a-f]+\r\n/, ''))).toMatchObject({
          statusCode: 413,
          error: 'Payload Too Large',
          code: 'PAYLOAD_TOO_LARGE',
        });
      }
    }
    // Nothing was stored, and the server goes on answering.
    const sessions = await restClient(t.server.url, tokens.accessToken).get('/sessions');
    expect(sessions.body).toHaveLength(1);
  });
});

describe('tRPC batches', () => {
  it('refuses a batch over MAX_BATCH_SIZE over HTTP, running none of its calls', async () => {
    const { tokens } = await registerOverRest(t.server.url);
    const batch = (count: number) =>
      fetch(
        `${t.trpcUrl}/${Array.from({ length: count }, () => 'groups.create').join(',')}?batch=1`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.accessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(
            Object.fromEntries(
              Array.from({ length: count }, (_, index) => [index, { json: { name: `G${index}` } }]),
            ),
          ),
        },
      );
    const refused = await batch(6);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Batch call exceeds maximum size');
    const groups = async () =>
      (await restClient(t.server.url, tokens.accessToken).get('/groups')).body.length;
    expect(await groups()).toBe(0);
    expect((await batch(5)).status).toBe(200);
    expect(await groups()).toBe(5);
  });

  it('refuses a WebSocket message batching more calls than MAX_BATCH_SIZE', async () => {
    const { tokens } = await registerOverRest(t.server.url);
    const socket = new WebSocket(t.trpcUrl.replace('http', 'ws'), {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    const replies: unknown[] = [];
    socket.on('message', (data) => {
      const text = data.toString();
      if (text !== 'PING') replies.push(JSON.parse(text));
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const calls = (count: number, from: number) =>
      Array.from({ length: count }, (_, index) => ({
        id: from + index,
        method: 'mutation',
        params: { path: 'groups.create', input: { json: { name: `W${index}` } } },
      }));
    socket.send(JSON.stringify(calls(6, 1)));
    const deadline = Date.now() + 5_000;
    while (replies.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    socket.close();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      id: null,
      error: { json: { message: 'A batch may carry at most 5 calls; this one has 6' } },
    });
    expect((await restClient(t.server.url, tokens.accessToken).get('/groups')).body).toEqual([]);
  });
});

describe('405', () => {
  it('is answered once and logged at info, never as an error', async () => {
    const answer = await fetch(`${t.server.url}/auth/login`);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect(await answer.json()).toMatchObject({ statusCode: 405, code: 'METHOD_NOT_SUPPORTED' });
    const requestId = answer.headers.get('x-request-id');
    const deadline = Date.now() + 5_000;
    const line = () =>
      log.lines.find((entry) => entry.requestId === requestId && entry.msg === 'request');
    while (!line() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(line()).toMatchObject({ level: 30, status: 405 });
    expect(log.lines.filter((entry) => entry.level >= 50)).toEqual([]);
  });
});

describe('/metrics', () => {
  it('answers only the bearer of METRICS_TOKEN', async () => {
    const scrape = (authorization?: string) =>
      fetch(`${t.server.url}/metrics`, { headers: authorization ? { authorization } : {} });
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer not-the-token')).status).toBe(401);
    expect((await scrape(`Basic ${METRICS_TOKEN}`)).status).toBe(401);
    const scraped = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('chatbot_http_requests_total');
  });

  it('does not exist when METRICS_TOKEN is unset', async () => {
    const open = await startTestServer({}, { database: t.database });
    try {
      expect((await fetch(`${open.server.url}/metrics`)).status).toBe(404);
    } finally {
      await open.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  /** Eleven sign-ins, each claiming another client address in X-Forwarded-For. */
  async function loginsWithRotatingForwardedFor(env: Record<string, string>) {
    const server = await startTestServer(
      { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '10', ...env },
      { database: t.database },
    );
    try {
      const email = restEmail('proxy');
      const password = 'correct horse battery';
      await server.app.database.prisma.user.deleteMany({ where: { email } });
      const anonymous = restClient(server.server.url);
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 11; attempt += 1) {
        const headers = { 'x-forwarded-for': `203.0.113.${attempt}` };
        const answer =
          attempt === 1
            ? await anonymous.post('/auth/register', { email, password }, { headers })
            : await anonymous.post('/auth/login', { email, password }, { headers });
        statuses.push(answer.status);
      }
      return statuses;
    } finally {
      await server.close();
    }
  }

  it('unset: a spoofed X-Forwarded-For does not change the rate-limit key', async () => {
    const statuses = await loginsWithRotatingForwardedFor({});
    expect(statuses.slice(0, 10).every((status) => status < 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('TRUST_PROXY=1: the address the proxy forwards is the client', async () => {
    const statuses = await loginsWithRotatingForwardedFor({ TRUST_PROXY: '1' });
    expect(statuses.every((status) => status < 400)).toBe(true);
  });
});
