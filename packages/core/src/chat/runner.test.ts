import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { createQueryCounter } from '@chatbot/db/testing';
import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import type { ChatEvent, LoggedEvent } from '../realtime/chatEvents';
import type { EventLog } from '../realtime/eventLog';
import { createMemoryLeases } from '../realtime/leases';
import { createSession, DEFAULT_TITLE } from '../sessions/sessions';
import { GenerationRunner, type GenerationObserver } from './runner';
import { sendMessage, type ChatDeps } from './send';

/** Polls wait for work in flight to land; the limit only stops a hung test, it is no deadline. */
const patience = { timeout: 20_000 };

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
    events: () => seen.map(({ event }) => event),
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

/** The text the `message:stream` events of one reply add up to, checking each offset. */
function streamedText(events: ChatEvent[], messageId: string) {
  let text = '';
  for (const event of events) {
    if (event.type !== 'message:stream' || event.messageId !== messageId) continue;
    expect(event.offset).toBe(text.length);
    text += event.delta;
  }
  return text;
}

const watchers: { stop(): void }[] = [];
afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.stop();
});

function depsOf(core: TestCore, generations = core.app.generations): ChatDeps {
  const { app } = core;
  return { prisma: app.database.prisma, generations, events: app.events, bus: app.bus };
}

function runnerOn(core: TestCore, observer?: GenerationObserver) {
  const { app } = core;
  return new GenerationRunner({
    prisma: app.database.prisma,
    models: app.models,
    events: app.events,
    bus: app.bus,
    leases: createMemoryLeases(),
    logger: silentLogger,
    checkpointIntervalMs: 60_000,
    historyTokenBudget: 6_000,
    observer,
  });
}

async function newChat(core: TestCore, title?: string) {
  const user = await core.createTestUser();
  const { app } = core;
  const session = await createSession(
    { prisma: app.database.prisma, models: app.models, events: app.events },
    user.id,
    { title },
  );
  const events = await watch(app.events, session.id);
  watchers.push(events);
  return { user, session, events };
}

describe('a reply from the echo model', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = await openTestCore();
  });
  afterAll(async () => {
    await core?.close();
  });

  it('arrives as new, new, stream…, update, done, and the deltas add up to the stored text', async () => {
    const chat = await newChat(core, 'Titled, so no auto-title');
    const sent = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'Hello there',
    });
    const id = sent.assistantMessage!.id;
    await chat.events.until(ended(id));

    const events = chat.events.events();
    const types = events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['message:new', 'message:new']);
    expect(types.slice(-2)).toEqual(['message:update', 'message:done']);
    expect(types.slice(2, -2).length).toBeGreaterThan(0);
    expect(types.slice(2, -2).every((type) => type === 'message:stream')).toBe(true);

    const stored = await core.app.database.prisma.message.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ status: 'complete', model: 'echo', error: null });
    expect(stored.content).toMatch(/^I am the echo model.*You said: Hello there$/);
    expect(streamedText(events, id)).toBe(stored.content);
    expect(events.at(-2)).toMatchObject({
      type: 'message:update',
      message: { id, status: 'complete', content: stored.content },
    });
    expect(stored.promptTokens).toBeGreaterThan(0);
    expect(stored.completionTokens).toBeGreaterThan(0);
  });

  it('titles an untitled chat from the first words, announced after the reply is done', async () => {
    const chat = await newChat(core);
    expect(chat.session.title).toBe(DEFAULT_TITLE);
    await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'Plan a trip to Lisbon in May, please',
    });
    const update = await chat.events.until((event) => event.type === 'session:update');
    expect(update).toMatchObject({ session: { title: 'Plan a trip to Lisbon in' } });
    const types = chat.events.events().map((event) => event.type);
    expect(types.indexOf('session:update')).toBeGreaterThan(types.indexOf('message:done'));
    const session = await core.app.database.prisma.session.findUniqueOrThrow({
      where: { id: chat.session.id },
    });
    expect(session.title).toBe('Plan a trip to Lisbon in');
  });

  it('leaves a chat with a title of its own as it is', async () => {
    const chat = await newChat(core, 'My title');
    const sent = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'Plan a trip',
    });
    const id = sent.assistantMessage!.id;
    await expect.poll(() => core.app.generations.isRunning(id), patience).toBe(false);
    const session = await core.app.database.prisma.session.findUniqueOrThrow({
      where: { id: chat.session.id },
    });
    expect(session.title).toBe('My title');
    expect(chat.events.events().some((event) => event.type === 'session:update')).toBe(false);
  });

  it('ends with status error, naming the model, when the session model is not configured', async () => {
    const chat = await newChat(core, 'Unknown model');
    await core.app.database.prisma.session.update({
      where: { id: chat.session.id },
      data: { model: 'gone-model' },
    });
    const sent = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'x',
    });
    const id = sent.assistantMessage!.id;
    const error = await chat.events.until(ended(id));
    expect(error).toEqual({
      type: 'message:error',
      messageId: id,
      error: 'The model "gone-model" is not configured on this server',
    });
    expect(
      await core.app.database.prisma.message.findUniqueOrThrow({ where: { id } }),
    ).toMatchObject({
      status: 'error',
      content: '',
      error: 'The model "gone-model" is not configured on this server',
    });
  });

  it('reports to its observer: started, first token, the delta count and the final status', async () => {
    const heard: string[] = [];
    let deltas = 0;
    const runner = runnerOn(core, {
      started: () => heard.push('started'),
      firstToken: (_job, ms) => heard.push(ms >= 0 ? 'firstToken' : 'negative'),
      tokens: (_job, count) => {
        deltas = count;
        heard.push('tokens');
      },
      finished: (_job, status) => heard.push(`finished:${status}`),
    });
    const chat = await newChat(core, 'Observed');
    const sent = await sendMessage(depsOf(core, runner), chat.user.id, {
      sessionId: chat.session.id,
      content: 'one two three',
    });
    await runner.drain(60_000);
    expect(heard).toEqual(['started', 'firstToken', 'tokens', 'finished:complete']);
    const stored = await core.app.database.prisma.message.findUniqueOrThrow({
      where: { id: sent.assistantMessage!.id },
    });
    // The echo model sends one delta per word.
    expect(deltas).toBe(stored.content.split(' ').length);
  });

  it('cancel() of a reply not running here is false, and changes nothing', async () => {
    expect(await core.app.generations.cancel('cnotrunninghere000000000')).toBe(false);
  });
});

