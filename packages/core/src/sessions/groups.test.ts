import { failureOf, openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, deleteGroup, listGroups, requireGroup, updateGroup } from './groups';
import { createSession, getSession } from './sessions';

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
});
afterAll(async () => {
  await core?.close();
});

const prisma = () => core.app.database.prisma;
const deps = () => ({ prisma: prisma(), models: core.app.models, events: core.app.events });

describe('createGroup', () => {
  it('creates an empty, non-favourite group with the given name', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(prisma(), user.id, 'Work');
    expect(group).toMatchObject({ name: 'Work', isFavorite: false, sessionCount: 0 });
    expect(await requireGroup(prisma(), user.id, group.id)).toMatchObject({ userId: user.id });
  });
});

describe('listGroups', () => {
  it('lists favourites first, then by name', async () => {
    const user = await core.createTestUser();
    const work = await createGroup(prisma(), user.id, 'work');
    const ideas = await createGroup(prisma(), user.id, 'ideas');
    const zoo = await createGroup(prisma(), user.id, 'zoo');
    expect((await listGroups(prisma(), user.id)).map((group) => group.id)).toEqual([
      ideas.id,
      work.id,
      zoo.id,
    ]);

    await updateGroup(prisma(), user.id, { id: zoo.id, isFavorite: true });
    expect((await listGroups(prisma(), user.id)).map((group) => group.id)).toEqual([
      zoo.id,
      ideas.id,
      work.id,
    ]);
  });

  it('sorts names as people read them, whatever their case and numbers', async () => {
    const user = await core.createTestUser();
    const names = ['banana', 'Chat 10', 'Apple', 'chat 2', 'Zebra'];
    for (const name of names) await createGroup(prisma(), user.id, name);
    expect((await listGroups(prisma(), user.id)).map((group) => group.name)).toEqual([
      'Apple',
      'banana',
      'chat 2',
      'Chat 10',
      'Zebra',
    ]);
  });

  it("lists only the user's own groups", async () => {
    const owner = await core.createTestUser();
    const other = await core.createTestUser();
    await createGroup(prisma(), owner.id, 'mine');
    expect(await listGroups(prisma(), other.id)).toEqual([]);
  });

  it("counts each group's sessions", async () => {
    const user = await core.createTestUser();
    const full = await createGroup(prisma(), user.id, 'full');
    await createGroup(prisma(), user.id, 'empty');
    await createSession(deps(), user.id, { title: 'a', groupId: full.id });
    await createSession(deps(), user.id, { title: 'b', groupId: full.id });
    await createSession(deps(), user.id, { title: 'ungrouped' });
    const counts = Object.fromEntries(
      (await listGroups(prisma(), user.id)).map((group) => [group.name, group.sessionCount]),
    );
    expect(counts).toEqual({ full: 2, empty: 0 });
  });
});

describe('updateGroup', () => {
  it('renames and favourites, returning the updated group with its count', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(prisma(), user.id, 'Before');
    await createSession(deps(), user.id, { groupId: group.id });
    expect(
      await updateGroup(prisma(), user.id, { id: group.id, name: 'After', isFavorite: true }),
    ).toMatchObject({ id: group.id, name: 'After', isFavorite: true, sessionCount: 1 });
  });

  it('leaves fields it is not given unchanged', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(prisma(), user.id, 'Kept');
    await updateGroup(prisma(), user.id, { id: group.id, isFavorite: true });
    expect(await updateGroup(prisma(), user.id, { id: group.id })).toMatchObject({
      name: 'Kept',
      isFavorite: true,
    });
  });

  it("refuses another user's group as NOT_FOUND and leaves it unchanged", async () => {
    const owner = await core.createTestUser();
    const other = await core.createTestUser();
    const group = await createGroup(prisma(), owner.id, 'Private');
    expect(
      await failureOf(updateGroup(prisma(), other.id, { id: group.id, name: 'Mine' })),
    ).toEqual({ kind: 'NOT_FOUND', field: 'id' });
    expect((await listGroups(prisma(), owner.id))[0]?.name).toBe('Private');
  });
});

describe('deleteGroup', () => {
  it('deletes the group and keeps its sessions, ungrouped', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(prisma(), user.id, 'Temporary');
    const a = await createSession(deps(), user.id, { title: 'a', groupId: group.id });
    const b = await createSession(deps(), user.id, { title: 'b', groupId: group.id });

    expect(await deleteGroup(prisma(), user.id, group.id)).toEqual({ id: group.id });
    expect(await listGroups(prisma(), user.id)).toEqual([]);
    expect((await getSession(prisma(), user.id, a.id)).groupId).toBeNull();
    expect((await getSession(prisma(), user.id, b.id)).groupId).toBeNull();
  });

  it('refuses a group that is already gone', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(prisma(), user.id, 'Once');
    await deleteGroup(prisma(), user.id, group.id);
    expect(await failureOf(deleteGroup(prisma(), user.id, group.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
  });

  it("refuses another user's group and keeps it", async () => {
    const owner = await core.createTestUser();
    const other = await core.createTestUser();
    const group = await createGroup(prisma(), owner.id, 'Private');
    expect(await failureOf(deleteGroup(prisma(), other.id, group.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
    expect(await listGroups(prisma(), owner.id)).toHaveLength(1);
  });
});

describe('requireGroup', () => {
  it("refuses another user's group as NOT_FOUND, naming the field it was given", async () => {
    const owner = await core.createTestUser();
    const other = await core.createTestUser();
    const group = await createGroup(prisma(), owner.id, 'Private');
    expect(await failureOf(requireGroup(prisma(), other.id, group.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
    expect(await failureOf(requireGroup(prisma(), other.id, group.id, 'groupId'))).toEqual({
      kind: 'NOT_FOUND',
      field: 'groupId',
    });
  });

  it('refuses an id that does not exist', async () => {
    const user = await core.createTestUser();
    expect(await failureOf(requireGroup(prisma(), user.id, 'cnotthereatall0000000000'))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
  });
});
