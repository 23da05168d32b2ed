import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from './harness';
import { registerOverRest } from './rest/restClient';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ MAX_GROUPS_PER_USER: '2', MAX_SESSIONS_PER_USER: '2' });
});
afterAll(async () => {
  await t?.close();
});

describe('per-user quotas', () => {
  it('refuses one group past MAX_GROUPS_PER_USER with CONFLICT naming the limit', async () => {
    const { client, userId } = await t.signUp();
    await client.groups.create.mutate({ name: 'one' });
    await client.groups.create.mutate({ name: 'two' });
    expect(await errorOf(client.groups.create.mutate({ name: 'three' }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('MAX_GROUPS_PER_USER'),
    });
    expect(await t.database.prisma.group.count({ where: { userId } })).toBe(2);
  });

  it('refuses one session past MAX_SESSIONS_PER_USER with 409 over REST', async () => {
    const { api } = await registerOverRest(t.server.url);
    expect((await api.post('/sessions', { title: 'one' })).status).toBe(201);
    expect((await api.post('/sessions', { title: 'two' })).status).toBe(201);
    const refused = await api.post('/sessions', { title: 'three' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('MAX_SESSIONS_PER_USER'),
    });
  });
});
