import {
  createModelCatalog,
  type ChatProvider,
  type GenerateRequest,
  type ProviderEvent,
} from '@chatbot/ai';
import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import type { ChatEvent, LoggedEvent } from '../realtime/chatEvents';
import type { EventLog } from '../realtime/eventLog';
import { createEventQueue } from '../realtime/eventQueue';
import { createMemoryLeases } from '../realtime/leases';
import { createSession } from '../sessions/sessions';
import { deleteMessage, editAndResend, regenerateReply, switchBranch } from './branches';
import { listMessages } from './messages';
import { GenerationRunner } from './runner';
import { cancelReply, createMessage, sendMessage, type ChatDeps } from './send';

interface ScriptedReply {
  request: GenerateRequest;
  write(text: string): void;
  end(): void;
}

/**
 * A model the test drives: each reply streams only the text the test writes into it, so a reply
 * is "still streaming" for exactly as long as the test wants, whatever the machine's speed.
 */
function createScriptedModel() {
  const replies: ScriptedReply[] = [];
  const waiting: ((reply: ScriptedReply) => void)[] = [];
  let taken = 0;
  const provider: ChatProvider = {
    name: 'scripted',
    models: ['scripted'],
    async *stream(request) {
      const queue = createEventQueue<ProviderEvent>(request.signal);
      const reply: ScriptedReply = {
        request,
        write: (text) => queue.push({ type: 'delta', text }),
        end: () => queue.end(),
      };
      replies.push(reply);
      waiting.shift()?.(reply);
      yield* queue;
      request.signal?.throwIfAborted();
    },
    async complete() {
      return { text: 'Scripted title' };
    },
  };
  return {
    catalog: createModelCatalog([provider]),
    /** The next reply the runner asked for, in order of arrival. */
    nextReply(): Promise<ScriptedReply> {
      const index = taken;
      taken += 1;
      const arrived = replies[index];
      return arrived ? Promise.resolve(arrived) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** Every event of a session from now on, and a way to wait for one. */
async function watch(events: EventLog, sessionId: string) {
  const seen: LoggedEvent[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = await events.subscribe(sessionId, (event) => {
    seen.push(event);
    for (const waiter of [...waiters]) waiter();
  });
  return {
    seen,
    types: () => seen.map(({ event }) => event.type),
    until(predicate: (event: ChatEvent) => boolean): Promise<ChatEvent> {
      return new Promise((resolve) => {
        const check = () => {
          const match = seen.find(({ event }) => predicate(event));
          if (!match) return;
          waiters.delete(check);
          resolve(match.event);
        };
        waiters.add(check);
        check();
      });
    },
    stop: unsubscribe,
  };
}

const ended = (messageId: string) => (event: ChatEvent) =>
  (event.type === 'message:done' ||
    event.type === 'message:error' ||
    event.type === 'message:cancelled') &&
  event.messageId === messageId;

/** The reply's text has reached subscribers up to `length` characters. */
const streamedUpTo = (length: number) => (event: ChatEvent) =>
  event.type === 'message:stream' && event.offset + event.delta.length === length;

let core: TestCore;
let scripted: ReturnType<typeof createScriptedModel>;
let runner: GenerationRunner;
let deps: ChatDeps;
const watchers: { stop(): void }[] = [];

/** A runner of the scripted model on the test's database, event log and control bus. */
const runnerOptions = () => ({
  prisma: core.app.database.prisma,
  models: scripted.catalog,
  events: core.app.events,
  bus: core.app.bus,
  leases: createMemoryLeases(),
  logger: silentLogger,
  checkpointIntervalMs: 60_000,
  historyTokenBudget: 6_000,
});

beforeAll(async () => {
  core = await openTestCore();
  scripted = createScriptedModel();
  runner = new GenerationRunner(runnerOptions());
  deps = {
    prisma: core.app.database.prisma,
    generations: runner,
    events: core.app.events,
    bus: core.app.bus,
  };
});
afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.stop();
});
afterAll(async () => {
  await runner?.drain(0);
  await core?.close();
});

async function newChat(title = 'Titled, so no auto-title') {
  const user = await core.createTestUser();
  const session = await createSession(
    { prisma: deps.prisma, models: scripted.catalog, events: deps.events },
    user.id,
    { title },
  );
  const events = await watch(deps.events, session.id);
  watchers.push(events);
  return { user, session, events };
}

/** Send, let the scripted model answer `text`, and wait for the reply to be stored. */
async function exchange(
  chat: Awaited<ReturnType<typeof newChat>>,
  content: string,
  text = `reply to ${content}`,
) {
  const sent = await sendMessage(deps, chat.user.id, { sessionId: chat.session.id, content });
  const reply = await scripted.nextReply();
  reply.write(text);
  reply.end();
  await chat.events.until(ended(sent.assistantMessage!.id));
  return sent;
}

const stored = (sessionId: string) =>
  deps.prisma.message.findMany({ where: { sessionId }, orderBy: { seq: 'asc' } });

describe('sendMessage', () => {
  it('stores the user message and a streaming placeholder and returns before the reply', async () => {
    const chat = await newChat();
    const result = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'Hello there',
    });
    expect(result.userMessage).toMatchObject({
      sessionId: chat.session.id,
      role: 'user',
      content: 'Hello there',
      status: 'complete',
    });
    expect(result.assistantMessage).toMatchObject({
      role: 'assistant',
      content: '',
      status: 'streaming',
      model: 'scripted:scripted', // ids name their provider
    });
    // The model has not said a word yet, and the send has already returned.
    const rows = await stored(chat.session.id);
    expect(rows.map((row) => [row.role, row.status, row.content])).toEqual([
      ['user', 'complete', 'Hello there'],
      ['assistant', 'streaming', ''],
    ]);
    const reply = await scripted.nextReply();
    expect(reply.request.messages.at(-1)).toEqual({ role: 'user', content: 'Hello there' });
    reply.end();
    await chat.events.until(ended(result.assistantMessage!.id));
  });

  it('announces both new messages, then starts the reply', async () => {
    const chat = await newChat();
    const result = await exchange(chat, 'hi', 'hello');
    expect(chat.events.seen.slice(0, 2).map(({ event }) => event)).toEqual([
      { type: 'message:new', message: result.userMessage },
      { type: 'message:new', message: result.assistantMessage },
    ]);
  });

  it('moves the session to the top of the list (lastMessageAt)', async () => {
    const chat = await newChat();
    const result = await exchange(chat, 'hi');
    const session = await deps.prisma.session.findUniqueOrThrow({ where: { id: chat.session.id } });
    expect(session.lastMessageAt.getTime()).toBe(result.assistantMessage!.createdAt.getTime());
  });

  it('refuses a second send while a reply streams with CONFLICT, storing nothing for it', async () => {
    const chat = await newChat();
    const first = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'first',
    });
    const reply = await scripted.nextReply();
    await expect(
      sendMessage(deps, chat.user.id, { sessionId: chat.session.id, content: 'second' }),
    ).rejects.toMatchObject({ name: 'DomainError', kind: 'CONFLICT', field: 'sessionId' });
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(2);
    reply.end();
    await chat.events.until(ended(first.assistantMessage!.id));
    await exchange(chat, 'second, after the reply');
    expect((await stored(chat.session.id)).map((row) => row.content)).toEqual([
      'first',
      '',
      'second, after the reply',
      'reply to second, after the reply',
    ]);
  });

  it('lets only one of two simultaneous sends start a reply', async () => {
    const chat = await newChat();
    const results = await Promise.allSettled([
      sendMessage(deps, chat.user.id, { sessionId: chat.session.id, content: 'a' }),
      sendMessage(deps, chat.user.id, { sessionId: chat.session.id, content: 'b' }),
    ]);
    const rows = await stored(chat.session.id);
    // Finish whatever started before asserting, so a failure here cannot leak into later tests.
    for (const result of results) {
      if (result.status !== 'fulfilled') continue;
      (await scripted.nextReply()).end();
      await chat.events.until(ended(result.value.assistantMessage!.id));
    }
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toMatchObject({ kind: 'CONFLICT', field: 'sessionId' });
    expect(rows.map((row) => row.role)).toEqual(['user', 'assistant']);
  });

  it('returns the first result for a repeated clientId, even while its reply streams', async () => {
    const chat = await newChat();
    const input = { sessionId: chat.session.id, content: 'once', clientId: 'tab-1:42' };
    const first = await sendMessage(deps, chat.user.id, input);
    const reply = await scripted.nextReply();
    const retry = await sendMessage(deps, chat.user.id, input);
    expect(retry).toEqual(first);
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(2);
    reply.end();
    await chat.events.until(ended(first.assistantMessage!.id));
    // Only the first call announced anything.
    expect(chat.events.types().filter((type) => type === 'message:new')).toHaveLength(2);
  });

  it('stores one message for two simultaneous sends with the same clientId', async () => {
    const chat = await newChat();
    const input = { sessionId: chat.session.id, content: 'once', clientId: 'retry-race' };
    const [a, b] = await Promise.all([
      sendMessage(deps, chat.user.id, input),
      sendMessage(deps, chat.user.id, input),
    ]);
    expect(a.userMessage.id).toBe(b.userMessage.id);
    expect(a.assistantMessage?.id).toBe(b.assistantMessage?.id);
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(2);
    (await scripted.nextReply()).end();
    await chat.events.until(ended(a.assistantMessage!.id));
  });

  it("refuses another user's session with NOT_FOUND, as if it did not exist", async () => {
    const chat = await newChat();
    const stranger = await core.createTestUser('stranger');
    await expect(
      sendMessage(deps, stranger.id, { sessionId: chat.session.id, content: 'x' }),
    ).rejects.toMatchObject({ kind: 'NOT_FOUND', field: 'sessionId' });
    await expect(
      sendMessage(deps, stranger.id, { sessionId: 'cnotthereatall0000000000', content: 'x' }),
    ).rejects.toMatchObject({ kind: 'NOT_FOUND', field: 'sessionId' });
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(0);
  });

  it('sends the system prompt and the earlier turns to the model', async () => {
    const chat = await newChat();
    await deps.prisma.session.update({
      where: { id: chat.session.id },
      data: { systemPrompt: 'Be exact.' },
    });
    await exchange(chat, 'first', 'one');
    const sent = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'second',
    });
    const reply = await scripted.nextReply();
    expect(reply.request.messages).toEqual([
      { role: 'system', content: 'Be exact.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'one' },
      { role: 'user', content: 'second' },
    ]);
    reply.end();
    await chat.events.until(ended(sent.assistantMessage!.id));
  });
});

