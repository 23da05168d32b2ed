import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const codeAnswer = [
  'Here is the function:',
  '',
  '```ts',
  'export function add(a: number, b: number) {',
  '  return a + b; // `sum` with *stars* and <tags>',
  '}',
  '```',
  '',
  '    indented code stays too',
  '',
  '## Not a heading of the transcript',
].join('\n');

describe('sessions.export', () => {
  it('JSON round-trips the session and every message field', async () => {
    const { client, userId } = await t.signUp();
    const group = await client.groups.create.mutate({ name: 'G' });
    const session = await client.sessions.create.mutate({
      title: 'Ünïcode ✓ title',
      groupId: group.id,
      systemPrompt: 'Be exact.',
    });
    await client.sessions.setFavorite.mutate({ id: session.id, isFavorite: true });
    await client.messages.create.mutate({
      sessionId: session.id,
      role: 'assistant',
      content: codeAnswer,
    });
    await t.database.prisma.message.create({
      data: {
        sessionId: session.id,
        role: 'assistant',
        content: 'partial',
        status: 'error',
        error: 'provider down',
        model: 'echo',
        promptTokens: 3,
        completionTokens: 1,
      },
    });

    const file = await client.sessions.export.query({ id: session.id, format: 'json' });
    expect(file.contentType).toBe('application/json');
    expect(file.filename).toMatch(new RegExp(`^unicode-title-${session.id}\\.json$`));
    const parsed = JSON.parse(file.content);
    const stored = await t.database.prisma.session.findFirstOrThrow({
      where: { id: session.id, userId },
    });
    const messages = await t.database.prisma.message.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: 'asc' },
    });

    expect(parsed).toMatchObject({ format: 'chatbot-ai.session', version: 1 });
    expect(parsed.session).toEqual({
      id: stored.id,
      title: stored.title,
      model: stored.model,
      systemPrompt: stored.systemPrompt,
      isFavorite: true,
      groupId: group.id,
      lastMessageAt: stored.lastMessageAt.toISOString(),
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
    });
    expect(parsed.messages).toEqual(
      messages.map((message) => ({
        id: message.id,
        role: message.role,
        content: message.content,
        status: message.status,
        model: message.model,
        error: message.error,
        promptTokens: message.promptTokens,
        completionTokens: message.completionTokens,
        createdAt: message.createdAt.toISOString(),
        updatedAt: message.updatedAt.toISOString(),
      })),
    );
  });

  it('Markdown is a readable transcript that keeps code blocks verbatim', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate({
      title: 'Code help',
      systemPrompt: 'You write TypeScript.',
    });
    await client.messages.create.mutate({
      sessionId: session.id,
      role: 'assistant',
      content: codeAnswer,
    });
    const file = await client.sessions.export.query({ id: session.id, format: 'md' });
    expect(file.contentType).toBe('text/markdown; charset=utf-8');
    expect(file.filename).toBe(`code-help-${session.id}.md`);
    expect(file.content.startsWith('# Code help\n\n- Model: echo\n- Created: ')).toBe(true);
    expect(file.content).toContain('## System prompt\n\nYou write TypeScript.');
    expect(file.content).toMatch(/## Assistant · \d{4}-\d\d-\d\dT[\d:.]+Z\n\n/);
    expect(file.content).toContain(`\n\n${codeAnswer}\n`);
  });
});
