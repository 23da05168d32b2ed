import { EventSource, type FetchLike } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { registerOverRest, type restClient } from './restClient';

let t: TestServer;
beforeAll(async () => {
  // Streams end after a second, so EventSource's own reconnect (with Last-Event-ID) is exercised.
  t = await startTestServer({ STREAM_MAX_DURATION_MS: '1000' });
});
afterAll(async () => {
  await t?.close();
});

interface Received {
  id: string;
  type: string;
  data: {
    type: string;
    messageId?: string;
    delta?: string;
    message?: { id: string; role: string };
  };
}

const EVENT_TYPES = [
  'message:new',
  'message:stream',
  'message:update',
  'message:done',
  'message:error',
  'message:cancelled',
  'session:update',
  'session:resync',
];

/** A real EventSource on a session's stream, recording every event and each request it made. */
function listen(url: string, headers: Record<string, string> = {}) {
  const received: Received[] = [];
  const requests: Headers[] = [];
  let opens = 0;
  const source = new EventSource(url, {
    fetch: (input, init?: Parameters<FetchLike>[1]) => {
      const merged = new Headers(init?.headers as Record<string, string>);
      for (const [name, value] of Object.entries(headers)) merged.set(name, value);
      requests.push(merged);
      return fetch(input, { ...init, headers: merged });
    },
  });
  source.addEventListener('open', () => (opens += 1));
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (event: MessageEvent) => {
      received.push({ id: event.lastEventId, type, data: JSON.parse(event.data) });
    });
  }
  return {
    source,
    received,
    requests,
    opens: () => opens,
    async until(done: (events: Received[]) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(received)) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(received)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

const replyDone = (replyId: () => string | undefined) => (events: Received[]) =>
  events.some((event) => event.type === 'message:done' && event.data.messageId === replyId());

function assembled(events: Received[], messageId: string) {
  return events
    .filter((event) => event.type === 'message:stream' && event.data.messageId === messageId)
    .map((event) => event.data.delta)
    .join('');
}

async function storedReply(api: ReturnType<typeof restClient>, sessionId: string) {
  const page = await api.get(`/messages/${sessionId}`);
  return page.body.filter((message: { role: string }) => message.role === 'assistant');
}

describe('GET /sse/sessions/:id/stream', () => {
  it('streams a whole reply to an EventSource holding a stream ticket', async () => {
    const { api } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions', { title: 'SSE' })).body;
    const ticket = await api.post(`/sse/sessions/${session.id}/ticket`);
    expect(ticket.status).toBe(200);
    expect(ticket.body).toEqual({ ticket: expect.any(String), expiresIn: 120 });

    const stream = listen(
      `${t.server.url}/sse/sessions/${session.id}/stream?ticket=${ticket.body.ticket}`,
    );
    try {
      await stream.until(() => stream.opens() > 0);
      let replyId: string | undefined;
      await api.post('/messages', { sessionId: session.id, role: 'user', content: 'stream me' });
      await stream.until((events) => {
        replyId ??= events.find(
          (event) => event.type === 'message:new' && event.data.message?.role === 'assistant',
        )?.data.message?.id;
        return replyDone(() => replyId)(events);
      });
      const [reply] = await storedReply(api, session.id);
      expect(reply.id).toBe(replyId);
      expect(assembled(stream.received, reply.id)).toBe(reply.content);
      expect(stream.received.map((event) => event.type)).toEqual(
        expect.arrayContaining(['message:new', 'message:stream', 'message:update', 'message:done']),
      );
    } finally {
      stream.source.close();
    }
  });

  it('reconnects with Last-Event-ID after the stream ends and misses nothing, twice nothing', async () => {
    const { api, tokens } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions', { title: 'Resume' })).body;
    const stream = listen(`${t.server.url}/sse/sessions/${session.id}/stream`, {
      authorization: `Bearer ${tokens.accessToken}`,
    });
    try {
      await stream.until(() => stream.opens() > 0);
      await api.post('/messages', { sessionId: session.id, role: 'user', content: 'first one' });
      // The server closes each stream after 1 s; EventSource comes back with Last-Event-ID.
      await stream.until(() => stream.opens() >= 2, 5_000);
      await api.post('/messages', { sessionId: session.id, role: 'user', content: 'second one' });
      await stream.until(
        (events) => events.filter((event) => event.type === 'message:done').length === 2,
      );

      const resumed = stream.requests.slice(1).map((headers) => headers.get('last-event-id'));
      expect(resumed[0]).toEqual(expect.any(String));
      const ids = stream.received.map((event) => event.id);
      expect(new Set(ids).size).toBe(ids.length);
      const replies = await storedReply(api, session.id);
      expect(replies).toHaveLength(2);
      for (const reply of replies) {
        expect(assembled(stream.received, reply.id)).toBe(reply.content);
      }
    } finally {
      stream.source.close();
    }
  });

  it('refuses a missing, foreign or tampered ticket and another user’s session', async () => {
    const owner = await registerOverRest(t.server.url);
    const other = await registerOverRest(t.server.url);
    const session = (await owner.api.post('/sessions', { title: 'Mine' })).body;
    const otherSession = (await other.api.post('/sessions', { title: 'Theirs' })).body;
    const ticket = (await owner.api.post(`/sse/sessions/${session.id}/ticket`)).body.ticket;
    const url = (id: string, query = '') => `${t.server.url}/sse/sessions/${id}/stream${query}`;

    const failures: { status?: number; url: string }[] = [];
    for (const target of [
      url(session.id),
      url(session.id, `?ticket=${ticket}x`),
      url(otherSession.id, `?ticket=${ticket}`),
      url(session.id, `?ticket=${owner.tokens.accessToken}`),
    ]) {
      const source = new EventSource(target);
      const status = await new Promise<number | undefined>((resolve) => {
        source.addEventListener('error', (event) => resolve(event.code));
        source.addEventListener('open', () => resolve(200));
      });
      source.close();
      failures.push({ status, url: target });
    }
    expect(failures.map((failure) => failure.status)).toEqual([401, 401, 401, 401]);

    const plain = await fetch(url(session.id), {
      headers: { authorization: `Bearer ${other.tokens.accessToken}` },
    });
    expect(plain.status).toBe(404);
    expect(await plain.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await other.api.post(`/sse/sessions/${session.id}/ticket`)).status).toBe(404);
  });
});

