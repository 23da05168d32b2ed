import { failureOf, openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from './groups';
import {
  createSession,
  deleteSession,
  getSession,
  listSessions,
  updateSession,
  type SessionDeps,
} from './sessions';

let core: TestCore;
let owner: { id: string };
let other: { id: string };
beforeAll(async () => {
  core = await openTestCore();
  owner = await core.createTestUser('owner');
  other = await core.createTestUser('other');
});
afterAll(async () => {
  await core?.close();
});

const prisma = () => core.app.database.prisma;
const deps = (): SessionDeps => ({
  prisma: prisma(),
  models: core.app.models,
  events: core.app.events,
});

/** The events a session's log received while `action` ran. */
async function eventsDuring(sessionId: string, action: () => Promise<unknown>) {
  const before = await core.app.events.lastId(sessionId);
  await action();
  const { events } = await core.app.events.readAfter(sessionId, before);
  return events.map((logged) => logged.event);
}

/** Sets when the session last had a message, so order does not hang on creation timing. */
async function lastActive(sessionId: string, minutesAgo: number) {
  await prisma().session.update({
    where: { id: sessionId },
    data: { lastMessageAt: new Date(Date.now() - minutesAgo * 60_000) },
  });
}

async function addMessage(sessionId: string, content: string) {
  await prisma().message.create({ data: { sessionId, role: 'assistant', content } });
}

const noGenerations = { cancelSession: async () => {} };

const ids = (page: { items: { id: string }[] }) => page.items.map((session) => session.id);

describe('createSession', () => {
  it('applies the default title and model', async () => {
    expect(await createSession(deps(), owner.id, {})).toMatchObject({
      title: 'New chat',
      model: core.app.models.defaultModel,
      systemPrompt: null,
      isFavorite: false,
      groupId: null,
    });
  });

  it('stores the settings it is given', async () => {
    const group = await createGroup(prisma(), owner.id, 'G');
    const session = await createSession(deps(), owner.id, {
      title: 'Trip',
      groupId: group.id,
      model: 'echo',
      systemPrompt: 'Be brief.',
    });
    expect(session).toMatchObject({
      title: 'Trip',
      groupId: group.id,
      model: 'echo',
      systemPrompt: 'Be brief.',
    });
    expect(await getSession(prisma(), owner.id, session.id)).toEqual(session);
  });

  it('stores an empty system prompt as none', async () => {
    expect((await createSession(deps(), owner.id, { systemPrompt: '' })).systemPrompt).toBeNull();
  });

  it('refuses an unknown model as BAD_REQUEST on the model field, creating nothing', async () => {
    const user = await core.createTestUser();
    expect(await failureOf(createSession(deps(), user.id, { model: 'gpt-nonexistent' }))).toEqual({
      kind: 'BAD_REQUEST',
      field: 'model',
    });
    expect(await prisma().session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses another user's group as NOT_FOUND on the groupId field", async () => {
    const theirs = await createGroup(prisma(), other.id, 'Theirs');
    expect(await failureOf(createSession(deps(), owner.id, { groupId: theirs.id }))).toEqual({
      kind: 'NOT_FOUND',
      field: 'groupId',
    });
  });
});

describe('getSession', () => {
  it('returns the session without its owner', async () => {
    const session = await createSession(deps(), owner.id, { title: 'Mine' });
    const got = await getSession(prisma(), owner.id, session.id);
    expect(got).toMatchObject({ id: session.id, title: 'Mine' });
    expect(got).not.toHaveProperty('userId');
  });

  it("refuses another user's session as NOT_FOUND", async () => {
    const session = await createSession(deps(), owner.id, {});
    expect(await failureOf(getSession(prisma(), other.id, session.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
  });
});

describe('listSessions', () => {
  it('lists the most recently active first, whatever the order of creation', async () => {
    const user = await core.createTestUser();
    const first = await createSession(deps(), user.id, {});
    const second = await createSession(deps(), user.id, {});
    const third = await createSession(deps(), user.id, {});
    await lastActive(first.id, 0);
    await lastActive(second.id, 20);
    await lastActive(third.id, 10);
    expect(ids(await listSessions(prisma(), user.id, { limit: 10 }))).toEqual([
      first.id,
      third.id,
      second.id,
    ]);
  });

  it("lists only the user's own sessions", async () => {
    const user = await core.createTestUser();
    await createSession(deps(), other.id, { title: 'not yours' });
    expect(await listSessions(prisma(), user.id, { limit: 10 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('pages by cursor until the last page, which has no cursor', async () => {
    const user = await core.createTestUser();
    const newestFirst: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const session = await createSession(deps(), user.id, { title: `s${index}` });
      await lastActive(session.id, index);
      newestFirst.push(session.id);
    }

    const first = await listSessions(prisma(), user.id, { limit: 2 });
    expect(ids(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.nextCursor).toBe(newestFirst[1]);
    const second = await listSessions(prisma(), user.id, {
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(ids(second)).toEqual(newestFirst.slice(2, 4));
    const last = await listSessions(prisma(), user.id, { limit: 2, cursor: second.nextCursor! });
    expect(ids(last)).toEqual(newestFirst.slice(4));
    expect(last.nextCursor).toBeNull();
  });

  it('loses no session when the cursor itself left the filter between pages', async () => {
    const user = await core.createTestUser();
    const starred: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const session = await createSession(deps(), user.id, { title: `fav${index}` });
      await updateSession(deps(), user.id, { id: session.id, isFavorite: true });
      await lastActive(session.id, index);
      starred.push(session.id);
    }
    const first = await listSessions(prisma(), user.id, { limit: 1, favorite: true });
    expect(ids(first)).toEqual([starred[0]]);
    // The session the cursor names is unstarred before the next page is asked for.
    await updateSession(deps(), user.id, { id: starred[0]!, isFavorite: false });
    const rest = await listSessions(prisma(), user.id, {
      limit: 10,
      favorite: true,
      cursor: first.nextCursor!,
    });
    expect(ids(rest)).toEqual(starred.slice(1));
  });

  it('has no cursor when the page holds exactly the rest', async () => {
    const user = await core.createTestUser();
    await createSession(deps(), user.id, {});
    await createSession(deps(), user.id, {});
    expect((await listSessions(prisma(), user.id, { limit: 2 })).nextCursor).toBeNull();
  });

  it("refuses another user's session as a cursor, naming the cursor field", async () => {
    const theirs = await createSession(deps(), other.id, {});
    expect(
      await failureOf(listSessions(prisma(), owner.id, { limit: 2, cursor: theirs.id })),
    ).toEqual({ kind: 'NOT_FOUND', field: 'cursor' });
  });

  it('refuses a deleted session as a cursor', async () => {
    const session = await createSession(deps(), owner.id, {});
    await deleteSession(deps(), noGenerations, owner.id, session.id);
    expect(
      await failureOf(listSessions(prisma(), owner.id, { limit: 2, cursor: session.id })),
    ).toEqual({ kind: 'NOT_FOUND', field: 'cursor' });
  });

  it('filters by group', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(prisma(), user.id, 'G');
    const inside = await createSession(deps(), user.id, { groupId: group.id });
    await createSession(deps(), user.id, {});
    expect(ids(await listSessions(prisma(), user.id, { groupId: group.id, limit: 10 }))).toEqual([
      inside.id,
    ]);
  });

  it("refuses another user's group, and an unknown one, as NOT_FOUND on groupId", async () => {
    const theirs = await createGroup(prisma(), other.id, 'Theirs');
    await createSession(deps(), other.id, { groupId: theirs.id });
    for (const groupId of [theirs.id, 'c0000000000000000000000000'])
      expect(await failureOf(listSessions(prisma(), owner.id, { groupId, limit: 10 }))).toEqual({
        kind: 'NOT_FOUND',
        field: 'groupId',
      });
  });

  it('filters by favourite, either way', async () => {
    const user = await core.createTestUser();
    const starred = await createSession(deps(), user.id, {});
    const plain = await createSession(deps(), user.id, {});
    await updateSession(deps(), user.id, { id: starred.id, isFavorite: true });
    expect(ids(await listSessions(prisma(), user.id, { favorite: true, limit: 10 }))).toEqual([
      starred.id,
    ]);
    expect(ids(await listSessions(prisma(), user.id, { favorite: false, limit: 10 }))).toEqual([
      plain.id,
    ]);
  });

  it('searches titles and message content, case-insensitively', async () => {
    const user = await core.createTestUser();
    const byTitle = await createSession(deps(), user.id, { title: 'Pasta recipes' });
    const byContent = await createSession(deps(), user.id, { title: 'Untitled' });
    await addMessage(byContent.id, 'Boil the PASTA for 9 minutes');
    await createSession(deps(), user.id, { title: 'Something else' });
    const found = await listSessions(prisma(), user.id, { search: 'pasta', limit: 10 });
    expect(ids(found).sort()).toEqual([byTitle.id, byContent.id].sort());
  });

  it('lists a session once however many of its messages match', async () => {
    const user = await core.createTestUser();
    const session = await createSession(deps(), user.id, { title: 'pasta' });
    await addMessage(session.id, 'pasta');
    await addMessage(session.id, 'more pasta');
    expect(ids(await listSessions(prisma(), user.id, { search: 'pasta', limit: 10 }))).toEqual([
      session.id,
    ]);
  });

  it('treats %, _ and \\ in the search as literal characters', async () => {
    const user = await core.createTestUser();
    const percent = await createSession(deps(), user.id, { title: '100% done' });
    const underscore = await createSession(deps(), user.id, { title: 'snake_case' });
    const backslash = await createSession(deps(), user.id, { title: 'C:\\temp' });
    await createSession(deps(), user.id, { title: 'snakeXcase and C:temp' });
    const search = async (text: string) =>
      ids(await listSessions(prisma(), user.id, { search: text, limit: 10 }));
    expect(await search('%')).toEqual([percent.id]);
    expect(await search('e_c')).toEqual([underscore.id]);
    expect(await search('\\')).toEqual([backslash.id]);
  });

  it('pages a search to its last match, skipping sessions that do not match', async () => {
    const user = await core.createTestUser();
    const matches: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const session = await createSession(deps(), user.id, { title: `chat ${index}` });
      // Every third matches by title, every third by a message; the rest match nothing.
      if (index % 3 === 0)
        await updateSession(deps(), user.id, { id: session.id, title: `Pasta ${index}` });
      if (index % 3 === 1) await addMessage(session.id, 'more PASTA please');
      // Pairs share a moment, so the id breaks the tie across page boundaries.
      await lastActive(session.id, Math.floor(index / 2));
      if (index % 3 !== 2) matches.push(session.id);
    }
    const expected = await listSessions(prisma(), user.id, { search: 'pasta', limit: 100 });
    expect(ids(expected).sort()).toEqual([...matches].sort());

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listSessions(prisma(), user.id, { search: 'pasta', limit: 3, cursor });
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(ids(expected));
    expect(pages).toBe(3);
  });

  it('lists only ungrouped sessions when asked, and pages them', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(prisma(), user.id, 'Work');
    const loose: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const session = await createSession(deps(), user.id, {
        groupId: index % 2 === 0 ? group.id : null,
      });
      await lastActive(session.id, index);
      if (index % 2 === 1) loose.push(session.id);
    }
    const first = await listSessions(prisma(), user.id, { ungrouped: true, limit: 1 });
    expect(ids(first)).toEqual([loose[0]]);
    const rest = await listSessions(prisma(), user.id, {
      ungrouped: true,
      limit: 1,
      cursor: first.nextCursor!,
    });
    expect(ids(rest)).toEqual([loose[1]]);
    expect(rest.nextCursor).toBeNull();
  });

  it('combines search with the favourite filter', async () => {
    const user = await core.createTestUser();
    const starred = await createSession(deps(), user.id, { title: 'pasta' });
    await createSession(deps(), user.id, { title: 'pasta' });
    await updateSession(deps(), user.id, { id: starred.id, isFavorite: true });
    expect(
      ids(await listSessions(prisma(), user.id, { search: 'pasta', favorite: true, limit: 10 })),
    ).toEqual([starred.id]);
  });
});

describe('updateSession', () => {
  it('changes the title and system prompt, leaving the rest', async () => {
    const session = await createSession(deps(), owner.id, { title: 'Before' });
    const updated = await updateSession(deps(), owner.id, {
      id: session.id,
      title: 'After',
      systemPrompt: 'Rhyme.',
    });
    expect(updated).toMatchObject({
      title: 'After',
      systemPrompt: 'Rhyme.',
      model: session.model,
      isFavorite: false,
    });
    expect(await getSession(prisma(), owner.id, session.id)).toEqual(updated);
  });

  it('clears the system prompt with null or an empty string, and keeps it when not given', async () => {
    const session = await createSession(deps(), owner.id, { systemPrompt: 'Rhyme.' });
    const update = (systemPrompt?: string | null) =>
      updateSession(deps(), owner.id, { id: session.id, systemPrompt });
    expect((await update(undefined)).systemPrompt).toBe('Rhyme.');
    expect((await update(null)).systemPrompt).toBeNull();
    await update('Again.');
    expect((await update('')).systemPrompt).toBeNull();
  });

  it('favourites and unfavourites', async () => {
    const session = await createSession(deps(), owner.id, {});
    const update = (isFavorite: boolean) =>
      updateSession(deps(), owner.id, { id: session.id, isFavorite });
    expect((await update(true)).isFavorite).toBe(true);
    expect((await update(false)).isFavorite).toBe(false);
  });

  it('moves into a group and out again with null', async () => {
    const group = await createGroup(prisma(), owner.id, 'G');
    const session = await createSession(deps(), owner.id, {});
    const move = (groupId: string | null) =>
      updateSession(deps(), owner.id, { id: session.id, groupId });
    expect((await move(group.id)).groupId).toBe(group.id);
    expect((await move(null)).groupId).toBeNull();
  });

  it('refuses an unknown model as BAD_REQUEST on the model field, changing nothing', async () => {
    const session = await createSession(deps(), owner.id, { title: 'Same' });
    expect(
      await failureOf(
        updateSession(deps(), owner.id, { id: session.id, title: 'Other', model: 'nope' }),
      ),
    ).toEqual({ kind: 'BAD_REQUEST', field: 'model' });
    expect(await getSession(prisma(), owner.id, session.id)).toEqual(session);
  });

  it("refuses a move into another user's group as NOT_FOUND on the groupId field", async () => {
    const theirs = await createGroup(prisma(), other.id, 'Theirs');
    const session = await createSession(deps(), owner.id, {});
    expect(
      await failureOf(updateSession(deps(), owner.id, { id: session.id, groupId: theirs.id })),
    ).toEqual({ kind: 'NOT_FOUND', field: 'groupId' });
    expect((await getSession(prisma(), owner.id, session.id)).groupId).toBeNull();
  });

  it("refuses another user's session as NOT_FOUND, changing and announcing nothing", async () => {
    const session = await createSession(deps(), owner.id, { title: 'Mine' });
    const events = await eventsDuring(session.id, async () => {
      expect(
        await failureOf(updateSession(deps(), other.id, { id: session.id, title: 'Taken' })),
      ).toEqual({ kind: 'NOT_FOUND', field: 'id' });
    });
    expect(events).toEqual([]);
    expect((await getSession(prisma(), owner.id, session.id)).title).toBe('Mine');
  });

  it("announces the updated session on the session's event log", async () => {
    const session = await createSession(deps(), owner.id, {});
    let updated: unknown;
    const events = await eventsDuring(session.id, async () => {
      updated = await updateSession(deps(), owner.id, { id: session.id, title: 'Renamed' });
    });
    expect(events).toEqual([{ type: 'session:update', session: updated }]);
  });
});

describe('deleteSession', () => {
  it('deletes the session with its messages', async () => {
    const session = await createSession(deps(), owner.id, {});
    await addMessage(session.id, 'hi');
    expect(await deleteSession(deps(), noGenerations, owner.id, session.id)).toEqual({
      id: session.id,
    });
    expect(await failureOf(getSession(prisma(), owner.id, session.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
    expect(await prisma().message.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it('cancels the replies running in the session before deleting it', async () => {
    const session = await createSession(deps(), owner.id, {});
    const cancelled: { id: string; existed: boolean }[] = [];
    const generations = {
      async cancelSession(id: string) {
        cancelled.push({ id, existed: (await prisma().session.count({ where: { id } })) === 1 });
      },
    };
    await deleteSession(deps(), generations, owner.id, session.id);
    expect(cancelled).toEqual([{ id: session.id, existed: true }]);
  });

  it("announces the deletion on the session's event log", async () => {
    const session = await createSession(deps(), owner.id, {});
    const events = await eventsDuring(session.id, () =>
      deleteSession(deps(), noGenerations, owner.id, session.id),
    );
    expect(events).toEqual([{ type: 'session:delete', sessionId: session.id }]);
  });

  it('refuses a session that is already gone', async () => {
    const session = await createSession(deps(), owner.id, {});
    await deleteSession(deps(), noGenerations, owner.id, session.id);
    expect(await failureOf(deleteSession(deps(), noGenerations, owner.id, session.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
  });

  it("refuses another user's session, keeping it, its replies and its log untouched", async () => {
    const session = await createSession(deps(), owner.id, {});
    const cancelled: string[] = [];
    const generations = { cancelSession: async (id: string) => void cancelled.push(id) };
    const events = await eventsDuring(session.id, async () => {
      expect(await failureOf(deleteSession(deps(), generations, other.id, session.id))).toEqual({
        kind: 'NOT_FOUND',
        field: 'id',
      });
    });
    expect(events).toEqual([]);
    expect(cancelled).toEqual([]);
    expect(await getSession(prisma(), owner.id, session.id)).toMatchObject({ id: session.id });
  });
});
