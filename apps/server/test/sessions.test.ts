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
  it('creates with defaults and with settings, and gets by id', async () => {
    const { client } = await t.signUp();
    const plain = await client.sessions.create.mutate();
    expect(plain).toMatchObject({
      title: 'New chat',
      model: 'echo',
      systemPrompt: null,
      isFavorite: false,
      groupId: null,
    });
    const group = await client.groups.create.mutate({ name: 'G' });
    const full = await client.sessions.create.mutate({
      title: 'Trip',
      groupId: group.id,
      model: 'echo',
      systemPrompt: 'Be brief.',
    });
    expect(await client.sessions.get.query({ id: full.id })).toEqual(full);
    expect(full).toMatchObject({ title: 'Trip', groupId: group.id, systemPrompt: 'Be brief.' });
  });

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

  it('lists most recent first, filters by group and favourite, and pages by cursor', async () => {
    const { client } = await t.signUp();
    const group = await client.groups.create.mutate({ name: 'G' });
    const created = [];
    for (let index = 0; index < 5; index += 1) {
      created.push(
        await client.sessions.create.mutate({
          title: `s${index}`,
          groupId: index % 2 === 0 ? group.id : null,
        }),
      );
    }
    await client.sessions.setFavorite.mutate({ id: created[1]!.id, isFavorite: true });

    const newestFirst = created.map((session) => session.id).reverse();
    const firstPage = await client.sessions.list.query({ limit: 2 });
    expect(firstPage.items.map((session) => session.id)).toEqual(newestFirst.slice(0, 2));
    const secondPage = await client.sessions.list.query({
      limit: 2,
      cursor: firstPage.nextCursor!,
    });
    expect(secondPage.items.map((session) => session.id)).toEqual(newestFirst.slice(2, 4));
    const lastPage = await client.sessions.list.query({ limit: 2, cursor: secondPage.nextCursor! });
    expect(lastPage).toEqual({
      items: [expect.objectContaining({ id: newestFirst[4] })],
      nextCursor: null,
    });

    expect(
      (await client.sessions.list.query({ groupId: group.id })).items.map(
        (session) => session.title,
      ),
    ).toEqual(['s4', 's2', 's0']);
    expect(
      (await client.sessions.list.query({ favorite: true })).items.map((session) => session.title),
    ).toEqual(['s1']);
  });

  it('search matches titles and message content, case-insensitively', async () => {
    const { client } = await t.signUp();
    const byTitle = await client.sessions.create.mutate({ title: 'Pasta recipes' });
    const byContent = await client.sessions.create.mutate({ title: 'Untitled' });
    await client.messages.create.mutate({
      sessionId: byContent.id,
      role: 'assistant',
      content: 'Boil the PASTA for 9 minutes',
    });
    await client.sessions.create.mutate({ title: 'Something else' });
    const found = await client.sessions.list.query({ search: 'pasta' });
    expect(found.items.map((session) => session.id).sort()).toEqual(
      [byTitle.id, byContent.id].sort(),
    );
    // LIKE wildcards in the search are literal text.
    expect((await client.sessions.list.query({ search: '%' })).items).toEqual([]);
  });

  it('deletes a session with its messages', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    await client.messages.create.mutate({
      sessionId: session.id,
      role: 'assistant',
      content: 'hi',
    });
    expect(await client.sessions.delete.mutate({ id: session.id })).toEqual({ id: session.id });
    expect(await errorOf(client.sessions.get.query({ id: session.id }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    expect(await t.database.prisma.message.count({ where: { sessionId: session.id } })).toBe(0);
    expect(await errorOf(client.sessions.delete.mutate({ id: session.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
