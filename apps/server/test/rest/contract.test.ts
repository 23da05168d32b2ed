import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { registerOverRest, restClient, restEmail } from './restClient';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const isoDate = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

async function waitForReply(api: ReturnType<typeof restClient>, sessionId: string) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const page = await api.get(`/messages/${sessionId}`);
    const reply = page.body.find((message: { role: string }) => message.role === 'assistant');
    if (reply && reply.status !== 'streaming') return { page, reply };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the reply never finished');
}

describe('REST /auth', () => {
  it('registers (201), logs in, tells who is signed in, and refreshes with the Bearer refresh token (a reuse within the grace gets the same successor)', async () => {
    const anonymous = restClient(t.server.url);
    const email = restEmail();
    const registered = await anonymous.post('/auth/register', {
      email,
      password: 'correct horse battery',
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('content-type')).toMatch(/^application\/json/);
    expect(registered.body).toEqual({
      user: { id: expect.any(String), email, name: null, image: null, createdAt: isoDate },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });

    const login = await anonymous.post('/auth/login', { email, password: 'correct horse battery' });
    expect(login.status).toBe(200);
    const me = await anonymous.get('/auth/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: registered.body.user.id, email });

    const refreshed = await anonymous.post('/auth/refresh', undefined, {
      token: login.body.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    // Within the 30 s grace a reuse is the same client racing itself: the same successor back
    // (a reuse after the grace revokes the family: packages/core/src/accounts/refreshTokens.test.ts).
    const reused = await anonymous.post('/auth/refresh', undefined, {
      token: login.body.refreshToken,
    });
    expect(reused.status).toBe(200);
    expect(reused.body.refreshToken).toBe(refreshed.body.refreshToken);
    // Signing out ends the family: the old token is no longer answered, even within the grace.
    await anonymous.post('/auth/logout', undefined, { token: refreshed.body.refreshToken });
    const afterLogout = await anonymous.post('/auth/refresh', undefined, {
      token: login.body.refreshToken,
    });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
  });

  it('answers bad input with 400 naming every field, a taken email with 409, wrong credentials with 401', async () => {
    const anonymous = restClient(t.server.url);
    const invalid = await anonymous.post('/auth/register', {
      email: 'not-an-email',
      password: 'x',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'BAD_REQUEST',
      field: 'email',
      fieldErrors: {
        email: [expect.stringMatching(/email/)],
        password: [expect.stringMatching(/at least 8/)],
      },
    });
    const { email } = await registerOverRest(t.server.url);
    const taken = await anonymous.post('/auth/register', { email, password: 'another password' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'CONFLICT', field: 'email' });
    const wrong = await anonymous.post('/auth/login', { email, password: 'wrong password!' });
    const unknown = await anonymous.post('/auth/login', {
      email: restEmail('nobody'),
      password: 'wrong password!',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect((await anonymous.get('/auth/me')).status).toBe(401);
    expect((await anonymous.get('/auth/me', { token: 'not.a.jwt' })).status).toBe(401);
  });
});

describe('REST /groups and /sessions', () => {
  it('creates, lists, renames and deletes groups; deleting one ungroups its sessions', async () => {
    const { api } = await registerOverRest(t.server.url);
    expect((await api.get('/groups')).body).toEqual([]);
    const created = await api.post('/groups', { name: 'Work' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Work',
      isFavorite: false,
      sessionCount: 0,
      createdAt: isoDate,
      updatedAt: isoDate,
    });
    const group = created.body;
    const renamed = await api.patch(`/groups/${group.id}`, { name: 'Job' });
    expect(renamed.body).toMatchObject({ id: group.id, name: 'Job' });
    const session = (await api.post('/sessions', { title: 'Plan', groupId: group.id })).body;
    const inGroup = await api.get(`/groups/${group.id}/sessions`);
    expect(inGroup.body.map((item: { id: string }) => item.id)).toEqual([session.id]);
    expect((await api.get('/groups')).body).toMatchObject([{ id: group.id, sessionCount: 1 }]);

    const deleted = await api.delete(`/groups/${group.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ ok: true, id: group.id });
    expect((await api.get(`/sessions/${session.id}`)).body.groupId).toBeNull();
    expect((await api.get(`/groups/${group.id}/sessions`)).status).toBe(404);
  });

  it('creates, reads, updates, stars, moves and deletes sessions', async () => {
    const { api } = await registerOverRest(t.server.url);
    const empty = await api.post('/sessions');
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ title: 'New chat', model: 'echo', isFavorite: false });
    const session = (await api.post('/sessions', { title: 'Trip', model: 'echo' })).body;

    const listed = await api.get('/sessions?limit=1');
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    const cursor = listed.headers.get('x-next-cursor');
    expect(cursor).toEqual(expect.any(String));
    expect(listed.headers.get('link')).toBe(`</sessions?limit=1&cursor=${cursor}>; rel="next"`);
    const next = await api.get(`/sessions?limit=1&cursor=${cursor}`);
    expect(next.body).toHaveLength(1);
    expect(next.body[0].id).not.toBe(listed.body[0].id);
    expect(next.headers.get('x-next-cursor')).toBeNull();
    expect(next.headers.get('link')).toBeNull();

    expect((await api.get(`/sessions/${session.id}`)).body).toMatchObject({ title: 'Trip' });
    const updated = await api.patch(`/sessions/${session.id}`, { title: 'Trip to Oslo' });
    expect(updated.body.title).toBe('Trip to Oslo');
    const starred = await api.patch(`/sessions/${session.id}/favorite`, { isFavorite: true });
    expect(starred.body.isFavorite).toBe(true);
    expect((await api.get('/sessions?favorite=true')).body).toHaveLength(1);
    const group = (await api.post('/groups', { name: 'Travel' })).body;
    const moved = await api.patch(`/sessions/${session.id}/group`, { groupId: group.id });
    expect(moved.body.groupId).toBe(group.id);
    const ungrouped = await api.patch(`/sessions/${session.id}/group`, { groupId: null });
    expect(ungrouped.body.groupId).toBeNull();

    const removed = await api.delete(`/sessions/${session.id}`);
    expect(removed.body).toEqual({ ok: true, id: session.id });
    expect((await api.get(`/sessions/${session.id}`)).status).toBe(404);
  });

  it('exports a session as JSON and Markdown files', async () => {
    const { api } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions', { title: 'Notes ✓' })).body;
    await api.post('/messages', { sessionId: session.id, role: 'assistant', content: '# Hello' });

    const json = await api.get(`/sessions/${session.id}/export.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(json.headers.get('content-disposition')).toBe(
      `attachment; filename="notes-${session.id}.json"; filename*=UTF-8''notes-${session.id}.json`,
    );
    expect(JSON.parse(json.text)).toMatchObject({
      session: { id: session.id, title: 'Notes ✓' },
      messages: [{ role: 'assistant', content: '# Hello' }],
    });

    const md = await api.get(`/sessions/${session.id}/export.md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toContain(`notes-${session.id}.md`);
    expect(md.text).toContain('# Notes ✓');
    expect(md.text).toContain('# Hello');
  });
});

describe('REST /messages, /ai/models, /health', () => {
  it('a user message starts the reply; the messages list shows both', async () => {
    const { api } = await registerOverRest(t.server.url);
    const session = (await api.post('/sessions', { title: 'Echo' })).body;
    const posted = await api.post('/messages', {
      sessionId: session.id,
      role: 'user',
      content: 'hello over rest',
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      sessionId: session.id,
      role: 'user',
      content: 'hello over rest',
      status: 'complete',
      createdAt: isoDate,
    });
    const { page, reply } = await waitForReply(api, session.id);
    expect(reply).toMatchObject({ status: 'complete', content: expect.stringContaining('hello') });
    expect(page.body.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
    ]);

    const stored = await api.post('/messages', {
      sessionId: session.id,
      role: 'assistant',
      content: 'an imported answer',
    });
    expect(stored.status).toBe(201);
    expect(stored.body.status).toBe('complete');
  });

  it('lists models and answers health', async () => {
    const { api } = await registerOverRest(t.server.url);
    const models = await api.get('/ai/models');
    expect(models.status).toBe(200);
    const echo = {
      id: 'echo',
      label: expect.any(String),
      isDefault: true,
      vision: true,
      provider: 'OPENAI',
      source: 'echo',
    };
    expect(models.body).toEqual({
      modelsByProvider: [{ provider: 'OPENAI', models: [echo] }],
      models: [echo],
    });
    const google = await api.get('/ai/models?provider=GOOGLE');
    expect(google.body).toEqual({ modelsByProvider: [], models: [] });
    const unknown = await api.get('/ai/models?provider=MISTRAL');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ field: 'provider' });
    expect((await restClient(t.server.url).get('/ai/models')).status).toBe(401);
    const health = await restClient(t.server.url).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', database: 'ok' });
    const head = await fetch(`${t.server.url}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});

describe('REST errors', () => {
  it("another user's data is 404, exactly like a missing id", async () => {
    const owner = await registerOverRest(t.server.url);
    const other = await registerOverRest(t.server.url);
    const session = (await owner.api.post('/sessions', { title: 'Private' })).body;
    const group = (await owner.api.post('/groups', { name: 'Private' })).body;
    for (const [method, path, body] of [
      ['GET', `/sessions/${session.id}`],
      ['PATCH', `/sessions/${session.id}`, { title: 'Mine now' }],
      ['DELETE', `/sessions/${session.id}`],
      ['GET', `/sessions/${session.id}/export.json`],
      ['GET', `/messages/${session.id}`],
      ['POST', '/messages', { sessionId: session.id, role: 'user', content: 'hi' }],
      ['PATCH', `/groups/${group.id}`, { name: 'Mine now' }],
      ['GET', `/groups/${group.id}/sessions`],
    ] as const) {
      const theirs = await other.api.call(method, path, { body });
      const missing = await other.api.call(
        method,
        path.replace(/c[a-z0-9]{20,}/, 'cmissing0000000000000000'),
        {
          body:
            body && 'sessionId' in body ? { ...body, sessionId: 'cmissing0000000000000000' } : body,
        },
      );
      expect([path, theirs.status]).toEqual([path, 404]);
      expect(theirs.body.message).toBe(missing.body.message);
    }
    expect((await owner.api.get(`/sessions/${session.id}`)).body.title).toBe('Private');
  });

  it('names the bad field in query strings and bodies, and refuses non-JSON bodies', async () => {
    const { api } = await registerOverRest(t.server.url);
    const badLimit = await api.get('/sessions?limit=lots');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toMatchObject({ field: 'limit' });
    const hugeLimit = await api.get('/sessions?limit=100000');
    expect(hugeLimit.body).toMatchObject({ statusCode: 400, field: 'limit' });
    const badFlag = await api.get('/sessions?favorite=maybe');
    expect(badFlag.body).toMatchObject({ statusCode: 400, field: 'favorite' });
    const wrongType = await api.patch('/sessions/cmissing0000000000000000/favorite', {
      isFavorite: 'yes',
    });
    expect(wrongType.body).toMatchObject({ statusCode: 400, field: 'isFavorite' });
    const badJson = await api.post('/groups', '{"name":', {});
    expect(badJson.status).toBe(400);
    expect(badJson.body.message).toMatch(/not valid JSON/);
    const form = await api.post('/groups', 'name=x', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const array = await api.post('/groups', [{ name: 'x' }]);
    expect(array.status).toBe(400);
    expect((await api.get('/groups')).body).toEqual([]);
  });

  it('answers a wrong method with 405 and Allow, an unknown path with 404, a huge body with 413', async () => {
    const { api } = await registerOverRest(t.server.url);
    const wrongMethod = await api.call('PUT', '/groups');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect((await api.get('/no/such/route')).body).toMatchObject({ statusCode: 404 });
    const huge = await api.post('/groups', { name: 'x'.repeat(t.config.http.bodyLimitBytes + 10) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('REST rate limits', () => {
  it('answers 429 with Retry-After when sign-in attempts exceed the limit', async () => {
    const limited = await startTestServer({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_AUTH_PER_MINUTE: '2',
    });
    try {
      const anonymous = restClient(limited.server.url);
      const attempt = () =>
        anonymous.post('/auth/login', { email: 'who@example.com', password: 'wrong password' });
      expect((await attempt()).status).toBe(401);
      expect((await attempt()).status).toBe(401);
      const refused = await attempt();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    } finally {
      await limited.close();
    }
  });
});
