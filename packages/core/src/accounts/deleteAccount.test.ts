import { failureOf, openTestCore, type TestCore } from '@chatbot/core/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../chat/send';
import { createGroup } from '../sessions/groups';
import { createSession } from '../sessions/sessions';
import { refresh, type AuthDeps } from './auth';
import { deleteAccount, RECENT_SIGN_IN_SECONDS } from './deleteAccount';
import { signInWithIdentity } from './identity';
import { issueLoginCode } from './loginCodes';
import { issueRefreshToken } from './refreshTokens';

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
});
afterAll(async () => {
  await core?.close();
});

const prisma = () => core.app.database.prisma;
const deps = () => ({
  prisma: prisma(),
  rateLimits: core.app.rateLimits,
  generations: core.app.generations,
});
const authDeps = (): AuthDeps => ({
  prisma: prisma(),
  rateLimits: core.app.rateLimits,
  accessTokens: core.app.accessTokens,
  refreshTokenTtlDays: 30,
});
const now = () => Math.floor(Date.now() / 1000);

/** A user who owns one of everything: a group, a session with a message, tokens, a code. */
async function userWithEverything() {
  const user = await core.createTestUser();
  const group = await createGroup(prisma(), user.id, 'Folder');
  const session = await createSession(
    { prisma: prisma(), models: core.app.models, events: core.app.events },
    user.id,
    { title: 'Chat', groupId: group.id },
  );
  await prisma().message.create({
    data: { sessionId: session.id, role: 'user', content: 'hello' },
  });
  const refreshToken = await issueRefreshToken(prisma(), user.id, 30);
  await issueLoginCode(prisma(), user.id);
  return { ...user, refreshToken, sessionId: session.id };
}

async function holdings(userId: string) {
  const [users, sessions, groups, tokens, codes, accounts] = await Promise.all([
    prisma().user.count({ where: { id: userId } }),
    prisma().session.count({ where: { userId } }),
    prisma().group.count({ where: { userId } }),
    prisma().refreshToken.count({ where: { userId } }),
    prisma().loginCode.count({ where: { userId } }),
    prisma().account.count({ where: { userId } }),
  ]);
  return { users, sessions, groups, tokens, codes, accounts };
}

const nothing = { users: 0, sessions: 0, groups: 0, tokens: 0, codes: 0, accounts: 0 };

describe('deleteAccount', () => {
  it('removes the user and everything they own, with the right password', async () => {
    const user = await userWithEverything();
    expect(await deleteAccount(deps(), { id: user.id }, { password: user.password })).toEqual({
      id: user.id,
    });
    expect(await holdings(user.id)).toEqual(nothing);
    expect(await prisma().message.count({ where: { sessionId: user.sessionId } })).toBe(0);
    expect(await failureOf(refresh(authDeps(), user.refreshToken))).toMatchObject({
      kind: 'UNAUTHORIZED',
    });
  });

  it("cancels the replies still running in the user's sessions first", async () => {
    const user = await userWithEverything();
    const sent = await sendMessage(
      {
        prisma: prisma(),
        generations: core.app.generations,
        events: core.app.events,
        bus: core.app.bus,
      },
      user.id,
      // The echo model answers word by word: a long message keeps the reply running a while.
      { sessionId: user.sessionId, content: 'word '.repeat(2_000) },
    );
    const replyId = sent.assistantMessage!.id;
    expect(core.app.generations.isRunning(replyId)).toBe(true);
    await deleteAccount(deps(), { id: user.id }, { password: user.password });
    expect(core.app.generations.isRunning(replyId)).toBe(false);
    expect(await holdings(user.id)).toEqual(nothing);
  });

  it('refuses a wrong or missing password on the password field, deleting nothing', async () => {
    const user = await userWithEverything();
    const before = await holdings(user.id);
    expect(
      await failureOf(deleteAccount(deps(), { id: user.id }, { password: 'not my password' })),
    ).toEqual({ kind: 'BAD_REQUEST', field: 'password' });
    expect(await failureOf(deleteAccount(deps(), { id: user.id }, {}))).toEqual({
      kind: 'BAD_REQUEST',
      field: 'password',
    });
    expect(await holdings(user.id)).toEqual(before);
  });

  it('deletes an account without a password after a recent sign-in only', async () => {
    const { user } = await signInWithIdentity(prisma(), {
      provider: 'google',
      providerAccountId: randomUUID(),
      email: `google-${randomUUID()}@example.com`,
      emailVerified: true,
    });
    const stale = now() - RECENT_SIGN_IN_SECONDS - 60;
    expect(await failureOf(deleteAccount(deps(), { id: user.id, authTime: stale }, {}))).toEqual({
      kind: 'UNAUTHORIZED',
      field: undefined,
    });
    expect(await failureOf(deleteAccount(deps(), { id: user.id }, {}))).toMatchObject({
      kind: 'UNAUTHORIZED',
    });
    expect((await holdings(user.id)).accounts).toBe(1);
    await deleteAccount(deps(), { id: user.id, authTime: now() - 60 }, {});
    expect(await holdings(user.id)).toEqual(nothing);
  });

  it('answers UNAUTHORIZED for a user who is already gone', async () => {
    expect(
      await failureOf(deleteAccount(deps(), { id: 'cnotthereatall0000000000' }, { password: 'x' })),
    ).toMatchObject({ kind: 'UNAUTHORIZED' });
  });
});

describe('refresh keeps the time of the sign-in', () => {
  it('so a refreshed access token does not count as a recent sign-in', async () => {
    const user = await core.createTestUser();
    const token = await issueRefreshToken(prisma(), user.id, 30);
    await prisma().refreshToken.updateMany({
      where: { userId: user.id },
      data: { createdAt: new Date(Date.now() - 3_600_000) },
    });
    const pair = await refresh(authDeps(), token);
    const claims = await core.app.accessTokens.inspect(pair.accessToken);
    expect(now() - claims!.authTime).toBeGreaterThanOrEqual(3_600 - 5);
  });
});
