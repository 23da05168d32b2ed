import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, uniqueEmail, type TestServer, type TestUser } from '../harness';

/**
 * PostgreSQL cannot store a NUL in text, and a lone UTF-16 surrogate has no UTF-8 form. Each
 * text input of each procedure refuses both as BAD_REQUEST naming the field, storing nothing.
 */
let t: TestServer;
let user: TestUser;
let sessionId: string;
let groupId: string;
let messageId: string;
beforeAll(async () => {
  t = await startTestServer();
  user = await t.signUp();
  groupId = (await user.client.groups.create.mutate({ name: 'Folder' })).id;
  sessionId = (await user.client.sessions.create.mutate({ title: 'Chat' })).id;
  messageId = (
    await user.client.messages.create.mutate({ sessionId, role: 'user', content: 'hello' })
  ).id;
});
afterAll(async () => {
  await t?.close();
});

const password = 'correct horse battery';

/** Each text input: the call with `bad` in that one field, everything else valid. */
const calls: [string, string, (bad: string) => Promise<unknown>][] = [
  [
    'auth.register',
    'email',
    (bad) => anon().auth.register.mutate({ email: `a${bad}@example.com`, password }),
  ],
  [
    'auth.register',
    'password',
    (bad) => anon().auth.register.mutate({ email: uniqueEmail(), password: `${password}${bad}` }),
  ],
  [
    'auth.register',
    'name',
    (bad) => anon().auth.register.mutate({ email: uniqueEmail(), password, name: `Ada${bad}` }),
  ],
  [
    'auth.login',
    'email',
    (bad) => anon().auth.login.mutate({ email: `${user.email}${bad}`, password }),
  ],
  [
    'auth.login',
    'password',
    (bad) => anon().auth.login.mutate({ email: user.email, password: `${password}${bad}` }),
  ],
  [
    'auth.refresh',
    'refreshToken',
    (bad) => anon().auth.refresh.mutate({ refreshToken: `token${bad}` }),
  ],
  [
    'auth.logout',
    'refreshToken',
    (bad) => anon().auth.logout.mutate({ refreshToken: `token${bad}` }),
  ],
  ['auth.exchangeCode', 'code', (bad) => anon().auth.exchangeCode.mutate({ code: `code${bad}` })],
  [
    'auth.deleteAccount',
    'password',
    (bad) => user.client.auth.deleteAccount.mutate({ password: `${password}${bad}` }),
  ],
  ['groups.create', 'name', (bad) => user.client.groups.create.mutate({ name: `Work${bad}` })],
  [
    'groups.update',
    'name',
    (bad) => user.client.groups.update.mutate({ id: groupId, name: `Work${bad}` }),
  ],
  ['sessions.list', 'search', (bad) => user.client.sessions.list.query({ search: `find${bad}` })],
  [
    'sessions.create',
    'title',
    (bad) => user.client.sessions.create.mutate({ title: `Title${bad}` }),
  ],
  [
    'sessions.create',
    'model',
    (bad) => user.client.sessions.create.mutate({ model: `echo${bad}` }),
  ],
  [
    'sessions.create',
    'systemPrompt',
    (bad) => user.client.sessions.create.mutate({ systemPrompt: `Be brief${bad}` }),
  ],
  [
    'sessions.update',
    'title',
    (bad) => user.client.sessions.update.mutate({ id: sessionId, title: `Title${bad}` }),
  ],
  [
    'sessions.update',
    'model',
    (bad) => user.client.sessions.update.mutate({ id: sessionId, model: `echo${bad}` }),
  ],
  [
    'sessions.update',
    'systemPrompt',
    (bad) => user.client.sessions.update.mutate({ id: sessionId, systemPrompt: `Be brief${bad}` }),
  ],
  [
    'messages.create',
    'content',
    (bad) => user.client.messages.create.mutate({ sessionId, role: 'user', content: `hi${bad}` }),
  ],
  [
    'messages.send',
    'content',
    (bad) => user.client.messages.send.mutate({ sessionId, content: `hi${bad}` }),
  ],
  [
    'messages.send',
    'clientId',
    (bad) => user.client.messages.send.mutate({ sessionId, content: 'hi', clientId: `c${bad}` }),
  ],
  [
    'messages.edit',
    'content',
    (bad) => user.client.messages.edit.mutate({ messageId, content: `hi${bad}` }),
  ],
];

function anon() {
  return t.anonymous();
}

async function counts() {
  const prisma = t.database.prisma;
  const [users, groups, sessions, messages] = await Promise.all([
    prisma.user.count(),
    prisma.group.count(),
    prisma.session.count(),
    prisma.message.count(),
  ]);
  const [session] = await prisma.session.findMany({ where: { id: sessionId } });
  const [group] = await prisma.group.findMany({ where: { id: groupId } });
  return { users, groups, sessions, messages, session, group };
}

describe('text PostgreSQL cannot store', () => {
  it.each(
    calls.flatMap(([procedure, field, call]) =>
      [
        ['NUL', '\u0000'],
        ['a lone surrogate', '\uD800'],
        ['a lone low surrogate', '\uDC00'],
      ].map(([what, bad]) => ({ procedure, field, what, call: () => call(bad!) })),
    ),
  )('$procedure refuses $what in $field as BAD_REQUEST', async ({ field, call }) => {
    const before = await counts();
    expect(await errorOf(call())).toMatchObject({ code: 'BAD_REQUEST', field });
    expect(await counts()).toEqual(before);
  });

  it('still accepts a surrogate pair (an emoji) and other Unicode', async () => {
    const group = await user.client.groups.create.mutate({ name: '💥 Ünïcode 中文' });
    expect(group.name).toBe('💥 Ünïcode 中文');
  });
});