describe('a reply from an OpenAI-compatible provider', () => {
  const counter = createQueryCounter();
  let fake: FakeOpenAI;
  let core: TestCore;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    core = await openTestCore(
      { OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'fake-model', CHECKPOINT_INTERVAL_MS: '1000' },
      { wrapAdapter: counter.wrap },
    );
  });
  afterAll(async () => {
    await core?.close();
    await fake?.close();
  });
  afterEach(() => {
    fake.clearQueue();
  });

  it('1,000 tokens over ~5 s cost at most 2 + seconds / checkpoint-interval writes to the reply', async () => {
    const chat = await newChat(core, 'Titled, so no auto-title');
    const tokens = Array.from({ length: 1000 }, (_, index) => `t${index} `);
    fake.enqueue({ chunks: tokens, chunkDelayMs: 5 });
    const since = performance.now();
    const sent = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'count my writes',
    });
    const id = sent.assistantMessage!.id;
    await chat.events.until(ended(id));
    const elapsedMs = performance.now() - since;
    const seconds = elapsedMs / 1000;

    const stored = await core.app.database.prisma.message.findUniqueOrThrow({ where: { id } });
    expect(stored.content).toBe(tokens.join(''));
    expect(streamedText(chat.events.events(), id)).toBe(tokens.join(''));
    // 999 pauses of at least 5 ms: the reply cannot take less, however fast the machine.
    expect(seconds).toBeGreaterThan(4);
    // The user's message is one insert; everything else written to Message is the reply's:
    // its placeholder, a checkpoint per interval while text arrives, and the final write.
    const replyWrites = counter.writesTo('Message', since).length - 1;
    expect(replyWrites).toBeLessThanOrEqual(2 + Math.ceil(seconds / 1));
    // Checkpoints did happen: the reply streamed for more than four intervals.
    expect(replyWrites).toBeGreaterThanOrEqual(3);
    // Many tokens share each event: at most one per frame (16 ms), whatever the pace.
    const streamEvents = chat.events.events().filter((event) => event.type === 'message:stream');
    expect(streamEvents.length).toBeLessThanOrEqual(2 + elapsedMs / 10);
  });

  it('stores the usage the provider reports', async () => {
    const chat = await newChat(core, 'Usage');
    fake.enqueue({ chunks: ['a ', 'b'], usage: { prompt_tokens: 11, completion_tokens: 7 } });
    const sent = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'x',
    });
    const id = sent.assistantMessage!.id;
    await chat.events.until(ended(id));
    expect(
      await core.app.database.prisma.message.findUniqueOrThrow({ where: { id } }),
    ).toMatchObject({ status: 'complete', content: 'a b', promptTokens: 11, completionTokens: 7 });
  });

  it('keeps the partial text with status error when the stream drops mid-way', async () => {
    const chat = await newChat(core, 'Dropped');
    const chunks = Array.from({ length: 10 }, (_, index) => `c${index} `);
    // A pause between chunks lets the first four reach the socket before the drop.
    fake.enqueue({ chunks, chunkDelayMs: 20, dropAfterChunks: 4 });
    const sent = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'x',
    });
    const id = sent.assistantMessage!.id;
    const last = await chat.events.until(ended(id));
    expect(last.type).toBe('message:error');
    const stored = await core.app.database.prisma.message.findUniqueOrThrow({ where: { id } });
    expect(stored.status).toBe('error');
    expect(stored.content).toBe(chunks.slice(0, 4).join(''));
    expect(stored.error).toBeTruthy();
    expect(streamedText(chat.events.events(), id)).toBe(stored.content);
  });

  it('ends with status error after the retries, and the next reply works again', async () => {
    const chat = await newChat(core, 'Failing');
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const failed = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'x',
    });
    const failedId = failed.assistantMessage!.id;
    expect(await chat.events.until(ended(failedId))).toEqual({
      type: 'message:error',
      messageId: failedId,
      error: expect.stringContaining('answered 500'),
    });
    expect(
      await core.app.database.prisma.message.findUniqueOrThrow({ where: { id: failedId } }),
    ).toMatchObject({ status: 'error', content: '', promptTokens: null });

    fake.enqueue({ chunks: ['fine ', 'again'] });
    const next = await sendMessage(depsOf(core), chat.user.id, {
      sessionId: chat.session.id,
      content: 'y',
    });
    const nextId = next.assistantMessage!.id;
    expect(await chat.events.until(ended(nextId))).toEqual({
      type: 'message:done',
      messageId: nextId,
    });
    // The failed reply is left out of the history the model sees.
    expect(fake.requests.at(-1)?.body.messages.map((turn) => turn.content)).toEqual(['x', 'y']);
  });

  it('drain() lets a reply finish within the grace period', async () => {
    const runner = runnerOn(core);
    const chat = await newChat(core, 'Drained');
    fake.enqueue({ chunks: ['all ', 'of ', 'it'], chunkDelayMs: 20 });
    const sent = await sendMessage(depsOf(core, runner), chat.user.id, {
      sessionId: chat.session.id,
      content: 'x',
    });
    await runner.drain(60_000);
    expect(runner.inFlight).toBe(0);
    expect(
      await core.app.database.prisma.message.findUniqueOrThrow({
        where: { id: sent.assistantMessage!.id },
      }),
    ).toMatchObject({ status: 'complete', content: 'all of it' });
  });

  it('drain() stops a reply past the grace period, storing its text as interrupted', async () => {
    const runner = runnerOn(core);
    const chat = await newChat(core, 'Shutdown');
    const chunks = Array.from({ length: 200 }, (_, index) => `w${index} `);
    fake.enqueue({ chunks, chunkDelayMs: 30 });
    const requestsBefore = fake.requests.length;
    const sent = await sendMessage(depsOf(core, runner), chat.user.id, {
      sessionId: chat.session.id,
      content: 'x',
    });
    const id = sent.assistantMessage!.id;
    await chat.events.until((event) => event.type === 'message:stream');
    await runner.drain(0);

    const stored = await core.app.database.prisma.message.findUniqueOrThrow({ where: { id } });
    expect(stored.status).toBe('interrupted');
    expect(stored.error).toBe('The server shut down before the reply finished');
    expect(stored.content.length).toBeGreaterThan(0);
    expect(chunks.join('').startsWith(stored.content)).toBe(true);
    expect(stored.content).not.toBe(chunks.join(''));
    expect(await chat.events.until(ended(id))).toEqual({
      type: 'message:error',
      messageId: id,
      error: 'The server shut down before the reply finished',
    });
    await expect.poll(() => fake.requests[requestsBefore]?.aborted, patience).toBe(true);
  });
});
