import { failureOf, openTestCore, type TestCore } from '@chatbot/core/testing';
import { linkAsLinearPath } from '@chatbot/db/testing';
import { DomainError } from '../errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteSession } from '../sessions/sessions';
import { continueSharedChat, getSharedChat } from './sharedChats';
import { listShares, shareSession, unshareSession } from './shares';

let core: TestCore;
let owner: { id: string; email: string };
let stranger: { id: string; email: string };
beforeAll(async () => {
  core = await openTestCore();
  owner = await core.createTestUser('owner');
  stranger = await core.createTestUser('stranger');
});
afterAll(async () => {
  await core?.close();
});

const prisma = () => core.app.database.prisma;

async function chatWith(userId: string, title: string, contents: string[]) {
  const session = await prisma().session.create({
    data: { userId, title, model: core.app.models.defaultModel, systemPrompt: 'secret prompt' },
  });
  for (const [index, content] of contents.entries()) {
    await prisma().message.create({
      data: {
        sessionId: session.id,
        role: index % 2 === 0 ? 'user' : 'assistant',
        content,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
      },
    });
  }
  await linkAsLinearPath(prisma(), session.id);
  return session;
}

const continueDeps = () => ({ prisma: prisma(), models: core.app.models });
const noGenerations = { cancelSession: async () => {} };

