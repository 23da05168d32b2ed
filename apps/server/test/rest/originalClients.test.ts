import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { registerOverRest, restClient } from './restClient';

/** What the original backend's frontend and Postman flow send, unchanged. */
let t: TestServer;
beforeAll(async () => {
  // Rate limits on (a small auth budget), as in production: refresh must not share one per IP.
  t = await startTestServer({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '12' });
});
afterAll(async () => {
  await t?.close();
});

describe('lists answer bare arrays, pages in headers', () => {
  it('GET /sessions: every session without parameters, a page with ?limit=', async () => {
    const { api } = await registerOverRest(t.server.url);
    for (let index = 0; index < 3; index += 1) await api.post('/sessions', { title: `S${index}` });
    const all = await api.get('/sessions');
    expect(all.status).toBe(200);
    expect(all.body.map((session: { title: string }) => session.title)).toEqual(['S2', 'S1', 'S0']);
    expect(all.headers.get('link')).toBeNull();

    const first = await api.get('/sessions?limit=2');
    expect(first.body).toHaveLength(2);
    const cursor = first.headers.get('x-next-cursor')!;
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '');
    expect(link?.[1]).toBe(`/sessions?limit=2&cursor=${cursor}`);
    const second = await api.get(link![1]!);
    expect(second.body.map((session: { title: string }) => session.title)).toEqual(['S0']);
  });

  it('GET /messages/:sessionId: the most recent messages, oldest first', async () => {
    const { api } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions')).body;
    for (const content of ['one', 'two', 'three']) {
      await api.post('/messages', { sessionId: session.id, role: 'assistant', content });
    }
    const all = await api.get(`/messages/${session.id}`);
    expect(all.body.map((message: { content: string }) => message.content)).toEqual([
      'one',
      'two',
      'three',
    ]);
    const latest = await api.get(`/messages/${session.id}?limit=2`);
    expect(latest.body.map((message: { content: string }) => message.content)).toEqual([
      'two',
      'three',
    ]);
    const older = await api.get(
      `/messages/${session.id}?limit=2&cursor=${latest.headers.get('x-next-cursor')}`,
    );
    expect(older.body.map((message: { content: string }) => message.content)).toEqual(['one']);
  });
});

describe('folders (the original groups)', () => {
  it('serves /folders over the same rows as /groups, and folderId beside groupId', async () => {
    const { api } = await registerOverRest(t.server.url);
    const folder = await api.post('/folders', { name: 'Work' });
    expect(folder.status).toBe(201);
    expect((await api.get('/groups')).body).toMatchObject([{ id: folder.body.id, name: 'Work' }]);
    const renamed = await api.patch(`/folders/${folder.body.id}`, { name: 'Job' });
    expect(renamed.body).toMatchObject({ name: 'Job' });
    const starred = await api.patch(`/folders/${folder.body.id}/favorite`, { isFavorite: true });
    expect(starred.body).toMatchObject({ isFavorite: true });

    const created = await api.post('/sessions', { title: 'Plan', folderId: folder.body.id });
    expect(created.body).toMatchObject({ groupId: folder.body.id, folderId: folder.body.id });
    const moved = await api.patch(`/sessions/${created.body.id}/folder`, { folderId: null });
    expect(moved.body).toMatchObject({ groupId: null, folderId: null });
    await api.patch(`/sessions/${created.body.id}`, { folderId: folder.body.id });
    const inFolder = await api.get(`/folders/${folder.body.id}/sessions`);
    expect(inFolder.body.map((session: { id: string }) => session.id)).toEqual([created.body.id]);
    const missing = await api.patch(`/sessions/${created.body.id}/folder`, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ field: 'groupId' });

    const deleted = await api.delete(`/folders/${folder.body.id}`);
    expect(deleted.body).toEqual({ ok: true, id: folder.body.id });
    expect((await api.get(`/sessions/${created.body.id}`)).body.folderId).toBeNull();
  });
});

describe('sessions carry the provider family beside the model', () => {
  it('switches provider with PATCH { provider, model: "" } to its default model', async () => {
    const { api } = await registerOverRest(t.server.url);
    const created = await api.post('/sessions', { title: 'Chat' });
    // The echo model is listed under OPENAI, the only family this server has.
    expect(created.body).toMatchObject({ model: 'echo', provider: 'OPENAI' });
    const switched = await api.patch(`/sessions/${created.body.id}`, {
      provider: 'OPENAI',
      model: '',
    });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ model: 'echo', provider: 'OPENAI' });

    // A family with no model here is refused on its field, and nothing changes.
    const none = await api.patch(`/sessions/${created.body.id}`, { provider: 'GOOGLE', model: '' });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ field: 'provider' });
    const unknown = await api.patch(`/sessions/${created.body.id}`, { provider: 'MISTRAL' });
    expect(unknown.status).toBe(400);
    expect((await api.get(`/sessions/${created.body.id}`)).body.provider).toBe('OPENAI');
  });
});

describe('refresh under a frontend proxy', () => {
  it('answers concurrent refreshes of one token with the same refresh token', async () => {
    const { tokens } = await registerOverRest(t.server.url);
    const proxy = restClient(t.server.url);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        proxy.post('/auth/refresh', { refreshToken: tokens.refreshToken }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.refreshToken)).size).toBe(1);
    // A client that kept the old token (within the grace) is not logged out either.
    const late = await proxy.post('/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(late.body.refreshToken).toBe(answers[0]!.body.refreshToken);
    const me = await proxy.get('/auth/me', { token: late.body.accessToken });
    expect(me.status).toBe(200);
  });

  it('takes the refresh token from the body when an access token rides along as Bearer', async () => {
    const { tokens } = await registerOverRest(t.server.url);
    const client = restClient(t.server.url);
    const bearer = { token: tokens.accessToken };
    const refreshed = await client.post(
      '/auth/refresh',
      { refreshToken: tokens.refreshToken },
      bearer,
    );
    expect(refreshed.status).toBe(200);
    const loggedOut = await client.post(
      '/auth/logout',
      { refreshToken: refreshed.body.refreshToken },
      bearer,
    );
    expect(loggedOut.status).toBeLessThan(300);
  });

  it('limits refresh per token family, not per address', async () => {
    const users = await Promise.all(
      Array.from({ length: 3 }, () => registerOverRest(t.server.url)),
    );
    const proxy = restClient(t.server.url);
    // More refreshes from this one address than its sign-in budget (12 a minute): 15, over 3 users.
    for (let round = 0; round < 5; round += 1) {
      for (const user of users) {
        const answer = await proxy.post('/auth/refresh', undefined, {
          token: user.tokens.refreshToken,
        });
        expect(answer.status).toBe(200);
        user.tokens.refreshToken = answer.body.refreshToken;
      }
    }
  });
});

describe('CORS in development', () => {
  it('allows browser pages on localhost and 127.0.0.1 on any port, no other origin', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000']) {
      const answer = await fetch(`${t.server.url}/health`, { headers: { origin } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const foreign = await fetch(`${t.server.url}/health`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });
});
