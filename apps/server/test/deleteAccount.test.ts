import { createChatClient } from '@chatbot/client';
import { createQueryCounter } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from './harness';
import { registerOverRest, restClient } from './rest/restClient';

const counter = createQueryCounter();
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({}, { wrapAdapter: counter.wrap });
});
afterAll(async () => {
  await t?.close();
});

const password = 'correct horse battery';
const prisma = () => t.database.prisma;

/** A user over REST with a group, a chat and a message, and a typed client on its access token. */
async function userWithData() {
  const { email, tokens, api } = await registerOverRest(t.server.url);
  const client = createChatClient({ url: t.trpcUrl, token: tokens.accessToken });
  const group = await client.groups.create.mutate({ name: 'Folder' });
  const session = await client.sessions.create.mutate({ title: 'Chat', groupId: group.id });
  await client.messages.create.mutate({ sessionId: session.id, role: 'user', content: 'hi' });
  return { email, tokens, api, client, userId: tokens.user.id };
}

async function holdings(userId: string) {
  const [users, sessions, groups, refreshTokens] = await Promise.all([
    prisma().user.count({ where: { id: userId } }),
    prisma().session.count({ where: { userId } }),
    prisma().group.count({ where: { userId } }),
    prisma().refreshToken.count({ where: { userId } }),
  ]);
  return { users, sessions, groups, refreshTokens };
}

describe('a valid access token of a user who no longer exists', () => {
  it('is UNAUTHORIZED (not a 500 from a foreign key) on every protected call', async () => {
    const { client, userId, api } = await userWithData();
    await prisma().user.delete({ where: { id: userId } });
    // All caught at once: awaiting them one by one leaves the later ones rejected unhandled.
    const errors = await Promise.all(
      [
        client.sessions.create.mutate({ title: 'after' }),
        client.groups.create.mutate({ name: 'after' }),
        client.sessions.list.query(),
        client.auth.me.query(),
      ].map(errorOf),
    );
    for (const error of errors) {
      expect(error).toMatchObject({
        code: 'UNAUTHORIZED',
        message: 'This account no longer exists',
      });
    }
    expect((await api.post('/sessions', { title: 'after' })).status).toBe(401);
  });

  it('costs one primary-key lookup of the user per request', async () => {
    const { api } = await userWithData();
    const since = performance.now();
    expect((await api.get('/sessions')).status).toBe(200);
    const userQueries = counter.queries.filter(
      (query) => query.at >= since && /FROM\s+"public"\."User"/i.test(query.sql),
    );
    expect(userQueries).toHaveLength(1);
    expect(userQueries[0]!.sql).toMatch(/WHERE\s+\("public"\."User"\."id" = \$1/i);
  });
});

describe('auth.deleteAccount', () => {
  it('removes everything the user owns; the old tokens stop working', async () => {
    const { client, userId, tokens } = await userWithData();
    expect(await client.auth.deleteAccount.mutate({ password })).toEqual({ id: userId });
    expect(await holdings(userId)).toEqual({ users: 0, sessions: 0, groups: 0, refreshTokens: 0 });
    expect(await errorOf(client.auth.me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(
      await errorOf(t.anonymous().auth.refresh.mutate({ refreshToken: tokens.refreshToken })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a wrong password as BAD_REQUEST on the password field, deleting nothing', async () => {
    const { client, userId } = await userWithData();
    const before = await holdings(userId);
    expect(
      await errorOf(client.auth.deleteAccount.mutate({ password: 'not it at all' })),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'password' });
    expect(await holdings(userId)).toEqual(before);
  });

  it('is served as DELETE /auth/me, the password in a JSON body', async () => {
    const { api, userId, tokens } = await userWithData();
    const withoutPassword = await api.delete('/auth/me');
    expect(withoutPassword.status).toBe(400);
    expect(withoutPassword.body).toMatchObject({ field: 'password' });
    const deleted = await api.call('DELETE', '/auth/me', { body: { password } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: userId });
    expect((await api.get('/auth/me')).status).toBe(401);
    const refreshed = await restClient(t.server.url).post('/auth/refresh', undefined, {
      token: tokens.refreshToken,
    });
    expect(refreshed.status).toBe(401);
  });
});