describe('createMessage', () => {
  it('stores an assistant message as given, complete, without a reply', async () => {
    const chat = await newChat();
    const message = await createMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      role: 'assistant',
      content: 'Imported answer',
    });
    expect(message).toMatchObject({ role: 'assistant', status: 'complete' });
    await chat.events.until((event) => event.type === 'message:new');
    expect(chat.events.seen.map(({ event }) => event)).toEqual([{ type: 'message:new', message }]);
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(1);
  });

  it('with role user sends it: the user message is returned and a reply starts', async () => {
    const chat = await newChat();
    const message = await createMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      role: 'user',
      content: 'question',
    });
    expect(message).toMatchObject({ role: 'user', content: 'question' });
    (await scripted.nextReply()).end();
    await chat.events.until((event) => event.type === 'message:done');
    expect((await stored(chat.session.id)).map((row) => row.role)).toEqual(['user', 'assistant']);
  });

  it('refuses an assistant message while a reply streams', async () => {
    const chat = await newChat();
    const sent = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'x',
    });
    const reply = await scripted.nextReply();
    await expect(
      createMessage(deps, chat.user.id, {
        sessionId: chat.session.id,
        role: 'assistant',
        content: 'y',
      }),
    ).rejects.toMatchObject({ kind: 'CONFLICT', field: 'sessionId' });
    reply.end();
    await chat.events.until(ended(sent.assistantMessage!.id));
  });
});

