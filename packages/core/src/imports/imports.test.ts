import {
  chatGptConversation,
  chatGptFileChunks,
  openTestCore,
  zipOf,
  type TestCore,
} from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConversations } from './importer';
import { conversationsOfFile, type ReaderStats } from './source';

let core: TestCore;
let user: { id: string };
beforeAll(async () => {
  core = await openTestCore();
  user = await core.createTestUser('importer');
});
afterAll(async () => {
  await core?.close();
});

const prisma = () => core.app.database.prisma;
const deps = (overrides: { maxConversations?: number; maxSessionsPerUser?: number } = {}) => ({
  prisma: prisma(),
  models: core.app.models,
  maxConversations: overrides.maxConversations ?? 100,
  maxSessionsPerUser: overrides.maxSessionsPerUser,
});

/** A branched chat: a regenerated answer, an edited question, hidden and unknown nodes. */
const branched = chatGptConversation(
  'branched-1',
  'Branched chat',
  [
    { id: 'root', parent: null },
    { id: 'sys', parent: 'root', role: 'system', text: '' },
    { id: 'hidden', parent: 'sys', role: 'system', text: 'You are ChatGPT', hidden: true },
    { id: 'q1', parent: 'hidden', role: 'user', text: 'First question', time: 1_700_000_010 },
    { id: 'a1', parent: 'q1', role: 'assistant', text: 'First answer', time: 1_700_000_011 },
    { id: 'a1b', parent: 'q1', role: 'assistant', text: 'Regenerated answer', time: 1_700_000_012 },
    { id: 'q2', parent: 'a1b', role: 'user', text: 'Draw a cat', time: 1_700_000_013 },
    {
      id: 'code',
      parent: 'q2',
      role: 'assistant',
      contentType: 'code',
      text: 'print(1)',
      time: 1_700_000_014,
    },
    {
      id: 'out',
      parent: 'code',
      role: 'tool',
      contentType: 'execution_output',
      time: 1_700_000_015,
    },
    { id: 'empty', parent: 'out', role: 'assistant', text: '', time: 1_700_000_016 },
    { id: 'a2', parent: 'empty', role: 'assistant', text: 'Here is a cat', time: 1_700_000_017 },
    { id: 'q2b', parent: 'a1b', role: 'user', text: 'Edited question', time: 1_700_000_020 },
  ],
  'a2',
);

async function pathOf(sessionId: string) {
  const session = await prisma().session.findUniqueOrThrow({ where: { id: sessionId } });
  const messages = await prisma().message.findMany({
    where: { sessionId },
    orderBy: { seq: 'asc' },
  });
  const byId = new Map(messages.map((message) => [message.id, message]));
  const path = [];
  for (let id = session.activeLeafId; id; id = byId.get(id)?.parentId ?? null)
    path.unshift(byId.get(id)!);
  return { session, messages, path };
}

async function* fileOf(text: string, chunkSize = 7) {
  const bytes = new TextEncoder().encode(text);
  for (let start = 0; start < bytes.length; start += chunkSize)
    yield bytes.subarray(start, start + chunkSize);
}

