import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe('sessions', () => {
  it('refuses an unknown model, a foreign group and bad fields, naming the field', async () => {
    const { client } = await t.signUp();
    expect(
      await errorOf(client.sessions.create.mutate({ model: 'gpt-nonexistent' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'model',
    });
    expect(
      await errorOf(client.sessions.create.mutate({ groupId: 'cnotthereatall0000000000' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'groupId',
    });
    expect(await errorOf(client.sessions.create.mutate({ title: 'x'.repeat(201) }))).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'title',
    });
    expect(
      await errorOf(client.sessions.create.mutate({ systemPrompt: 'x'.repeat(20_001) })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'systemPrompt',
    });
    expect(await errorOf(client.sessions.list.query({ limit: 10_000 }))).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'limit',
    });
  });

  it('updates, favourites and moves between groups', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate({ title: 'Before' });
    const group = await client.groups.create.mutate({ name: 'G' });
    expect(
      await client.sessions.update.mutate({
        id: session.id,
        title: 'After',
        systemPrompt: 'Rhyme.',
      }),
    ).toMatchObject({
      title: 'After',
      systemPrompt: 'Rhyme.',
    });
    expect(
      await client.sessions.update.mutate({ id: session.id, systemPrompt: null }),
    ).toMatchObject({ systemPrompt: null });
    expect(
      await client.sessions.setFavorite.mutate({ id: session.id, isFavorite: true }),
    ).toMatchObject({ isFavorite: true });
    expect(
      await client.sessions.setGroup.mutate({ id: session.id, groupId: group.id }),
    ).toMatchObject({ groupId: group.id });
    expect(await client.sessions.setGroup.mutate({ id: session.id, groupId: null })).toMatchObject({
      groupId: null,
    });
    expect(
      await errorOf(client.sessions.update.mutate({ id: session.id, model: 'nope' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'model',
    });
  });
});