describe('cancelReply', () => {
  it('stops the reply, keeping exactly the text streamed so far, with status cancelled', async () => {
    const chat = await newChat();
    const sent = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'stop me',
    });
    const id = sent.assistantMessage!.id;
    const reply = await scripted.nextReply();
    reply.write('Partial ');
    reply.write('answer');
    await chat.events.until(streamedUpTo('Partial answer'.length));
    const cancelled = await cancelReply(deps, chat.user.id, id);
    expect(cancelled).toMatchObject({ id, status: 'cancelled', content: 'Partial answer' });
    expect(reply.request.signal?.aborted).toBe(true);
    expect(await deps.prisma.message.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'cancelled',
      content: 'Partial answer',
      error: null,
    });
    await chat.events.until(ended(id));
    expect(chat.events.types().slice(-2)).toEqual(['message:update', 'message:cancelled']);
  });

  it('returns a reply that already ended unchanged', async () => {
    const chat = await newChat();
    const sent = await exchange(chat, 'q', 'finished');
    const id = sent.assistantMessage!.id;
    const again = await cancelReply(deps, chat.user.id, id);
    expect(again).toMatchObject({ status: 'complete', content: 'finished' });
  });

  it('reaches a reply running on another instance through the control bus', async () => {
    const chat = await newChat();
    const sent = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'elsewhere',
    });
    const id = sent.assistantMessage!.id;
    const reply = await scripted.nextReply();
    reply.write('so far');
    await chat.events.until(streamedUpTo('so far'.length));
    // This instance runs nothing; the reply runs on `runner`, listening on the same bus.
    const idle = new GenerationRunner(runnerOptions());
    try {
      const cancelled = await cancelReply({ ...deps, generations: idle }, chat.user.id, id);
      expect(cancelled).toMatchObject({ status: 'cancelled', content: 'so far' });
    } finally {
      await idle.drain(0);
    }
  });

  it('refuses a user message with BAD_REQUEST and a stranger with NOT_FOUND', async () => {
    const chat = await newChat();
    const sent = await exchange(chat, 'q');
    await expect(cancelReply(deps, chat.user.id, sent.userMessage.id)).rejects.toMatchObject({
      kind: 'BAD_REQUEST',
      field: 'messageId',
    });
    const stranger = await core.createTestUser('stranger');
    await expect(cancelReply(deps, stranger.id, sent.assistantMessage!.id)).rejects.toMatchObject({
      kind: 'NOT_FOUND',
      field: 'messageId',
    });
  });
});

