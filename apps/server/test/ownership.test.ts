import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer, type TestUser } from './harness';

let t: TestServer;
let owner: TestUser;
let intruder: TestUser;
let ids: { groupId: string; sessionId: string; messageId: string };

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signUp();
  intruder = await t.signUp();
  const group = await owner.client.groups.create.mutate({ name: 'Private folder' });
  const session = await owner.client.sessions.create.mutate({
    title: 'Private chat secret-word',
    groupId: group.id,
  });
  const message = await owner.client.messages.create.mutate({
    sessionId: session.id,
    role: 'assistant',
    content: 'private content secret-word',
  });
  ids = { groupId: group.id, sessionId: session.id, messageId: message.id };
  // Shared, so an unshare by the intruder would have a link to remove.
  await owner.client.sessions.share.mutate({ id: session.id });
});
afterAll(async () => {
  await t?.close();
});

/** Every procedure that takes an id of someone's data, called by the intruder with the owner's ids. */
const attempts: [string, (client: TestUser['client']) => Promise<unknown>][] = [
  ['groups.update', (c) => c.groups.update.mutate({ id: ids.groupId, name: 'mine now' })],
  ['groups.delete', (c) => c.groups.delete.mutate({ id: ids.groupId })],
  ['groups.sessions', (c) => c.groups.sessions.query({ id: ids.groupId })],
  ['sessions.get', (c) => c.sessions.get.query({ id: ids.sessionId })],
  ['sessions.update', (c) => c.sessions.update.mutate({ id: ids.sessionId, title: 'mine now' })],
  [
    'sessions.setFavorite',
    (c) => c.sessions.setFavorite.mutate({ id: ids.sessionId, isFavorite: true }),
  ],
  ['sessions.setGroup', (c) => c.sessions.setGroup.mutate({ id: ids.sessionId, groupId: null })],
  ['sessions.delete', (c) => c.sessions.delete.mutate({ id: ids.sessionId })],
  ['sessions.export (json)', (c) => c.sessions.export.query({ id: ids.sessionId, format: 'json' })],
  ['sessions.export (md)', (c) => c.sessions.export.query({ id: ids.sessionId, format: 'md' })],
  ['sessions.list with a foreign cursor', (c) => c.sessions.list.query({ cursor: ids.sessionId })],
  ['sessions.list in a foreign group', (c) => c.sessions.list.query({ groupId: ids.groupId })],
  [
    'sessions.create into a foreign group',
    (c) => c.sessions.create.mutate({ groupId: ids.groupId }),
  ],
  ['sessions.share', (c) => c.sessions.share.mutate({ id: ids.sessionId })],
  ['sessions.unshare', (c) => c.sessions.unshare.mutate({ id: ids.sessionId })],
  ['messages.list', (c) => c.messages.list.query({ sessionId: ids.sessionId })],
  [
    'messages.create',
    (c) => c.messages.create.mutate({ sessionId: ids.sessionId, role: 'user', content: 'hi' }),
  ],
  ['messages.send', (c) => c.messages.send.mutate({ sessionId: ids.sessionId, content: 'hi' })],
];

describe('another user', () => {
  it.each(attempts)('gets NOT_FOUND from %s', async (_name, attempt) => {
    expect(await errorOf(attempt(intruder.client))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('moving their own session into a foreign group is NOT_FOUND on groupId', async () => {
    const own = await intruder.client.sessions.create.mutate();
    expect(
      await errorOf(intruder.client.sessions.setGroup.mutate({ id: own.id, groupId: ids.groupId })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'groupId',
    });
  });

  it('never sees the owner’s data in any list or search', async () => {
    expect(await intruder.client.groups.list.query()).toEqual([]);
    expect((await intruder.client.sessions.list.query()).items.map((s) => s.id)).not.toContain(
      ids.sessionId,
    );
    expect((await intruder.client.sessions.list.query({ search: 'secret-word' })).items).toEqual(
      [],
    );
    expect(await intruder.client.sessions.shares.query()).toEqual([]);
  });

  it('left the owner’s data untouched', async () => {
    const session = await owner.client.sessions.get.query({ id: ids.sessionId });
    expect(session).toMatchObject({
      title: 'Private chat secret-word',
      groupId: ids.groupId,
      isFavorite: false,
    });
    const messages = await owner.client.messages.list.query({ sessionId: ids.sessionId });
    expect(messages.items.map((message) => message.id)).toEqual([ids.messageId]);
    expect((await owner.client.groups.list.query()).map((group) => group.id)).toEqual([
      ids.groupId,
    ]);
    expect((await owner.client.sessions.shares.query()).map((share) => share.sessionId)).toEqual([
      ids.sessionId,
    ]);
  });
});