describe('sharing a chat', () => {
  it('makes an unguessable link a stranger can read, with no owner ids or email', async () => {
    const session = await chatWith(owner.id, 'Shared chat', ['question', 'answer']);
    const share = await shareSession(prisma(), owner.id, session.id);
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(share).toMatchObject({ sessionId: session.id, title: 'Shared chat' });

    const shared = await getSharedChat(prisma(), share.token);
    expect(shared).toMatchObject({
      title: 'Shared chat',
      model: core.app.models.defaultModel,
      messages: [
        { role: 'user', content: 'question', status: 'complete' },
        { role: 'assistant', content: 'answer', status: 'complete' },
      ],
    });
    expect(shared.messages[0]!.createdAt).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 0)));
    const text = JSON.stringify(shared);
    for (const secret of [owner.id, owner.email, session.id, 'secret prompt']) {
      expect(text).not.toContain(secret);
    }
  });

  it('updates the snapshot of the existing link, keeping its token', async () => {
    const session = await chatWith(owner.id, 'Growing', ['one']);
    const first = await shareSession(prisma(), owner.id, session.id);
    await prisma().message.create({
      data: { sessionId: session.id, role: 'assistant', content: 'two' },
    });
    await linkAsLinearPath(prisma(), session.id);
    expect((await getSharedChat(prisma(), first.token)).messages).toHaveLength(1);
    const second = await shareSession(prisma(), owner.id, session.id);
    expect(second.token).toBe(first.token);
    expect((await getSharedChat(prisma(), first.token)).messages.map((m) => m.content)).toEqual([
      'one',
      'two',
    ]);
    expect(await prisma().sharedLink.count({ where: { sessionId: session.id } })).toBe(1);
  });

  it('freezes a streaming reply as interrupted', async () => {
    const session = await chatWith(owner.id, 'Streaming', ['ask']);
    await prisma().message.create({
      data: { sessionId: session.id, role: 'assistant', content: 'partial', status: 'streaming' },
    });
    await linkAsLinearPath(prisma(), session.id);
    const { token } = await shareSession(prisma(), owner.id, session.id);
    expect((await getSharedChat(prisma(), token)).messages[1]).toMatchObject({
      content: 'partial',
      status: 'interrupted',
    });
  });

  it('lists my links only', async () => {
    const mine = await chatWith(owner.id, 'Listed', ['x']);
    const theirs = await chatWith(stranger.id, 'Theirs', ['y']);
    const share = await shareSession(prisma(), owner.id, mine.id);
    await shareSession(prisma(), stranger.id, theirs.id);
    const listed = await listShares(prisma(), owner.id);
    expect(listed.map((s) => s.token)).toContain(share.token);
    expect(listed.map((s) => s.sessionId)).not.toContain(theirs.id);
  });

  it('is NOT_FOUND for a foreign session id, on share and unshare alike', async () => {
    const session = await chatWith(owner.id, 'Private', ['x']);
    await shareSession(prisma(), owner.id, session.id);
    expect(await failureOf(shareSession(prisma(), stranger.id, session.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
    expect(await failureOf(unshareSession(prisma(), stranger.id, session.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
    expect(await prisma().sharedLink.count({ where: { sessionId: session.id } })).toBe(1);
  });
});

describe('a revoked, unknown or malformed token', () => {
  async function errorOf(promise: Promise<unknown>) {
    const error = (await promise.catch((reason: unknown) => reason)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    return { kind: error.kind, message: error.message, field: error.field };
  }

  it('is the same NOT_FOUND', async () => {
    const session = await chatWith(owner.id, 'Revoked', ['x']);
    const { token } = await shareSession(prisma(), owner.id, session.id);
    expect(await unshareSession(prisma(), owner.id, session.id)).toEqual({ id: session.id });
    const revoked = await errorOf(getSharedChat(prisma(), token));
    expect(revoked).toEqual({
      kind: 'NOT_FOUND',
      message: 'Shared chat not found',
      field: 'token',
    });
    expect(await errorOf(getSharedChat(prisma(), 'A'.repeat(32)))).toEqual(revoked);
    expect(await errorOf(getSharedChat(prisma(), "x'; drop table"))).toEqual(revoked);
    expect(await errorOf(getSharedChat(prisma(), ''))).toEqual(revoked);
  });

  it('unsharing a chat that has no link is NOT_FOUND', async () => {
    const session = await chatWith(owner.id, 'Never shared', ['x']);
    expect(await failureOf(unshareSession(prisma(), owner.id, session.id))).toEqual({
      kind: 'NOT_FOUND',
      field: 'id',
    });
  });
});

describe('continuing a shared chat', () => {
  it('copies it into a new session of the caller, leaving the original untouched', async () => {
    const original = await chatWith(owner.id, 'Worth continuing', ['q', 'a']);
    await prisma().message.create({
      data: { sessionId: original.id, role: 'assistant', content: 'half', status: 'cancelled' },
    });
    await linkAsLinearPath(prisma(), original.id);
    const { token } = await shareSession(prisma(), owner.id, original.id);
    const before = await prisma().message.findMany({ where: { sessionId: original.id } });

    const copy = await continueSharedChat(continueDeps(), stranger.id, token);
    expect(copy).toMatchObject({
      title: 'Worth continuing',
      model: core.app.models.defaultModel,
      systemPrompt: null,
    });
    const stored = await prisma().session.findUniqueOrThrow({ where: { id: copy.id } });
    expect(stored.userId).toBe(stranger.id);
    const messages = await prisma().message.findMany({
      where: { sessionId: copy.id },
      orderBy: { seq: 'asc' },
    });
    expect(messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'q', 'complete'],
      ['assistant', 'a', 'complete'],
      ['assistant', 'half', 'cancelled'],
    ]);
    expect(messages[0]!.createdAt).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 0)));
    // The copy is one path, its last message the active leaf: it opens like any chat.
    expect(messages.map((m) => m.parentId)).toEqual([null, messages[0]!.id, messages[1]!.id]);
    expect(stored.activeLeafId).toBe(messages[2]!.id);

    expect(await prisma().message.findMany({ where: { sessionId: original.id } })).toEqual(before);
    expect(await getSharedChat(prisma(), token)).toMatchObject({ title: 'Worth continuing' });
  });

  it('freezes the active path only: another version of a reply stays out', async () => {
    const session = await chatWith(owner.id, 'Versions', ['q', 'first answer']);
    const [question] = await prisma().message.findMany({
      where: { sessionId: session.id, role: 'user' },
    });
    const second = await prisma().message.create({
      data: {
        sessionId: session.id,
        parentId: question!.id,
        role: 'assistant',
        content: 'second answer',
      },
    });
    await prisma().session.update({
      where: { id: session.id },
      data: { activeLeafId: second.id },
    });
    const { token } = await shareSession(prisma(), owner.id, session.id);
    expect((await getSharedChat(prisma(), token)).messages.map((m) => m.content)).toEqual([
      'q',
      'second answer',
    ]);
  });

  it('falls back to the default model when the shared one is not served here', async () => {
    const original = await chatWith(owner.id, 'Exotic', ['q']);
    await prisma().session.update({
      where: { id: original.id },
      data: { model: 'not-served-here' },
    });
    const { token } = await shareSession(prisma(), owner.id, original.id);
    const copy = await continueSharedChat(continueDeps(), stranger.id, token);
    expect(copy.model).toBe(core.app.models.defaultModel);
  });

  it('a revoked link cannot be continued', async () => {
    const original = await chatWith(owner.id, 'Gone', ['q']);
    const { token } = await shareSession(prisma(), owner.id, original.id);
    await unshareSession(prisma(), owner.id, original.id);
    expect(await failureOf(continueSharedChat(continueDeps(), stranger.id, token))).toEqual({
      kind: 'NOT_FOUND',
      field: 'token',
    });
  });
});

describe('deleting', () => {
  it('the session deletes its link', async () => {
    const session = await chatWith(owner.id, 'Deleted later', ['x']);
    const { token } = await shareSession(prisma(), owner.id, session.id);
    await deleteSession(
      { prisma: prisma(), models: core.app.models, events: core.app.events },
      noGenerations,
      owner.id,
      session.id,
    );
    expect(await failureOf(getSharedChat(prisma(), token))).toEqual({
      kind: 'NOT_FOUND',
      field: 'token',
    });
    expect(await prisma().sharedLink.count({ where: { token } })).toBe(0);
  });

  it('the account deletes its links', async () => {
    const leaving = await core.createTestUser('leaving');
    const session = await chatWith(leaving.id, 'Leaving', ['x']);
    const { token } = await shareSession(prisma(), leaving.id, session.id);
    await prisma().user.delete({ where: { id: leaving.id } });
    expect(await prisma().sharedLink.count({ where: { token } })).toBe(0);
  });
});