/** The active path's messages as [content, versions] (what a client draws). */
async function path(chat: Awaited<ReturnType<typeof newChat>>) {
  const page = await listMessages(deps.prisma, chat.user.id, {
    sessionId: chat.session.id,
    limit: 50,
  });
  return page.items.map((item) => [item.content, item.siblingIds.length]);
}

/** Answer the next reply the runner asks for with `text`, and wait for it to be stored. */
async function answer(chat: Awaited<ReturnType<typeof newChat>>, replyId: string, text: string) {
  const reply = await scripted.nextReply();
  reply.write(text);
  reply.end();
  await chat.events.until(ended(replyId));
  return reply;
}

describe('regenerateReply', () => {
  it('adds a new version of the reply, makes it active and keeps the old one', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'question', 'first answer');
    const firstReplyId = first.assistantMessage!.id;
    const before = chat.events.seen.length;

    const placeholder = await regenerateReply(deps, chat.user.id, firstReplyId);
    expect(placeholder).toMatchObject({
      role: 'assistant',
      status: 'streaming',
      content: '',
      parentId: first.userMessage.id,
    });
    const reply = await answer(chat, placeholder.id, 'another answer');
    expect(reply.request.messages).toEqual([{ role: 'user', content: 'question' }]);

    const events = chat.events.seen.slice(before).map(({ event }) => event);
    expect(events.slice(0, 2)).toEqual([
      { type: 'message:new', message: placeholder },
      { type: 'session:branch', leafId: placeholder.id },
    ]);
    expect(events.some((event) => event.type === 'message:delete')).toBe(false);
    expect((await stored(chat.session.id)).map((row) => [row.id, row.content])).toEqual([
      [first.userMessage.id, 'question'],
      [firstReplyId, 'first answer'],
      [placeholder.id, 'another answer'],
    ]);
    expect(await path(chat)).toEqual([
      ['question', 1],
      ['another answer', 2],
    ]);
  });

  it('regenerating an earlier reply starts a branch there: later turns stay on the old one', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q1', 'a1');
    await exchange(chat, 'q2', 'a2');
    const placeholder = await regenerateReply(deps, chat.user.id, first.assistantMessage!.id);
    const reply = await answer(chat, placeholder.id, 'a1 again');
    expect(reply.request.messages).toEqual([{ role: 'user', content: 'q1' }]);
    expect(await path(chat)).toEqual([
      ['q1', 1],
      ['a1 again', 2],
    ]);
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(5);

    // The next send continues the active branch, and the model sees only that branch.
    const next = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'q3',
    });
    const third = await answer(chat, next.assistantMessage!.id, 'a3');
    expect(third.request.messages).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1 again' },
      { role: 'user', content: 'q3' },
    ]);
    expect(next.userMessage.parentId).toBe(placeholder.id);
  });

  it('refuses a user message with BAD_REQUEST and a reply in progress with CONFLICT', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q1');
    await expect(regenerateReply(deps, chat.user.id, first.userMessage.id)).rejects.toMatchObject({
      kind: 'BAD_REQUEST',
      field: 'messageId',
    });
    const second = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'q2',
    });
    const reply = await scripted.nextReply();
    await expect(
      regenerateReply(deps, chat.user.id, first.assistantMessage!.id),
    ).rejects.toMatchObject({ kind: 'CONFLICT', field: 'sessionId' });
    reply.end();
    await chat.events.until(ended(second.assistantMessage!.id));
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(4);
  });

  it("refuses another user's reply with NOT_FOUND", async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q');
    const stranger = await core.createTestUser('stranger');
    await expect(
      regenerateReply(deps, stranger.id, first.assistantMessage!.id),
    ).rejects.toMatchObject({ kind: 'NOT_FOUND', field: 'messageId' });
  });
});