/** The events of a finite text/event-stream body. */
function parseEventStream(text: string) {
  return text
    .split('\n\n')
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const match = /^(id|event|data): ?(.*)$/.exec(line);
        if (match) fields[match[1]!] = match[2]!;
      }
      return fields;
    })
    .filter((fields) => fields.event)
    .map((fields) => ({
      id: fields.id,
      type: fields.event,
      data: JSON.parse(fields.data ?? '{}'),
    }));
}

describe('POST /sse/sessions/:id/messages', () => {
  it('stores the prompt and streams that reply until it is done', async () => {
    const { api, tokens } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions', { title: 'Parity' })).body;
    const send = () =>
      fetch(`${t.server.url}/sse/sessions/${session.id}/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ content: 'parity please', clientId: 'retry-1' }),
      });
    const response = await send();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseEventStream(await response.text());
    const [user, reply] = events.filter((event) => event.type === 'message:new');
    expect(user?.data.message).toMatchObject({ role: 'user', content: 'parity please' });
    expect(reply?.data.message).toMatchObject({ role: 'assistant', status: 'streaming' });
    expect(events.at(-1)).toMatchObject({
      type: 'message:done',
      data: { messageId: reply?.data.message.id },
    });
    const [stored] = await storedReply(api, session.id);
    expect(
      events
        .filter((event) => event.type === 'message:stream')
        .map((event) => event.data.delta)
        .join(''),
    ).toBe(stored.content);

    // A network retry with the same clientId creates nothing new and answers the final state.
    const retried = await send();
    const again = parseEventStream(await retried.text());
    expect(again.map((event) => event.type)).toEqual(['message:new', 'message:update']);
    expect(again[1]?.data.message).toMatchObject({ id: stored.id, content: stored.content });
    expect((await api.get(`/messages/${session.id}`)).body).toHaveLength(2);
  });

  it('answers bad input, no token and another user’s session as JSON errors, storing nothing', async () => {
    const owner = await registerOverRest(t.server.url);
    const other = await registerOverRest(t.server.url);
    const session = (await owner.api.post('/sessions', { title: 'Mine' })).body;
    const post = (token: string | undefined, body: unknown) =>
      fetch(`${t.server.url}/sse/sessions/${session.id}/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const empty = await post(owner.tokens.accessToken, { content: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ field: 'content' });
    expect((await post(undefined, { content: 'hi' })).status).toBe(401);
    expect((await post(other.tokens.accessToken, { content: 'hi' })).status).toBe(404);
    expect((await owner.api.get(`/messages/${session.id}`)).body).toEqual([]);
  });
});