describe('importing ChatGPT conversations', () => {
  it('keeps the tree and the active path, drops hidden and empty nodes, and stands in for what it cannot show', async () => {
    const summary = await importConversations(
      deps(),
      user.id,
      conversationsOfFile(fileOf(JSON.stringify([branched])), { maxBytes: 1_000_000 }),
    );
    expect(summary).toMatchObject({ imported: 1, skipped: 0, failed: [] });
    const { session, messages, path } = await pathOf(summary.sessionIds[0]!);
    expect(session).toMatchObject({ title: 'Branched chat', importKey: 'chatgpt:branched-1' });
    expect(session.createdAt).toEqual(new Date(1_700_000_000_000));
    expect(path.map((message) => [message.role, message.content])).toEqual([
      ['user', 'First question'],
      ['assistant', 'Regenerated answer'],
      ['user', 'Draw a cat'],
      ['assistant', '[Code not imported]'],
      ['assistant', '[Code output not imported]'],
      ['assistant', 'Here is a cat'],
    ]);
    // Both versions of the answer and of the second question are kept, as siblings.
    expect(messages).toHaveLength(8);
    const siblingsOf = (content: string) => {
      const parentId = messages.find((message) => message.content === content)!.parentId;
      return messages.filter((message) => message.parentId === parentId).map((m) => m.content);
    };
    expect(siblingsOf('First answer')).toEqual(['First answer', 'Regenerated answer']);
    expect(siblingsOf('Edited question')).toEqual(['Draw a cat', 'Edited question']);
    expect(messages.find((message) => message.content === 'First question')!.parentId).toBeNull();
    expect(path[1]!.model).toBe('gpt-4o');
  });

  it('reports a broken conversation by index and title and imports the rest; a second import skips them all', async () => {
    const good = (n: number) =>
      chatGptConversation(
        `good-${n}`,
        `Good ${n}`,
        [
          { id: 'q', parent: null, role: 'user', text: `hello ${n}` },
          { id: 'a', parent: 'q', role: 'assistant', text: 'hi' },
        ],
        'a',
      );
    const file = JSON.stringify([
      good(1),
      { title: 'Broken', mapping: 'nope', id: 'broken' },
      good(2),
      42,
    ]);
    const first = await importConversations(
      deps(),
      user.id,
      conversationsOfFile(fileOf(file, 64), { maxBytes: 1_000_000 }),
    );
    expect(first).toMatchObject({
      imported: 2,
      skipped: 0,
      failed: [
        { index: 1, title: 'Broken', message: expect.stringMatching(/no mapping/) },
        { index: 3, title: '', message: expect.stringMatching(/neither/) },
      ],
    });
    const again = await importConversations(
      deps(),
      user.id,
      conversationsOfFile(fileOf(file, 64), { maxBytes: 1_000_000 }),
    );
    expect(again).toMatchObject({ imported: 0, skipped: 2 });
    expect(again.sessionIds).toEqual(first.sessionIds);
    expect(
      await prisma().session.count({ where: { userId: user.id, importKey: 'chatgpt:good-1' } }),
    ).toBe(1);
  });

  it('refuses a conversation past the chats quota with a clear message', async () => {
    const other = await core.createTestUser('quota');
    const conversations = [1, 2, 3].map((n) =>
      chatGptConversation(
        `quota-${n}`,
        `Quota ${n}`,
        [{ id: 'q', parent: null, role: 'user', text: 'hello' }],
        'q',
      ),
    );
    const summary = await importConversations(
      deps({ maxSessionsPerUser: 2 }),
      other.id,
      conversations,
    );
    expect(summary.imported).toBe(2);
    expect(summary.failed).toEqual([
      { index: 2, title: 'Quota 3', message: expect.stringMatching(/MAX_SESSIONS_PER_USER/) },
    ]);
  });

  it('stops at the conversations cap, saying so', async () => {
    const other = await core.createTestUser('cap');
    const conversations = [1, 2, 3].map((n) =>
      chatGptConversation(
        `cap-${n}`,
        `Cap ${n}`,
        [{ id: 'q', parent: null, role: 'user', text: 'hello' }],
        'q',
      ),
    );
    const summary = await importConversations(
      deps({ maxConversations: 2 }),
      other.id,
      conversations,
    );
    expect(summary.imported).toBe(2);
    expect(summary.failed).toEqual([
      { index: 2, title: 'Cap 3', message: expect.stringMatching(/IMPORT_MAX_CONVERSATIONS/) },
    ]);
  });

  it('reads a large file one conversation at a time', async () => {
    const stats: ReaderStats = { peakQueued: 0 };
    let seen = 0;
    for await (const conversation of conversationsOfFile(
      chatGptFileChunks(200, { answerBytes: 500 }),
      {
        maxBytes: 100_000_000,
        stats,
      },
    )) {
      expect(conversation).toHaveProperty('mapping');
      seen += 1;
    }
    expect(seen).toBe(200);
    expect(stats.peakQueued).toBe(1);
  });

  it('refuses files that are not JSON, too large, or cut short', async () => {
    const read = async (text: string, maxBytes = 1_000) => {
      for await (const _ of conversationsOfFile(fileOf(text), { maxBytes })) void _;
    };
    await expect(read('hello')).rejects.toMatchObject({ kind: 'BAD_REQUEST', field: 'file' });
    await expect(read('[{"a":1}')).rejects.toThrow(/ends before/);
    await expect(read(`[${'1,'.repeat(600)}1]`)).rejects.toThrow(/IMPORT_MAX_BYTES/);
    await expect(read('')).rejects.toThrow(/empty/);
  });
});

describe('ChatGPT export zip', () => {
  it('reads conversations.json inside the zip', async () => {
    const other = await core.createTestUser('zip');
    const zip = zipOf({
      'chat.html': '<html></html>',
      'conversations.json': JSON.stringify([branched]),
    });
    async function* chunks() {
      for (let start = 0; start < zip.length; start += 100) yield zip.subarray(start, start + 100);
    }
    const summary = await importConversations(
      deps(),
      other.id,
      conversationsOfFile(chunks(), { maxBytes: 1_000_000 }),
    );
    expect(summary).toMatchObject({ imported: 1, failed: [] });
    const noJson = zipOf({ 'chat.html': '<html></html>' });
    await expect(
      importConversations(deps(), other.id, conversationsOfFile([noJson], { maxBytes: 1_000_000 })),
    ).rejects.toThrow(/no conversations.json/);
  });
});