describe('editAndResend', () => {
  it('adds a new version of the user message with its own reply; the old branch stays', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'first question', 'a1');
    await exchange(chat, 'second question', 'a2');
    const before = chat.events.seen.length;

    const placeholder = await editAndResend(deps, chat.user.id, {
      messageId: first.userMessage.id,
      content: 'edited question',
    });
    const reply = await answer(chat, placeholder.id, 'new answer');
    expect(reply.request.messages).toEqual([{ role: 'user', content: 'edited question' }]);

    const events = chat.events.seen.slice(before).map(({ event }) => event);
    expect(events[0]).toMatchObject({
      type: 'message:new',
      message: { role: 'user', content: 'edited question', parentId: null },
    });
    expect(events[1]).toEqual({ type: 'message:new', message: placeholder });
    expect(events[2]).toEqual({ type: 'session:branch', leafId: placeholder.id });
    expect(events.some((event) => event.type === 'message:delete')).toBe(false);
    expect((await stored(chat.session.id)).map((row) => row.content)).toEqual([
      'first question',
      'a1',
      'second question',
      'a2',
      'edited question',
      'new answer',
    ]);
    expect(await path(chat)).toEqual([
      ['edited question', 2],
      ['new answer', 1],
    ]);
  });

  it('refuses an assistant reply with BAD_REQUEST, changing nothing', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q', 'a');
    await expect(
      editAndResend(deps, chat.user.id, { messageId: first.assistantMessage!.id, content: 'x' }),
    ).rejects.toMatchObject({ kind: 'BAD_REQUEST', field: 'messageId' });
    expect((await stored(chat.session.id)).map((row) => row.content)).toEqual(['q', 'a']);
  });

  it('refuses while a reply streams with CONFLICT, leaving the message as it was', async () => {
    const chat = await newChat();
    const sent = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'original',
    });
    const reply = await scripted.nextReply();
    await expect(
      editAndResend(deps, chat.user.id, { messageId: sent.userMessage.id, content: 'edited' }),
    ).rejects.toMatchObject({ kind: 'CONFLICT', field: 'sessionId' });
    reply.end();
    await chat.events.until(ended(sent.assistantMessage!.id));
    expect((await stored(chat.session.id))[0]?.content).toBe('original');
  });
});

