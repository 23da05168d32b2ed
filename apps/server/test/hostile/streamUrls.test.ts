import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger, startTestServer, type TestServer } from '../harness';
import { registerOverRest } from '../rest/restClient';

/** What a stream URL carries: a resume position and a ticket, neither of them to be trusted. */
let t: TestServer;
let log: ReturnType<typeof capturedLogger>;
beforeAll(async () => {
  log = capturedLogger();
  // Streams end after a second, so a stream's own request line is logged too.
  t = await startTestServer({ STREAM_MAX_DURATION_MS: '1000' }, { logger: log.logger });
});
afterAll(async () => {
  await t?.close();
});

async function streamOwner() {
  const { api, tokens } = await registerOverRest(t.server.url);
  const session = (await api.post('/sessions', { title: 'Stream URLs' })).body;
  return { api, token: tokens.accessToken as string, session };
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a crafted last event id', () => {
  it('is refused before any frame is written, on the plain SSE route and tRPC', async () => {
    const { token, session } = await streamOwner();
    const forged = '1\r\nevent: message:done\r\ndata: {"forged":true}\r\n\r\nid: 2';
    const plain = await fetch(
      `${t.server.url}/sse/sessions/${session.id}/stream?lastEventId=${encodeURIComponent(forged)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ statusCode: 400, field: 'lastEventId' });

    const input = encodeURIComponent(
      JSON.stringify({ json: { sessionId: session.id, lastEventId: forged } }),
    );
    const trpc = await fetch(`${t.trpcUrl}/messages.onEvent?input=${input}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    });
    const text = await trpc.text();
    expect(text).not.toContain('forged');
    expect(text).toContain('lastEventId');
  });

  it('accepts the ids both event logs make (memory `<epoch>.<seq>`, Redis `<ms>-<seq>`)', async () => {
    const { token, session } = await streamOwner();
    for (const id of ['0a1b2c3d.42', '1700000000000-0']) {
      const stop = new AbortController();
      const answer = await fetch(`${t.server.url}/sse/sessions/${session.id}/stream`, {
        headers: { authorization: `Bearer ${token}`, 'last-event-id': id },
        signal: stop.signal,
      });
      expect([id, answer.status]).toEqual([id, 200]);
      stop.abort();
    }
  });
});

describe('stream tickets', () => {
  it('open a stream once, and never appear in a log line', async () => {
    const { api, session } = await streamOwner();
    const { ticket } = (await api.post(`/sse/sessions/${session.id}/ticket`)).body as {
      ticket: string;
    };
    const url = `${t.server.url}/sse/sessions/${session.id}/stream?ticket=${ticket}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    await first.text(); // the server ends the stream after STREAM_MAX_DURATION_MS
    const second = await fetch(url);
    expect(second.status).toBe(401);
    expect(await second.json()).toMatchObject({ code: 'UNAUTHORIZED' });

    const streamLines = () =>
      log.lines.filter(
        (line) =>
          line.msg === 'request' && String(line.url).includes(`/sse/sessions/${session.id}/stream`),
      );
    await until(() => streamLines().length === 2, 'both request lines');
    expect(streamLines().map((line) => [line.status, line.url])).toEqual([
      [200, `/sse/sessions/${session.id}/stream?ticket=[redacted]`],
      [401, `/sse/sessions/${session.id}/stream?ticket=[redacted]`],
    ]);
    expect(JSON.stringify(log.lines)).not.toContain(ticket);
  });
});
