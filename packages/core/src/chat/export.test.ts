import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../sessions/groups';
import { createSession, updateSession } from '../sessions/sessions';
import { exportSession } from './export';
import { createMessage, type ChatDeps } from './send';

let core: TestCore;
let deps: ChatDeps;
beforeAll(async () => {
  core = await openTestCore();
  deps = {
    prisma: core.app.database.prisma,
    generations: core.app.generations,
    events: core.app.events,
    bus: core.app.bus,
  };
});
afterAll(async () => {
  await core?.close();
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

const sessionDeps = () => ({ prisma: deps.prisma, models: core.app.models, events: deps.events });

/** A message stored as given at the end of the active path (what a finished reply leaves). */
async function appendStored(
  sessionId: string,
  data: Omit<Parameters<typeof deps.prisma.message.create>[0]['data'], 'session' | 'sessionId'>,
) {
  const session = await deps.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
  const message = await deps.prisma.message.create({
    data: { ...data, sessionId, parentId: session.activeLeafId } as never,
  });
  await deps.prisma.session.update({
    where: { id: sessionId },
    data: { activeLeafId: message.id },
  });
  return message;
}

async function newSession(input: { title?: string; systemPrompt?: string; groupId?: string }) {
  const user = await core.createTestUser();
  const session = await createSession(sessionDeps(), user.id, input);
  return { user, session };
}

describe('exportSession as JSON', () => {
  it('holds the session and every stored field of every message, dates as ISO strings', async () => {
    const user = await core.createTestUser();
    const group = await createGroup(deps.prisma, user.id, 'G');
    const session = await createSession(sessionDeps(), user.id, {
      title: 'Ünïcode ✓ title',
      groupId: group.id,
      systemPrompt: 'Be exact.',
    });
    await updateSession(sessionDeps(), user.id, { id: session.id, isFavorite: true });
    await createMessage(deps, user.id, {
      sessionId: session.id,
      role: 'assistant',
      content: codeAnswer,
    });
    await appendStored(session.id, {
      role: 'assistant',
      content: 'partial',
      status: 'error',
      error: 'provider down',
      model: 'echo',
      promptTokens: 3,
      completionTokens: 1,
      clientId: 'client-side-only',
    });

    const file = await exportSession(deps.prisma, user.id, { id: session.id, format: 'json' });
    expect(file.contentType).toBe('application/json');
    expect(file.filename).toBe(`unicode-title-${session.id}.json`);

    const parsed = JSON.parse(file.content);
    const stored = await deps.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    const messages = await deps.prisma.message.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: 'asc' },
    });
    expect(parsed).toMatchObject({
      format: 'chatbot-ai.session',
      version: 2,
      activeLeafId: messages.at(-1)!.id,
    });
    expect(new Date(parsed.exportedAt).toISOString()).toBe(parsed.exportedAt);
    expect(parsed.session).toEqual({
      id: stored.id,
      title: 'Ünïcode ✓ title',
      model: stored.model,
      provider: 'OPENAI',
      systemPrompt: 'Be exact.',
      isFavorite: true,
      groupId: group.id,
      folderId: group.id,
      lastMessageAt: stored.lastMessageAt.toISOString(),
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
    });
    // Everything stored, minus what only makes sense inside this database (sessionId, clientId).
    expect(parsed.messages).toEqual(
      messages.map((message) => ({
        id: message.id,
        parentId: message.parentId,
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
    expect(parsed.messages[0].content).toBe(codeAnswer);
  });

  it('carries the whole tree: every version with its parentId, and the active leaf', async () => {
    const { user, session } = await newSession({ title: 'Tree' });
    const question = await appendStored(session.id, { role: 'user', content: 'q' });
    const first = await appendStored(session.id, { role: 'assistant', content: 'first' });
    await deps.prisma.session.update({
      where: { id: session.id },
      data: { activeLeafId: question.id },
    });
    const second = await appendStored(session.id, { role: 'assistant', content: 'second' });

    const json = JSON.parse(
      (await exportSession(deps.prisma, user.id, { id: session.id, format: 'json' })).content,
    );
    expect(json.activeLeafId).toBe(second.id);
    expect(
      json.messages.map((m: { id: string; parentId: string | null }) => [m.id, m.parentId]),
    ).toEqual([
      [question.id, null],
      [first.id, question.id],
      [second.id, question.id],
    ]);
    // The transcript is what the user sees: the active path only.
    const { content } = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    expect(content).toContain('\n\nsecond\n');
    expect(content).not.toContain('\n\nfirst\n');
  });

  it('names a file without a usable title after the chat id alone', async () => {
    const { user, session } = await newSession({ title: '✓✓✓' });
    const file = await exportSession(deps.prisma, user.id, { id: session.id, format: 'json' });
    expect(file.filename).toBe(`chat-${session.id}.json`);
  });

  it('caps the title part of the file name at 60 characters', async () => {
    const { user, session } = await newSession({ title: 'word '.repeat(30) });
    const file = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    const stem = file.filename.slice(0, -`-${session.id}.md`.length);
    expect(stem.length).toBeLessThanOrEqual(60);
    expect(stem.startsWith('word-word-word')).toBe(true);
    // Cut at 60 ('word-' x 12), the slug must not end in a hyphen before the id's own.
    expect(stem.endsWith('-')).toBe(false);
  });
});

describe('exportSession as Markdown', () => {
  it('is a readable transcript that keeps code blocks verbatim', async () => {
    const { user, session } = await newSession({
      title: 'Code help',
      systemPrompt: 'You write TypeScript.',
    });
    await createMessage(deps, user.id, {
      sessionId: session.id,
      role: 'assistant',
      content: codeAnswer,
    });
    const file = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    expect(file.contentType).toBe('text/markdown; charset=utf-8');
    expect(file.filename).toBe(`code-help-${session.id}.md`);
    expect(file.content.startsWith('# Code help\n\n- Model: echo\n- Created: ')).toBe(true);
    expect(file.content).toContain('## System prompt\n\nYou write TypeScript.');
    expect(file.content).toMatch(/## Assistant · \d{4}-\d\d-\d\dT[\d:.]+Z\n\n/);
    expect(file.content).toContain(`\n\n${codeAnswer}\n`);
    expect(file.content.endsWith('\n')).toBe(true);
  });

  it('notes the model and an unfinished status, and quotes the error', async () => {
    const { user, session } = await newSession({ title: 'Failures' });
    const failed = await appendStored(session.id, {
      role: 'assistant',
      content: 'partial',
      status: 'error',
      error: 'provider down',
      model: 'echo',
    });
    const file = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    expect(file.content).toContain(
      `## Assistant · ${failed.createdAt.toISOString()} (echo, error)\n\npartial\n\n> Error: provider down\n`,
    );
  });

  it('has no system prompt section when the session has none', async () => {
    const { user, session } = await newSession({ title: 'Plain' });
    const file = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    expect(file.content).not.toContain('## System prompt');
  });

  it('lists the messages in the order they were written', async () => {
    const { user, session } = await newSession({ title: 'Order' });
    for (const content of ['first', 'second', 'third'])
      await createMessage(deps, user.id, { sessionId: session.id, role: 'assistant', content });
    const { content } = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    const positions = ['first', 'second', 'third'].map((text) => content.indexOf(`\n\n${text}\n`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('exportSession as Markdown, with hostile text around the content', () => {
  /** Lines of the file that are the transcript's own structure: headings and list items. */
  const structure = (markdown: string) =>
    markdown.split('\n').filter((line) => /^(#{1,6} |- |> )/.test(line));

  it('keeps a title with newlines on its one heading line, and shows Markdown and HTML as typed', async () => {
    const title =
      'Hi\n# Forged heading\n\n## User · 2020-01-01T00:00:00.000Z\n<img src=x onerror=alert(1)> *bold* [link](https://evil.example)';
    const { user, session } = await newSession({ title });
    const { content } = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    expect(content.split('\n')[0]).toBe(
      '# Hi \\# Forged heading \\#\\# User · 2020-01-01T00:00:00.000Z \\<img src=x onerror=alert\\(1\\)\\> \\*bold\\* \\[link\\]\\(https://evil.example\\)',
    );
    expect(structure(content).filter((line) => line.startsWith('#'))).toHaveLength(1);
    // No `<` that is not escaped: nothing a renderer would take for HTML.
    expect(content).not.toMatch(/(?<!\\)</);
  });

  it('keeps an error message with newlines inside its one quoted line', async () => {
    const { user, session } = await newSession({ title: 'Errors' });
    await appendStored(session.id, {
      role: 'assistant',
      content: 'partial',
      status: 'error',
      error: 'upstream said:\n\n## System prompt\n<script>alert(1)</script>',
    });
    const { content } = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    expect(content).toContain(
      '> Error: upstream said: \\#\\# System prompt \\<script\\>alert\\(1\\)\\</script\\>\n',
    );
    expect(content).not.toContain('## System prompt');
  });

  it('still copies message content verbatim', async () => {
    const { user, session } = await newSession({ title: 'Verbatim' });
    await createMessage(deps, user.id, {
      sessionId: session.id,
      role: 'user',
      content: codeAnswer,
    });
    const { content } = await exportSession(deps.prisma, user.id, { id: session.id, format: 'md' });
    expect(content).toContain(`\n\n${codeAnswer}\n`);
  });
});

describe('exportSession access', () => {
  it("refuses another user's session with NOT_FOUND", async () => {
    const { session } = await newSession({ title: 'Mine' });
    const stranger = await core.createTestUser('stranger');
    await expect(
      exportSession(deps.prisma, stranger.id, { id: session.id, format: 'json' }),
    ).rejects.toMatchObject({ kind: 'NOT_FOUND', field: 'id' });
  });
});