describe('switchBranch', () => {
  it('shows the branch through a message, continuing to its newest leaf, and tells subscribers', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q1', 'a1');
    const second = await exchange(chat, 'q2', 'a2');
    const edited = await editAndResend(deps, chat.user.id, {
      messageId: first.userMessage.id,
      content: 'q1 edited',
    });
    await answer(chat, edited.id, 'a1 edited');
    const before = chat.events.seen.length;

    // Back to the first version of q1: its branch continues to a2, the newest leaf below it.
    expect(await switchBranch(deps, chat.user.id, first.userMessage.id)).toEqual({
      leafId: second.assistantMessage!.id,
    });
    expect(chat.events.seen.slice(before).map(({ event }) => event)).toEqual([
      { type: 'session:branch', leafId: second.assistantMessage!.id },
    ]);
    expect(await path(chat)).toEqual([
      ['q1', 2],
      ['a1', 1],
      ['q2', 1],
      ['a2', 1],
    ]);

    // Already there: nothing changes and nothing is announced.
    const after = chat.events.seen.length;
    await switchBranch(deps, chat.user.id, second.userMessage.id);
    expect(chat.events.seen.length).toBe(after);

    // The model receives the active path only.
    const next = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'q3',
    });
    const reply = await answer(chat, next.assistantMessage!.id, 'a3');
    expect(reply.request.messages.map((turn) => turn.content)).toEqual([
      'q1',
      'a1',
      'q2',
      'a2',
      'q3',
    ]);
  });

  it('refuses while a reply streams with CONFLICT, and a stranger with NOT_FOUND', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q1', 'a1');
    const sent = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'q2',
    });
    const reply = await scripted.nextReply();
    await expect(switchBranch(deps, chat.user.id, first.userMessage.id)).rejects.toMatchObject({
      kind: 'CONFLICT',
    });
    reply.end();
    await chat.events.until(ended(sent.assistantMessage!.id));
    const stranger = await core.createTestUser('stranger');
    await expect(switchBranch(deps, stranger.id, first.userMessage.id)).rejects.toMatchObject({
      kind: 'NOT_FOUND',
      field: 'messageId',
    });
  });
});

describe('deleteMessage', () => {
  it('deletes the subtree; the path ends at the newest leaf left under the parent', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q1', 'a1');
    const second = await exchange(chat, 'q2', 'a2');
    const regenerated = await regenerateReply(deps, chat.user.id, first.assistantMessage!.id);
    await answer(chat, regenerated.id, 'a1 again');
    await switchBranch(deps, chat.user.id, first.assistantMessage!.id);
    const before = chat.events.seen.length;

    // a1 and everything below it go; the other version of the reply becomes the path's end.
    const result = await deleteMessage(deps, chat.user.id, first.assistantMessage!.id);
    expect(new Set(result.deletedIds)).toEqual(
      new Set([first.assistantMessage!.id, second.userMessage.id, second.assistantMessage!.id]),
    );
    expect(result.leafId).toBe(regenerated.id);
    expect(chat.events.seen.slice(before).map(({ event }) => event.type)).toEqual([
      'message:delete',
      'session:branch',
    ]);
    expect(await path(chat)).toEqual([
      ['q1', 1],
      ['a1 again', 1],
    ]);

    // The last one left: the path is empty.
    expect(await deleteMessage(deps, chat.user.id, first.userMessage.id)).toMatchObject({
      leafId: null,
    });
    expect(await path(chat)).toEqual([]);
    expect(await stored(chat.session.id)).toEqual([]);
  });

  it('refuses a stranger with NOT_FOUND and a streaming session with CONFLICT', async () => {
    const chat = await newChat();
    const first = await exchange(chat, 'q1', 'a1');
    const stranger = await core.createTestUser('stranger');
    await expect(deleteMessage(deps, stranger.id, first.userMessage.id)).rejects.toMatchObject({
      kind: 'NOT_FOUND',
      field: 'messageId',
    });
    const sent = await sendMessage(deps, chat.user.id, {
      sessionId: chat.session.id,
      content: 'q2',
    });
    const reply = await scripted.nextReply();
    await expect(deleteMessage(deps, chat.user.id, first.userMessage.id)).rejects.toMatchObject({
      kind: 'CONFLICT',
    });
    reply.end();
    await chat.events.until(ended(sent.assistantMessage!.id));
    expect(await deps.prisma.message.count({ where: { sessionId: chat.session.id } })).toBe(4);
  });
});
