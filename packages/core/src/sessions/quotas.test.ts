import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { createGroup } from './groups';
import { createSession } from './sessions';

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
});
afterAll(async () => {
  await core?.close();
});

const prisma = () => core.app.database.prisma;

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { kind, message } = error as DomainError;
  return { kind, message };
}

describe('per-user quotas', () => {
  it('refuses a group past the quota with CONFLICT naming the limit, storing nothing', async () => {
    const user = await core.createTestUser();
    await createGroup(prisma(), user.id, 'one', 2);
    await createGroup(prisma(), user.id, 'two', 2);
    expect(await failureOf(createGroup(prisma(), user.id, 'three', 2))).toEqual({
      kind: 'CONFLICT',
      message:
        'This account holds the most groups it may (2, MAX_GROUPS_PER_USER); delete some to make room',
    });
    expect(await prisma().group.count({ where: { userId: user.id } })).toBe(2);
  });

  it('refuses a session past the quota with CONFLICT naming the limit, storing nothing', async () => {
    const user = await core.createTestUser();
    const deps = {
      prisma: prisma(),
      models: core.app.models,
      events: core.app.events,
      maxSessionsPerUser: 1,
    };
    await createSession(deps, user.id, {});
    expect(await failureOf(createSession(deps, user.id, { title: 'more' }))).toEqual({
      kind: 'CONFLICT',
      message:
        'This account holds the most chats it may (1, MAX_SESSIONS_PER_USER); delete some to make room',
    });
    expect(await prisma().session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("counts each user's own rows only", async () => {
    const first = await core.createTestUser();
    const second = await core.createTestUser();
    await createGroup(prisma(), first.id, 'mine', 1);
    await expect(createGroup(prisma(), second.id, 'theirs', 1)).resolves.toMatchObject({
      name: 'theirs',
    });
  });
});
