import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer, type TestUser } from './harness';

let t: TestServer;
let user: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  user = await t.signUp();
});
afterAll(async () => {
  await t?.close();
});

describe('groups', () => {
  it('creates, lists (favourites first, then by name), renames and favourites groups', async () => {
    const { client } = await t.signUp();
    const work = await client.groups.create.mutate({ name: '  Work  ' });
    expect(work).toMatchObject({ name: 'Work', isFavorite: false, sessionCount: 0 });
    const ideas = await client.groups.create.mutate({ name: 'Ideas' });
    expect((await client.groups.list.query()).map((group) => group.name)).toEqual([
      'Ideas',
      'Work',
    ]);

    const renamed = await client.groups.update.mutate({
      id: work.id,
      name: 'Job',
      isFavorite: true,
    });
    expect(renamed).toMatchObject({ id: work.id, name: 'Job', isFavorite: true });
    expect((await client.groups.list.query()).map((group) => group.id)).toEqual([
      work.id,
      ideas.id,
    ]);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
  ])('refuses a bad name %j', async (input, field) => {
    expect(await errorOf(user.client.groups.create.mutate(input))).toMatchObject({
      code: 'BAD_REQUEST',
      field,
    });
  });

  it('lists the sessions of a group and counts them', async () => {
    const { client } = await t.signUp();
    const group = await client.groups.create.mutate({ name: 'Folder' });
    const inside = await client.sessions.create.mutate({ title: 'inside', groupId: group.id });
    await client.sessions.create.mutate({ title: 'outside' });
    expect(
      (await client.groups.sessions.query({ id: group.id })).map((session) => session.id),
    ).toEqual([inside.id]);
    expect((await client.groups.list.query())[0]?.sessionCount).toBe(1);
  });

  it('refuses unknown ids with NOT_FOUND and malformed ids with BAD_REQUEST', async () => {
    expect(
      await errorOf(
        user.client.groups.update.mutate({ id: 'cnotthereatall0000000000', name: 'x' }),
      ),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    expect(await errorOf(user.client.groups.sessions.query({ id: "'; DROP TABLE" }))).toMatchObject(
      {
        code: 'BAD_REQUEST',
        field: 'id',
      },
    );
  });
});
