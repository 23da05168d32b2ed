import { chatGptConversation, zipOf } from '@chatbot/core/testing';
import { linkAsLinearPath } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer, type TestUser } from './harness';

let t: TestServer;
let owner: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signUp();
});
afterAll(async () => {
  await t?.close();
});

const prisma = () => t.app.database.prisma;

const chat = (id: string, title: string) =>
  chatGptConversation(
    id,
    title,
    [
      { id: 'q', parent: null, role: 'user', text: `Question of ${title}` },
      { id: 'a', parent: 'q', role: 'assistant', text: 'First answer', time: 1_700_000_001 },
      { id: 'b', parent: 'q', role: 'assistant', text: 'Second answer', time: 1_700_000_002 },
    ],
    'a',
  );

/** The tree of a session as comparable rows: parent by position, not by id. */
async function treeOf(sessionId: string) {
  const messages = await prisma().message.findMany({
    where: { sessionId },
    orderBy: { seq: 'asc' },
  });
  const index = new Map(messages.map((message, at) => [message.id, at]));
  const session = await prisma().session.findUniqueOrThrow({ where: { id: sessionId } });
  return {
    title: session.title,
    model: session.model,
    createdAt: session.createdAt,
    lastMessageAt: session.lastMessageAt,
    leaf: session.activeLeafId ? index.get(session.activeLeafId) : null,
    messages: messages.map((message) => ({
      parent: message.parentId ? index.get(message.parentId) : null,
      role: message.role,
      content: message.content,
      status: message.status,
      model: message.model,
      createdAt: message.createdAt,
    })),
  };
}

/** A bearer token of the user, as a script calling REST holds one. */
async function tokenOf(user: TestUser) {
  const pair = await t
    .anonymous()
    .auth.login.mutate({ email: user.email, password: user.password });
  return pair.accessToken;
}

async function postImport(
  body: RequestInit['body'],
  headers: Record<string, string>,
  token: string | null,
) {
  return fetch(`${t.server.url}/sessions/import`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
}

describe('sessions.import over the typed client', () => {
  it('round-trips our own export: the same tree, title, model, times and statuses', async () => {
    const session = await owner.client.sessions.create.mutate({ title: 'Round trip' });
    const add = (
      role: 'user' | 'assistant',
      content: string,
      status: 'complete' | 'error',
      minute: number,
    ) =>
      prisma().message.create({
        data: {
          sessionId: session.id,
          role,
          content,
          status,
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
        },
      });
    await add('user', 'Hello', 'complete', 0);
    await add('assistant', 'Hi there', 'complete', 1);
    await linkAsLinearPath(prisma(), session.id);
    // A second version of the reply (a branch), left inactive.
    const first = await prisma().message.findFirstOrThrow({
      where: { sessionId: session.id, role: 'user' },
    });
    await prisma().message.create({
      data: {
        sessionId: session.id,
        parentId: first.id,
        role: 'assistant',
        content: 'Failed',
        status: 'error',
      },
    });
    const file = await owner.client.sessions.export.query({ id: session.id, format: 'json' });

    const stranger = await t.signUp();
    const summary = await stranger.client.sessions.import.mutate(JSON.parse(file.content));
    expect(summary).toMatchObject({ imported: 1, skipped: 0, failed: [] });
    expect(await treeOf(summary.sessionIds[0]!)).toEqual(await treeOf(session.id));
    // The copy is the stranger's, and importing the file again adds nothing.
    expect((await stranger.client.sessions.list.query()).items.map((s) => s.title)).toEqual([
      'Round trip',
    ]);
    const again = await stranger.client.sessions.import.mutate(JSON.parse(file.content));
    expect(again).toMatchObject({ imported: 0, skipped: 1, sessionIds: summary.sessionIds });
    // The owner still cannot see the stranger's copy.
    expect(
      await errorOf(owner.client.sessions.get.query({ id: summary.sessionIds[0]! })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('imports a ChatGPT array with its branches and reports a bad conversation', async () => {
    const user = await t.signUp();
    const summary = await user.client.sessions.import.mutate([
      chat('c-1', 'One'),
      { title: 'Bad', mapping: null },
    ]);
    expect(summary).toMatchObject({ imported: 1, failed: [{ index: 1, title: 'Bad' }] });
    const page = await user.client.messages.list.query({ sessionId: summary.sessionIds[0]! });
    expect(page.items.map((message) => message.content)).toEqual([
      'Question of One',
      'First answer',
    ]);
    expect(page.items[1]!.siblingIds).toHaveLength(2);
  });

  it('refuses what is neither shape, naming the input', async () => {
    expect(await errorOf(owner.client.sessions.import.mutate('nope' as never))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('POST /sessions/import', () => {
  it('takes a multipart file and answers NDJSON progress, then the summary', async () => {
    const user = await t.signUp();
    const form = new FormData();
    form.set(
      'file',
      new Blob([JSON.stringify([chat('m-1', 'A'), chat('m-2', 'B')])]),
      'conversations.json',
    );
    const response = await postImport(
      form,
      { accept: 'application/x-ndjson' },
      await tokenOf(user),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { type: 'progress', done: 1, imported: 1, skipped: 0, failed: 0 },
      { type: 'progress', done: 2, imported: 2, skipped: 0, failed: 0 },
      expect.objectContaining({ type: 'done', imported: 2, skipped: 0, failed: [] }),
    ]);
    expect((await user.client.sessions.list.query()).items).toHaveLength(2);
  });

  it('takes the export zip as the body and answers the summary as JSON; twice is idempotent', async () => {
    const user = await t.signUp();
    const zip = zipOf({ 'conversations.json': JSON.stringify([chat('z-1', 'Zipped')]) });
    const token = await tokenOf(user);
    const send = () => postImport(zip, { 'content-type': 'application/zip' }, token);
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ imported: 1, skipped: 0 });
    expect(await (await send()).json()).toMatchObject({ imported: 0, skipped: 1 });
  });

  it('is 401 without a token and 400 on the file field for a file that is not JSON', async () => {
    const token = await tokenOf(owner);
    const anonymous = await postImport('[]', { 'content-type': 'application/json' }, null);
    expect(anonymous.status).toBe(401);
    const bad = await postImport('hello', { 'content-type': 'application/json' }, token);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST', field: 'file' });
    const noFile = new FormData();
    noFile.set('other', 'x');
    const missing = await postImport(noFile, {}, token);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ message: expect.stringMatching(/`file` field/) });
  });
});
